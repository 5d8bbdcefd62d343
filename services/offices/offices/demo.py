"""Demo data for the Kympin työllisyysalue (`alue run`), loaded idempotently.

From the organisation plan (§4, DOMAIN.md §4): service close to the customer in all ten
members, likely as 4 offices + 6 local service points, and the TE office's leased premises
in Alajärvi, Kauhava and Ähtäri taken over within their notice periods. Not in the plan,
so chosen openly and said so in each record's note: which four towns hold the offices (the
placement model's p-median over the members' recent population, road distances estimated
from the centre coordinates), the street addresses (none is known: the town centre), the hours
and the lease terms (estimates). The members' codes, names and centre coordinates are read
from the areas service's demo file (this package does not import that service).
"""

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from offices.demo_distances import load_distance_demo
from offices.models import Lease, Office, OfficeHours
from offices.rules.distances import estimate_leg
from offices.rules.placement import solve_p_median
from offices.vocabulary import KNOWN_SERVICE_LINES, OfficeKind, OfficeStatus

AREA_ID = "kymppi"
MUNICIPALITIES_CSV = (
    Path(__file__).parents[2] / "areas" / "areas" / "demo" / "kymppi_municipalities.csv"
)
OFFICE_COUNT = 4
OPENED_ON = dt.date(2025, 1, 1)
# Posti's postal codes of the members' centres (the address is the town centre).
CENTRE_POSTAL_CODES = {
    "005": "62900",
    "010": "63300",
    "052": "62500",
    "233": "62200",
    "300": "63100",
    "403": "62600",
    "408": "62100",
    "759": "63800",
    "934": "62800",
    "989": "63700",
}
# Plan §4: the TE office's leased premises taken over within their notice periods.
LEASED = ("005", "233", "989")
LOCAL_POINT_SERVICES = ("job_matching", "multi_sectoral_services", "youth")
PLACE_NOTE = (
    "Demo. The plan (section 4) gives 4 offices and 6 local service points, one in each "
    "member, but not which towns hold the offices: chosen here by the placement model "
    "(POST /v1/placement: the exact p-median, k = 4, over the members' recent population in "
    "kymppi_municipalities.csv, road distances estimated from the centre coordinates). No "
    "source gives the street address: the place is the town centre "
    "(its approximate coordinates from that file, the centre's postal code). Hours and "
    "services offered are assumptions."
)
LEASE_NOTE = (
    "ESTIMATE. The plan (section 4) says the TE office's leased premises in Alajärvi, "
    "Kauhava and Ähtäri are taken over within their current notice periods; no source gives "
    "the terms. Assumed: until further notice from 1.1.2025, the tenant's 6 months' notice "
    "(3-6 months is commonly agreed, DOMAIN.md section 4), a rent of 14.00 euros per square "
    "metre a month and the floor area stated."
)
RENT_PER_M2 = Decimal("14.00")
LEASE_AREA_M2 = {"005": Decimal("220.0"), "233": Decimal("300.0"), "989": Decimal("160.0")}
OFFICE_HOURS = [{"weekday": day, "opens": "09:00", "closes": "15:00"} for day in range(1, 6)]
LOCAL_POINT_HOURS = [{"weekday": day, "opens": "09:00", "closes": "14:00"} for day in (2, 4)]
# Christmas Eve and Midsummer Eve 2026, closed.
EXCEPTIONS = [{"date": "2026-06-19", "closed": True}, {"date": "2026-12-24", "closed": True}]


def members() -> list[dict[str, str]]:
    with MUNICIPALITIES_CSV.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def office_towns(rows: list[dict[str, str]]) -> set[str]:
    """The four members the placement model opens: the p-median over the members' recent
    population, each pair's road distance estimated from the centre coordinates."""
    centres = {row["code"]: (float(row["lat"]), float(row["lon"])) for row in rows}
    demand = {row["code"]: float(row["population_recent"]) for row in rows}

    def road_km(origin: str, place: str) -> float:
        return 0.0 if origin == place else estimate_leg(centres[origin], centres[place]).km

    return set(solve_p_median(demand, sorted(centres), OFFICE_COUNT, road_km).open)


def demo_places() -> list[dict[str, Any]]:
    rows = members()
    offices = office_towns(rows)
    places = []
    for row in rows:
        code, town = row["code"], row["name_fi"]
        is_office = code in offices
        kind = OfficeKind.office if is_office else OfficeKind.local_service_point
        label = "työllisyyspalvelut" if is_office else "lähipalvelupiste"
        name = {"fi": f"{town}, {label}"}
        if row["name_sv"] and row["name_sv"] != town:
            name["sv"] = (
                f"{row['name_sv']}, {'sysselsättningstjänster' if is_office else 'närservicepunkt'}"
            )
        places.append(
            {
                "kind": kind.value,
                "name": name,
                "municipality_code": code,
                "street": "Keskusta",
                "postal_code": CENTRE_POSTAL_CODES[code],
                "post_office": town,
                "lat": float(row["lat"]),
                "lon": float(row["lon"]),
                "status": OfficeStatus.open.value,
                "services": list(KNOWN_SERVICE_LINES if is_office else LOCAL_POINT_SERVICES),
                "opened_on": OPENED_ON,
                "note": PLACE_NOTE,
            }
        )
    return places


async def load_demo_data(session: AsyncSession) -> int:
    """Kymppi's ten places of service, their hours and the three leases, and the members'
    estimated distances; what exists stays (a place is known by its municipality and kind)."""
    await load_distance_demo(session)
    existing = {
        (row.municipality_code, row.kind): row.id
        for row in (
            await session.execute(
                select(Office.id, Office.municipality_code, Office.kind).where(
                    Office.area_id == AREA_ID
                )
            )
        ).all()
    }
    loaded = 0
    for place in demo_places():
        if (place["municipality_code"], place["kind"]) in existing:
            continue
        office = Office(area_id=AREA_ID, **place)
        session.add(office)
        await session.flush()
        is_office = place["kind"] == OfficeKind.office.value
        session.add(
            OfficeHours(
                office_id=office.id,
                weekly=OFFICE_HOURS if is_office else LOCAL_POINT_HOURS,
                exceptions=EXCEPTIONS,
            )
        )
        if place["municipality_code"] in LEASED:
            session.add(_lease(office))
        loaded += 1
    await session.flush()
    return loaded


def _lease(office: Office) -> Lease:
    area = LEASE_AREA_M2[office.municipality_code]
    return Lease(
        area_id=AREA_ID,
        office_id=office.id,
        landlord="Not known (the TE office's lease)",
        start_date=OPENED_ON,
        end_date=None,
        tenant_notice_months=6,
        rent_eur_month=(area * RENT_PER_M2).quantize(Decimal("0.01")),
        area_m2=area,
        indexation="Not known; commonly the cost-of-living index (elinkustannusindeksi)",
        note=LEASE_NOTE,
    )

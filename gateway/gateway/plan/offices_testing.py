"""An offices service for the plan's tests, behind `httpx.MockTransport`, in the contract's JSON.

It answers as the README's sections "The offices service" and "Distances, accessibility and
placement" show, for Kymppi with the members of the areas stand-in (Alajärvi 005, Alavus
010, Kauhava 233): offices in Alajärvi and Kauhava (Mon-Fri 9-15, closed on Midsummer Eve
and Christmas Eve 2025), a local service point in Alavus opening on 1 January 2026 (Tue and
Thu 9-14) and a planned mobile unit without a place. Alajärvi's premises are leased until
further notice with 6 months' notice (terms marked ESTIMATE, as the demo's), Kauhava's for
a fixed term to 31 March 2027 without a right to give notice. The upcoming deadlines follow
the contract's rules (each running lease's next 31 December whose notice day has not
passed, or a term's last day) counted from `today`; the accessibility of the places open
on `on`, with the distances below (estimated, marked) and 9,000 residents a member, as the
areas stand-in's profile says. Another area has nothing recorded: empty pages, no leases,
no place open. Every request is recorded, and any path can be made to fail or to take its
time.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
from typing import Any

import httpx

AREA = "kymppi"
POPULATION = 9_000.0  # each member's, as the areas stand-in's profile gives it
ESTIMATE_SOURCE = (
    "Estimate: no road distances in the reference data; from the town-centre coordinates "
    "of kymppi_municipalities.csv (approximate)"
)
METHOD = "great-circle distance (haversine, R = 6371.0088 km) x road factor 1.3; minutes at 70 km/h"
ESTIMATE = {"method": METHOD, "earth_radius_km": 6371.0088, "road_factor": 1.3, "speed_kmh": 70.0}
# Estimated legs between the members, both ways: (km, minutes).
LEGS = {("005", "010"): (53.4, 45.8), ("005", "233"): (51.5, 44.1), ("010", "233"): (71.0, 60.9)}
THRESHOLD_KM, THRESHOLD_MINUTES = 30.0, 30.0
OFFICE_HOURS = [{"weekday": d, "opens": "09:00", "closes": "15:00"} for d in range(1, 6)]
POINT_HOURS = [{"weekday": d, "opens": "09:00", "closes": "14:00"} for d in (2, 4)]
EXCEPTIONS = [
    {"date": "2025-06-20", "closed": True, "opens": None, "closes": None},
    {"date": "2025-12-24", "closed": True, "opens": None, "closes": None},
]
LEASE_NOTE = "ESTIMATE. No source gives the terms: 6 months' notice assumed."
_AREA_PATH = re.compile(r"^/v1/areas/([a-z0-9-]+)/(.+)$")
_STAMP = "2025-01-01T00:00:00Z"


def office(
    office_id: int,
    kind: str,
    name: str,
    code: str,
    place: tuple[str, str, str, float, float] | None,
    *,
    status: str = "open",
    services: list[str],
    opened_on: str | None = "2025-01-01",
) -> dict[str, Any]:
    """One office as `GET .../offices` lists it; `place` is (street, postal code, post
    office, lat, lon), none for a mobile or online one."""
    address = None
    if place is not None:
        address = {"street": place[0], "postal_code": place[1], "post_office": place[2]}
    return {
        "id": office_id,
        "area_id": AREA,
        "kind": kind,
        "name": {"fi": name, "sv": None, "en": None},
        "municipality_code": code,
        "address": address,
        "lat": place[3] if place else None,
        "lon": place[4] if place else None,
        "status": status,
        "services": services,
        "accessibility_notes": None,
        "ptv_id": None,
        "opened_on": opened_on,
        "closed_on": None,
        "note": "Demo.",
        "created_at": _STAMP,
        "updated_at": _STAMP,
    }


def offices() -> list[dict[str, Any]]:
    main = ["job_matching", "multi_sectoral_services", "competence_services", "employer_services"]
    return [
        office(
            1,
            "office",
            "Kympin työllisyyspalvelut Alajärvi",
            "005",
            ("Kauppatie 1", "62900", "Alajärvi", 63.0, 23.817),
            services=main,
        ),
        office(
            2,
            "office",
            "Kympin työllisyyspalvelut Kauhava",
            "233",
            ("Kauppatie 2", "62200", "Kauhava", 63.1, 23.07),
            services=main,
        ),
        office(
            3,
            "local_service_point",
            "Alavuden lähipalvelupiste",
            "010",
            ("Kauppatie 3", "63300", "Alavus", 62.5917, 23.617),
            services=["job_matching", "youth"],
            opened_on="2026-01-01",
        ),
        office(
            4,
            "mobile",
            "Kympin palvelubussi",
            "233",
            None,
            status="planned",
            services=["job_matching"],
            opened_on=None,
        ),
    ]


def hours(office_id: int) -> dict[str, Any]:
    weekly = {1: OFFICE_HOURS, 2: OFFICE_HOURS, 3: POINT_HOURS}.get(office_id, [])
    exceptions = EXCEPTIONS if office_id in (1, 2) else []
    return {"office_id": office_id, "weekly": weekly, "exceptions": exceptions}


def leases(office_id: int) -> list[dict[str, Any]]:
    """Alajärvi's lease until further notice, Kauhava's fixed term."""
    if office_id == 1:
        return [
            {"id": 1, "office_id": 1, "area_id": AREA, "landlord": "Alajärven kaupunki"}
            | {"start_date": "2025-01-01", "end_date": None, "lease_type": "until_further_notice"}
            | {"tenant_notice_months": 6, "notice_months": 6, "rent_eur_month": "3080.00"}
            | {"area_m2": 220.0, "indexation": "Elinkustannusindeksi", "note": LEASE_NOTE}
            | {"created_at": _STAMP, "updated_at": _STAMP}
        ]
    if office_id == 2:
        return [
            {"id": 2, "office_id": 2, "area_id": AREA, "landlord": "Kiinteistö Oy Kauhavan Tori"}
            | {"start_date": "2024-04-01", "end_date": "2027-03-31", "lease_type": "fixed_term"}
            | {"tenant_notice_months": None, "notice_months": None, "rent_eur_month": "4200.50"}
            | {"area_m2": 300.0, "indexation": None, "note": None}
            | {"created_at": _STAMP, "updated_at": _STAMP}
        ]
    return []


def upcoming(today: dt.date, within_days: int) -> dict[str, Any]:
    """The contract's deadlines: a lease until further notice, its next 31 December whose
    notice day (6 months before: 30 June) has not passed; a fixed term, its last day."""
    items = []
    names = {o["id"]: o["name"]["fi"] for o in offices()}
    codes = {o["id"]: o["municipality_code"] for o in offices()}
    for office_id in (1, 2):
        for lease in leases(office_id):
            if lease["end_date"] is None:
                year = today.year if today <= dt.date(today.year, 6, 30) else today.year + 1
                end_by = ends_on = dt.date(year, 12, 31)
                deadline = dt.date(year, 6, 30)
                notice_by: dt.date | None = deadline
            else:
                end_by = ends_on = deadline = dt.date.fromisoformat(lease["end_date"])
                notice_by = None
            if not 0 <= (deadline - today).days <= within_days:
                continue
            items.append(
                {"lease_id": lease["id"], "office_id": office_id}
                | {"office_name_fi": names[office_id], "municipality_code": codes[office_id]}
                | {"landlord": lease["landlord"], "lease_type": lease["lease_type"]}
                | {"notice_applies": notice_by is not None}
                | {
                    "notice_months": lease["notice_months"],
                    "rent_eur_month": lease["rent_eur_month"],
                }
                | {"end_by": end_by.isoformat(), "notice_by": notice_by and notice_by.isoformat()}
                | {"ends_on": ends_on.isoformat(), "deadline": deadline.isoformat()}
                | {"days_left": (deadline - today).days}
            )
    items.sort(key=lambda i: (i["deadline"], i["lease_id"]))
    return {
        "area_id": AREA,
        "today": today.isoformat(),
        "within_days": within_days,
        "end_by": None,
        "items": items,
    }


def open_on(record: dict[str, Any], on: dt.date) -> bool:
    """The contract's test: opened by `on` and not closed (README, accessibility)."""
    opened = record["opened_on"]
    started = dt.date.fromisoformat(opened) <= on if opened else record["status"] != "planned"
    return started and record["status"] != "closed"


def leg(a: str, b: str) -> tuple[float, float] | None:
    if a == b:
        return 0.0, 0.0
    return LEGS.get((min(a, b), max(a, b)))


def accessibility(area_id: str, on: dt.date, recorded: bool) -> dict[str, Any]:
    """The members' nearest place open on `on` (by km), the means and shares over the
    population, as the contract computes them (shares to four decimals)."""
    members = [("005", "Alajärvi"), ("010", "Alavus"), ("233", "Kauhava")]
    kinds = ("office", "local_service_point")
    counted = [o for o in offices() if recorded and o["kind"] in kinds and open_on(o, on)]
    places = [
        {"index": i, "office_id": o["id"], "kind": o["kind"]}
        | {"municipality_code": o["municipality_code"], "name": o["name"]["fi"]}
        for i, o in enumerate(counted)
    ]
    rows = []
    for code, name in members:
        legs = [(leg(code, p["municipality_code"]), p) for p in places]
        known = [(d, p) for d, p in legs if d is not None]
        nearest = min(known, key=lambda t: (t[0][0], t[1]["index"]), default=None)
        row: dict[str, Any] = {"municipality_code": code, "name_fi": name}
        row |= {"population": POPULATION, "population_period": "2024", "customers": None}
        if nearest is None:
            row |= {"nearest": None, "km": None, "minutes": None, "is_estimate": None}
            row |= {"source": None, "method": None, "within_km": None, "within_minutes": None}
        else:
            (km, minutes), place = nearest
            same = place["municipality_code"] == code
            row |= {"nearest": place, "km": km, "minutes": minutes, "is_estimate": not same}
            row |= {"source": "the same municipality" if same else ESTIMATE_SOURCE}
            row |= {"method": None if same else METHOD}
            row |= {"within_km": km <= THRESHOLD_KM, "within_minutes": minutes <= THRESHOLD_MINUTES}
        rows.append(row)
    reached = [r for r in rows if r["nearest"] is not None]
    total: float = sum(r["population"] for r in reached)

    def share(key: str) -> float | None:
        if not total:
            return None
        within: float = sum(r["population"] for r in reached if r[key])
        return round(within / total, 4)

    def mean(key: str) -> float | None:
        weighed: float = sum(r["population"] * r[key] for r in reached)
        return round(weighed / total, 2) if total else None

    both = (
        round(
            sum(r["population"] for r in reached if r["within_km"] and r["within_minutes"]) / total,
            4,
        )
        if total
        else None
    )
    return {
        "area_id": area_id,
        "on": on.isoformat(),
        "thresholds": {"km": THRESHOLD_KM, "minutes": THRESHOLD_MINUTES, "nearest_by": "km"},
        "estimate": ESTIMATE,
        "population_source": "areas",
        "places": places,
        "municipalities": rows,
        "population": {"total": total, "mean_km": mean("km"), "mean_minutes": mean("minutes")}
        | {"share_within_km": share("within_km"), "share_within_minutes": share("within_minutes")}
        | {"share_within_both": both},
        "customers": None,
        "without_distance": [r["municipality_code"] for r in rows if r["nearest"] is None],
        "without_population": [],
    }


def _not_found(detail: str) -> tuple[int, Any]:
    return 404, {"type": "/problems/not-found", "title": "Not Found", "status": 404} | {
        "detail": detail
    }


class OfficesStandIn:
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.failing: dict[str, int] = {}  # path -> status it answers instead
        self.slow: dict[str, float] = {}  # path -> seconds it waits first
        self.recorded = {AREA}  # the areas with places; any other has none recorded
        self.gone: set[int] = set()  # offices deleted since the list was read: their 404
        self.unreachable = False

    def answers(self, path: str, params: httpx.QueryParams) -> tuple[int, Any]:
        match = _AREA_PATH.match(path)
        if match is None:
            return _not_found(f"No {path}.")
        area_id, rest = match.groups()
        recorded = area_id in self.recorded
        if rest == "offices":
            items = offices() if recorded else []
            return 200, {"items": items, "next_cursor": None}
        if rest == "leases/upcoming":
            today = dt.date.fromisoformat(params["today"])
            body = upcoming(today, int(params.get("within_days", "180")))
            return 200, body if recorded else body | {"area_id": area_id, "items": []}
        if rest == "accessibility":
            return 200, accessibility(area_id, dt.date.fromisoformat(params["on"]), recorded)
        office_path = re.match(r"^offices/([0-9]+)/(hours|leases)$", rest)
        if office_path and recorded:
            office_id, what = int(office_path[1]), office_path[2]
            if office_id in self.gone or office_id not in {o["id"] for o in offices()}:
                return _not_found(f"No office {office_id} in area '{area_id}'.")
            if what == "hours":
                return 200, hours(office_id)
            return 200, {"items": leases(office_id), "next_cursor": None}
        return _not_found(f"Nothing at {path}.")

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        if self.unreachable:
            raise httpx.ConnectError("refused", request=request)
        if path in self.slow:
            await asyncio.sleep(self.slow[path])
        if path in self.failing:
            status = self.failing[path]
            problem = {"type": "about:blank", "title": "Broken", "status": status}
            status, body = status, problem | {"detail": "offices broke"}
        else:
            status, body = self.answers(path, request.url.params)
        # A stream, as a real transport gives: the gateway reads replies with `aiter_raw`.
        return httpx.Response(status, stream=httpx.ByteStream(json.dumps(body).encode()))

    def paths(self) -> list[str]:
        return [r.url.path for r in self.requests]

"""Section 4, the number and placement of offices (Toimipisteiden määrä ja sijoittuminen).

What the source plan's §4 sets (DOMAIN.md §4): service close to the customer in all ten
members, the likely network 4 offices ("toimipaikka") and 6 local service points
("lähipalvelutoimipaikka"), and the TE office's leased premises in Alajärvi, Kauhava and
Ähtäri taken over within their notice periods (laki liikehuoneiston vuokrauksesta
482/1995). The section shows, from the offices service: the network (each place's kind,
municipality, opening hours in short and the service lines it offers), the running leases
with their next notice deadlines counted from the plan's `on`, each member's nearest place
open on `on` with the share of the population within the thresholds (30 km, 30 minutes),
and the places drawn on section 1's schematic map of the members.

The map: section 4 draws section 1's map again (`charts.member_map`, the same drawing)
with its places over it, from data it holds itself: the members' coordinates and borders
from the areas service and their population from the accessibility answer. A hook into
section 1's figure would tie the two sections together (section 4's map would go when
section 1 is unavailable, and a published version would need both to print either), while
the plan's contract keeps each section renderable from its own JSON; so the cost is two
light reads of the areas service.

Calls, within the plan's deadline: the places, the upcoming leases and the accessibility
at once; then, at once, each place's hours, each leased office's leases, the members'
coordinates and the borders among them. Nothing recorded (no places, no leases, no place
open on `on`) prints "not yet recorded"; the offices service failing makes only this
section unavailable.

Its overview columns, from one call an area (the accessibility): the places of service open
on `on` and the share of the population within 30 minutes of one.
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from typing import Any

from pydantic import BaseModel

from gateway.plan import charts
from gateway.plan.document import Source
from gateway.plan.downstream import together
from gateway.plan.section import Column, OverviewColumns, PlanContext, Section, SectionData
from gateway.plan.sections.chapters import CHAPTERS_FI
from gateway.plan.sections.offices import (
    LEASE_WINDOW_DAYS,
    OFFICES,
    AccessibilityRead,
    Border,
    HoursException,
    HoursRead,
    LeaseRead,
    MunicipalityPlace,
    OfficeRead,
    UpcomingNotice,
    WeeklyHours,
    fetch_accessibility,
    fetch_borders,
    fetch_coordinates,
    fetch_hours,
    fetch_leases,
    fetch_offices,
    fetch_upcoming,
)

# The source plan's words for the kinds (§4: "neljän toimipaikan ja kuuden
# lähipalvelutoimipaikan malli").
KINDS_FI = {
    "office": "Toimipaikka",
    "local_service_point": "Lähipalvelutoimipaikka",
    "mobile": "Liikkuva palvelupiste",
    "online": "Verkkopalvelu",
}
STATUSES_FI = {"planned": "suunniteltu", "open": "avoinna", "closed": "suljettu"}
LEASE_TYPES_FI = {"until_further_notice": "toistaiseksi voimassa", "fixed_term": "määräaikainen"}
# The caseload service's default service lines, by their Finnish names there.
SERVICES_FI = {
    "competence_services": "osaamispalvelut",
    "multi_sectoral_services": "monialaiset palvelut",
    "job_matching": "työnvälityspalvelut",
    "employer_services": "työnantajapalvelut",
    "integration": "kotoutumispalvelut",
    "youth": "nuorten palvelut",
    "career_guidance": "ammatinvalinta- ja uraohjaus",
}
WEEKDAYS_FI = ("ma", "ti", "ke", "to", "pe", "la", "su")
# The offices service's demo marks the lease terms no source gives with a note beginning so
# (README, "The offices service": each `note` starting `ESTIMATE`).
ESTIMATE_MARK = "ESTIMATE"
NETWORK_SOURCE = "Työllisyysalueen toimipaikat ja aukioloajat (offices-palvelu)"
LEASES_SOURCE = "Toimitilojen vuokrasopimukset (offices-palvelu)"
POPULATION_SOURCE = "Jäsenkuntien väestö (areas-palvelu)"


class Place(BaseModel):
    office: OfficeRead
    hours: HoursRead | None  # none: the office went before its hours were read


class Lease(BaseModel):
    notice: UpcomingNotice  # its next deadline
    record: LeaseRead | None  # its terms; none: not found among the office's leases

    @property
    def is_estimate(self) -> bool:
        note = self.record.note if self.record else None
        return bool(note and note.startswith(ESTIMATE_MARK))


class MapMember(BaseModel):
    code: str
    name_fi: str
    lat: float
    lon: float
    population: float | None


class NetworkData(SectionData):
    on: dt.date
    year: int
    places: list[Place]
    leases: list[Lease]  # the running leases with a deadline within the window, soonest first
    lease_window_days: int
    accessibility: AccessibilityRead
    names: dict[str, str]  # municipality code -> its Finnish name
    map_members: list[MapMember] | None  # none: the areas service gave no coordinates
    borders: list[tuple[str, str]]  # among the members, each once, smaller code first

    def sources(self) -> list[Source]:
        found = []
        if self.places:
            found.append(Source(source=NETWORK_SOURCE, period=self.on.isoformat()))
        if self.leases:
            estimate = any(lease.is_estimate for lease in self.leases)
            found.append(
                Source(source=LEASES_SOURCE, period=self.on.isoformat(), is_estimate=estimate)
            )
        legs = {
            (m.source or m.method or "", bool(m.is_estimate))
            for m in self.accessibility.municipalities
            # A member served in its own municipality is 0 km away by definition.
            if m.nearest is not None and m.nearest.municipality_code != m.municipality_code
        }
        found += [Source(source=s, is_estimate=e) for s, e in sorted(legs) if s]
        periods = sorted(
            {m.population_period for m in self.accessibility.municipalities if m.population_period}
        )
        if periods and self.accessibility.population_source == "areas":
            found.append(Source(source=POPULATION_SOURCE, period=", ".join(periods)))
        return found


async def fetch(context: PlanContext) -> NetworkData:
    downstream, area_id, on = context.downstream, context.area.id, context.on
    async with together() as group:
        offices = group.create_task(fetch_offices(downstream, area_id))
        upcoming = group.create_task(fetch_upcoming(downstream, area_id, on))
        access = group.create_task(fetch_accessibility(downstream, area_id, on))
    places, notices, accessibility = offices.result(), upcoming.result().items, access.result()
    members = {m.municipality_code for m in accessibility.municipalities}
    codes = members | {o.municipality_code for o in places}
    leased = sorted({n.office_id for n in notices})
    async with together() as group:
        hours = [group.create_task(fetch_hours(downstream, area_id, o.id)) for o in places]
        leases = [group.create_task(fetch_leases(downstream, area_id, i)) for i in leased]
        coordinates = group.create_task(fetch_coordinates(downstream, codes)) if codes else None
        borders = group.create_task(fetch_borders(downstream, members)) if members else None
    records = {lease.id: lease for task in leases for lease in task.result()}
    found = coordinates.result() if coordinates else None
    names = {m.code: m.name_fi for m in found or []}
    names |= {m.municipality_code: m.name_fi for m in accessibility.municipalities if m.name_fi}
    return NetworkData(
        on=on,
        year=context.year,
        places=[Place(office=o, hours=h.result()) for o, h in zip(places, hours, strict=True)],
        leases=[Lease(notice=n, record=records.get(n.lease_id)) for n in notices],
        lease_window_days=LEASE_WINDOW_DAYS,
        accessibility=accessibility,
        names=names,
        map_members=_map_members(accessibility, found) if found is not None else None,
        borders=_among(borders.result() if borders else None, members),
    )


def _among(borders: list[Border] | None, members: set[str]) -> list[tuple[str, str]]:
    """The borders between two members, each once with the smaller code first."""
    pairs = {
        (min(b.municipality_code, b.neighbour_code), max(b.municipality_code, b.neighbour_code))
        for b in borders or []
        if b.municipality_code in members and b.neighbour_code in members
    }
    return sorted(pairs)


def _map_members(
    accessibility: AccessibilityRead, found: list[MunicipalityPlace]
) -> list[MapMember]:
    """The members with coordinates, sized by the population the accessibility weighs."""
    at = {m.code: m for m in found if m.lat is not None and m.lon is not None}
    return [
        MapMember(
            code=m.municipality_code,
            name_fi=m.name_fi or at[m.municipality_code].name_fi,
            lat=at[m.municipality_code].lat,
            lon=at[m.municipality_code].lon,
            population=m.population,
        )
        for m in accessibility.municipalities
        if m.municipality_code in at
    ]


# Opening hours in short, the way Finnish notices print them: "ma-pe 9.00-15.00" (with an
# en dash, U+2013, between the days and between the times).


def clock_fi(clock: str) -> str:
    """ "09:00" -> "9.00" (Finnish writes hours and minutes with a full stop)."""
    hours, minutes = clock.split(":")
    return f"{int(hours)}.{minutes}"


def _ranges_fi(ranges: tuple[tuple[str, str], ...]) -> str:
    return ", ".join(f"{clock_fi(a)}\u2013{clock_fi(b)}" for a, b in ranges)


def _days_fi(days: list[int]) -> str:
    """[1, 2, 3, 4, 5] -> "ma-pe", [2, 4] -> "ti, to", [1, 2, 4] -> "ma-ti, to" (en dashes)."""
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ", ".join(
        WEEKDAYS_FI[r[0] - 1]
        if len(r) == 1
        else f"{WEEKDAYS_FI[r[0] - 1]}\u2013{WEEKDAYS_FI[r[-1] - 1]}"
        for r in runs
    )


def hours_groups(weekly: list[WeeklyHours]) -> list[str]:
    """The weekly rules in short, days with the same times together, a group each:
    ["ma-pe 9.00-15.00", "la 10.00-14.00"] (en dashes); none: no weekly hours."""
    by_day: dict[int, tuple[tuple[str, str], ...]] = {}
    ordered = sorted(weekly, key=lambda r: (r.weekday, r.opens))
    for day, rules in groupby(ordered, key=lambda r: r.weekday):
        by_day[day] = tuple((r.opens, r.closes) for r in rules)
    groups: dict[tuple[tuple[str, str], ...], list[int]] = {}
    for day, ranges in by_day.items():
        groups.setdefault(ranges, []).append(day)
    return [f"{_days_fi(days)} {_ranges_fi(ranges)}" for ranges, days in groups.items()]


def hours_summary(weekly: list[WeeklyHours]) -> str | None:
    """The groups in one line: "ma-pe 9.00-15.00; la 10.00-14.00"; none: no weekly hours."""
    return "; ".join(hours_groups(weekly)) or None


def exceptions_summary(exceptions: list[HoursException], year: int) -> str | None:
    """The year's dated exceptions in short: "19.6. suljettu, 24.12. 9.00-12.00"."""
    dated = sorted(
        (e for e in exceptions if e.date.year == year), key=lambda e: (e.date, e.opens or "")
    )
    parts = []
    for day, entries in groupby(dated, key=lambda e: e.date):
        rows = list(entries)
        when = f"{day.day}.{day.month}."
        if any(e.closed for e in rows):
            parts.append(f"{when} suljettu")
        else:
            parts.append(
                f"{when} {_ranges_fi(tuple((e.opens or '', e.closes or '') for e in rows))}"
            )
    return ", ".join(parts) or None


def services_fi(keys: list[str]) -> str:
    return ", ".join(SERVICES_FI.get(k, k) for k in keys)


def _kind_order(place: Place) -> tuple[int, str]:
    kinds = list(KINDS_FI)
    kind = place.office.kind
    return (kinds.index(kind) if kind in kinds else len(kinds), place.office.name.fi)


def view(data: dict[str, Any]) -> dict[str, Any]:
    network = NetworkData.model_validate(data)
    places = sorted(network.places, key=_kind_order)
    accessibility = network.accessibility
    open_ids = {p.office_id for p in accessibility.places if p.office_id is not None}
    counts = {kind: sum(1 for p in accessibility.places if p.kind == kind) for kind in KINDS_FI}
    drawn = [
        charts.MapPlace(p.office.name.fi, p.office.lat, p.office.lon, p.office.kind)
        for p in places
        if p.office.id in open_ids and p.office.lat is not None and p.office.lon is not None
    ]
    members = network.map_members or []
    return {
        "network": network,
        "places": places,
        "open_counts": {k: n for k, n in counts.items() if n},
        "access": accessibility,
        "kinds_fi": KINDS_FI,
        "statuses_fi": STATUSES_FI,
        "lease_types_fi": LEASE_TYPES_FI,
        "hours_groups": lambda p: hours_groups(p.hours.weekly) if p.hours else [],
        "exceptions_summary": lambda p: (
            exceptions_summary(p.hours.exceptions, network.year) if p.hours else None
        ),
        "services_fi": services_fi,
        # A share of one as the service gave it ("0.9657" through its shortest repr).
        "percent": lambda share: charts.finnish_percent(repr(share)),
        "name_fi": lambda code: network.names.get(code, code),
        "estimated_leases": any(lease.is_estimate for lease in network.leases),
        "estimated_distances": any(m.is_estimate for m in accessibility.municipalities),
        "network_map": charts.member_map(
            title=f"Toimipaikkaverkosto {network.on.day}.{network.on.month}.{network.on.year} "
            "(kaavamainen)",
            points=[
                charts.MapPoint(m.code, m.name_fi, m.lat, m.lon, m.population) for m in members
            ],
            links=network.borders,
            places=drawn,
        )
        if members and drawn
        else None,
    }


# Its overview columns: the places of service and how near they are.


class AccessOverviewData(SectionData):
    accessibility: AccessibilityRead


async def fetch_overview(context: PlanContext) -> AccessOverviewData:
    read = await fetch_accessibility(context.downstream, context.area.id, context.on)
    return AccessOverviewData(accessibility=read)


def overview_values(data: AccessOverviewData) -> dict[str, Any]:
    read = data.accessibility
    if not read.places:
        return {}  # no place of service recorded open on `on`
    return {
        "places_of_service": len(read.places),
        "population_within_30_min": read.population.share_within_minutes,
    }


OVERVIEW = OverviewColumns(
    columns=(
        Column(
            "places_of_service",
            "Palvelupisteitä",
            "integer",
            "Offices and local service points open on `on` (plan §4: 4 + 6 in Kymppi)",
        ),
        Column(
            "population_within_30_min",
            "Väestöstä 30 min päässä",
            "percent",
            "The share (0..1) of the members' population within 30 minutes of the nearest place "
            "open on `on`; null: no place recorded",
        ),
    ),
    values=overview_values,
    fetch=fetch_overview,
)


SECTION = Section(
    key="offices",
    number=4,
    title_fi=CHAPTERS_FI[4],
    service=OFFICES,
    fetch=fetch,
    template="offices.html.j2",
    view=view,
    overview=OVERVIEW,
)

"""What the plan reads from the offices service: the fields it declares, and one call each.

Section 4 (`network`) reads these, in the shapes the README's "The offices service" and
"Distances, accessibility and placement" give: the area's places of service (every page),
each one's opening hours, the running leases with their next notice deadlines and each
leased office's leases, and the members' accessibility on the plan's `on`. Euros arrive
as decimal strings and are kept as `Decimal`; km, minutes and shares as JSON numbers, as
the service gave them (the gateway computes no figure).

An area with nothing recorded answers empty lists (no places, no leases, no place open);
a 404 on an office's hours or leases means the office went between two calls: both are
"not yet recorded", not an error. The members' coordinates and the borders among them
(the map of section 1) come from the areas service; they only draw the map, so when they
cannot be had the section prints its tables without it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TypeVar

from pydantic import BaseModel

from gateway.plan.area_record import AREAS
from gateway.plan.downstream import Downstream, DownstreamFailure

OFFICES = "offices"
# Leases are listed when their deadline falls within this many days of `on`: the service's
# most (ten years), so every running lease with a deadline to come is in the plan.
LEASE_WINDOW_DAYS = 3660
PAGE = 500  # the service's largest page
M = TypeVar("M", bound=BaseModel)


# GET /v1/areas/{area_id}/offices (paged)


class OfficeName(BaseModel):
    fi: str
    sv: str | None = None
    en: str | None = None


class Address(BaseModel):
    street: str
    postal_code: str
    post_office: str


class OfficeRead(BaseModel):
    id: int
    kind: str  # office | local_service_point | mobile | online
    name: OfficeName
    municipality_code: str
    address: Address | None
    lat: float | None
    lon: float | None
    status: str  # planned | open | closed
    services: list[str]  # service-line keys
    accessibility_notes: str | None
    opened_on: dt.date | None
    closed_on: dt.date | None
    note: str | None


class OfficePage(BaseModel):
    items: list[OfficeRead]
    next_cursor: str | None = None


# GET /v1/areas/{area_id}/offices/{office_id}/hours


class WeeklyHours(BaseModel):
    weekday: int  # ISO: 1 = Monday ... 7 = Sunday
    opens: str  # "HH:MM", local time
    closes: str  # "HH:MM"; "24:00" is the end of the day


class HoursException(BaseModel):
    date: dt.date
    closed: bool
    opens: str | None = None
    closes: str | None = None


class HoursRead(BaseModel):
    office_id: int
    weekly: list[WeeklyHours]
    exceptions: list[HoursException]


# GET /v1/areas/{area_id}/leases/upcoming?within_days=&today=


class UpcomingNotice(BaseModel):
    lease_id: int
    office_id: int
    office_name_fi: str
    municipality_code: str
    landlord: str
    lease_type: str  # until_further_notice | fixed_term
    notice_applies: bool
    notice_months: int | None
    rent_eur_month: Decimal
    end_by: dt.date  # the end the deadline is for
    notice_by: dt.date | None  # the last day to give notice for it
    ends_on: dt.date
    deadline: dt.date  # notice_by, or a term's last day
    days_left: int


class UpcomingNotices(BaseModel):
    area_id: str
    today: dt.date
    within_days: int
    end_by: dt.date | None
    items: list[UpcomingNotice]


# GET /v1/areas/{area_id}/offices/{office_id}/leases (paged)


class LeaseRead(BaseModel):
    id: int
    office_id: int
    landlord: str
    start_date: dt.date
    end_date: dt.date | None
    lease_type: str
    tenant_notice_months: int | None
    notice_months: int | None
    rent_eur_month: Decimal
    area_m2: float | None
    indexation: str | None
    note: str | None


class LeasePage(BaseModel):
    items: list[LeaseRead]
    next_cursor: str | None = None


# GET /v1/areas/{area_id}/accessibility?on=


class PlaceRead(BaseModel):
    index: int
    office_id: int | None
    kind: str | None
    municipality_code: str
    name: str | None


class MemberAccess(BaseModel):
    municipality_code: str
    name_fi: str | None
    population: float | None
    population_period: str | None
    nearest: PlaceRead | None  # none: no known distance to any place
    km: float | None
    minutes: float | None
    is_estimate: bool | None
    source: str | None
    method: str | None
    within_km: bool | None
    within_minutes: bool | None


class Weighted(BaseModel):
    total: float
    mean_km: float | None
    mean_minutes: float | None
    share_within_km: float | None  # 0..1
    share_within_minutes: float | None
    share_within_both: float | None


class Thresholds(BaseModel):
    km: float
    minutes: float
    nearest_by: str


class EstimateTerms(BaseModel):
    method: str
    road_factor: float
    speed_kmh: float


class AccessibilityRead(BaseModel):
    area_id: str | None
    on: dt.date
    thresholds: Thresholds
    estimate: EstimateTerms
    population_source: str
    places: list[PlaceRead]
    municipalities: list[MemberAccess]
    population: Weighted
    without_distance: list[str]
    without_population: list[str]


# From the areas service, for the map: the members' coordinates and their borders.


class MunicipalityPlace(BaseModel):
    code: str
    name_fi: str
    lat: float | None
    lon: float | None


class MunicipalityPage(BaseModel):
    items: list[MunicipalityPlace]


class Border(BaseModel):
    municipality_code: str
    neighbour_code: str


class BordersRead(BaseModel):
    borders: list[Border]


# The calls, one function each.


async def _recorded(
    downstream: Downstream, path: str, model: type[M], params: dict[str, str] | None = None
) -> M | None:
    """The office's record, or none when the office is gone (the service's 404)."""
    try:
        return await downstream.get(OFFICES, path, model, params)
    except DownstreamFailure as failure:
        if failure.problem.status == 404:
            return None
        raise


async def fetch_office_page(
    downstream: Downstream, area_id: str, cursor: str | None = None
) -> OfficePage:
    params = {"limit": str(PAGE)} | ({"cursor": cursor} if cursor else {})
    return await downstream.get(OFFICES, f"/v1/areas/{area_id}/offices", OfficePage, params)


async def fetch_offices(downstream: Downstream, area_id: str) -> list[OfficeRead]:
    """Every place of service of the area, page after page (an area has tens at most)."""
    page = await fetch_office_page(downstream, area_id)
    offices = list(page.items)
    while page.next_cursor:
        page = await fetch_office_page(downstream, area_id, page.next_cursor)
        offices += page.items
    return offices


async def fetch_hours(downstream: Downstream, area_id: str, office_id: int) -> HoursRead | None:
    """The office's weekly hours and exceptions; none: the office is gone."""
    path = f"/v1/areas/{area_id}/offices/{office_id}/hours"
    return await _recorded(downstream, path, HoursRead)


async def fetch_upcoming(downstream: Downstream, area_id: str, today: dt.date) -> UpcomingNotices:
    params = {"within_days": str(LEASE_WINDOW_DAYS), "today": today.isoformat()}
    path = f"/v1/areas/{area_id}/leases/upcoming"
    return await downstream.get(OFFICES, path, UpcomingNotices, params)


async def fetch_leases(downstream: Downstream, area_id: str, office_id: int) -> list[LeaseRead]:
    """The office's leases (one page: an office has a few); none when the office is gone."""
    path = f"/v1/areas/{area_id}/offices/{office_id}/leases"
    page = await _recorded(downstream, path, LeasePage, {"limit": str(PAGE)})
    return page.items if page is not None else []


async def fetch_accessibility(
    downstream: Downstream, area_id: str, on: dt.date
) -> AccessibilityRead:
    """Each member's nearest place open on `on` (offices and local service points) at the
    service's default thresholds, 30 km and 30 minutes."""
    path = f"/v1/areas/{area_id}/accessibility"
    return await downstream.get(OFFICES, path, AccessibilityRead, {"on": on.isoformat()})


async def fetch_coordinates(
    downstream: Downstream, codes: set[str]
) -> list[MunicipalityPlace] | None:
    """The municipalities' names and coordinates; none when the areas service cannot say."""
    params = {"codes": ",".join(sorted(codes)), "limit": str(PAGE)}
    try:
        page = await downstream.get(AREAS, "/v1/municipalities", MunicipalityPage, params)
    except DownstreamFailure:
        return None
    return page.items


async def fetch_borders(downstream: Downstream, codes: set[str]) -> list[Border] | None:
    """The borders among or around the municipalities; none when the areas service cannot
    say."""
    params = {"codes": ",".join(sorted(codes))}
    try:
        read = await downstream.get(AREAS, "/v1/borders", BordersRead, params)
    except DownstreamFailure:
        return None
    return read.borders

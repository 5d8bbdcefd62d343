"""What the funding service asks the areas service, as the caller (servicekit.peers).

The areas service owns the areas, their members over time and the municipal statistics;
funding reads them over HTTP with a timeout and the caller's own token, so the caller's
rights apply there too. A failure is reported as the caller of each function needs it: the
members of a budget become a `members_unknown` finding, cost sharing answers 502.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from servicekit.errors import DependencyUnavailable, NotFound
from servicekit.peers import PeerCalls, PeerUnavailable

AREAS = "areas"
PAGE_LIMIT = "500"


@dataclass(frozen=True)
class Members:
    codes: list[str] | None  # None: not known
    reason: str | None = None  # why not


@dataclass(frozen=True)
class AreaRecord:
    organisation_form: str
    home_municipality_code: str


@dataclass(frozen=True)
class Figure:
    value: Decimal
    period: str
    source: str
    is_estimate: bool


class _Unanswered(Exception):
    def __init__(self, reason: str, *, not_found: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.not_found = not_found


async def _pages(calls: PeerCalls, path: str, params: dict[str, str]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        query = {**params, "limit": PAGE_LIMIT, **({"cursor": cursor} if cursor else {})}
        try:
            reply = await calls.get(AREAS, path, params=query)
        except PeerUnavailable as exc:
            raise _Unanswered(exc.reason) from exc
        if reply.status == 404:
            raise _Unanswered("knows no such area", not_found=True)
        if not reply.ok or not isinstance(reply.body, dict):
            raise _Unanswered(f"answered {reply.status}")
        items += reply.body.get("items", [])
        cursor = reply.body.get("next_cursor")
        if not cursor:
            return items


def members_on_date(year: int) -> dt.date:
    """The members of a budget year are the area's members on its first day."""
    return dt.date(year, 1, 1)


async def _member_codes(calls: PeerCalls, *, area_id: str, on: dt.date) -> list[str]:
    items = await _pages(calls, f"/v1/areas/{area_id}/members", {"on": on.isoformat()})
    return sorted({str(item["municipality_code"]) for item in items})


async def members_on(calls: PeerCalls, *, area_id: str, on: dt.date) -> list[str]:
    """The member codes on `on`, sorted; 404 when the areas service knows no such area (for
    this caller), `DependencyUnavailable` when it gives no usable answer."""
    try:
        return await _member_codes(calls, area_id=area_id, on=on)
    except _Unanswered as unanswered:
        if unanswered.not_found:
            raise NotFound(f"No employment area '{area_id}'.") from unanswered
        raise DependencyUnavailable(AREAS, unanswered.reason) from unanswered


async def members_in_year(calls: PeerCalls, *, area_id: str, year: int) -> Members:
    try:
        codes = await _member_codes(calls, area_id=area_id, on=members_on_date(year))
    except _Unanswered as unanswered:
        return Members(None, f"the areas service {unanswered.reason}")
    return Members(codes)


async def area_record(calls: PeerCalls, *, area_id: str) -> AreaRecord:
    try:
        reply = await calls.get(AREAS, f"/v1/areas/{area_id}")
    except PeerUnavailable as exc:
        raise DependencyUnavailable(AREAS, exc.reason) from exc
    if reply.status == 404:
        raise NotFound(f"The areas service knows no area '{area_id}'.")
    if not reply.ok or not isinstance(reply.body, dict):
        raise DependencyUnavailable(AREAS, f"answered {reply.status}")
    return AreaRecord(reply.body["organisation_form"], reply.body["home_municipality_code"])


async def required_members(calls: PeerCalls, *, area_id: str, year: int) -> list[str]:
    return await members_on(calls, area_id=area_id, on=members_on_date(year))


async def population(calls: PeerCalls, *, codes: list[str], as_of: str) -> dict[str, Figure]:
    """Each member's latest population figure at or before `as_of` (a year)."""
    params = {"codes": ",".join(codes), "indicator": "population", "as_of": as_of}
    try:
        items = await _pages(calls, "/v1/statistics", params)
    except _Unanswered as unanswered:
        raise DependencyUnavailable(AREAS, unanswered.reason) from unanswered
    return {
        str(item["municipality_code"]): Figure(
            value=Decimal(str(item["value"])),
            period=str(item["period"]),
            source=str(item["source"]),
            is_estimate=bool(item["is_estimate"]),
        )
        for item in items
    }

"""What the offices service asks the areas service about municipalities and areas.

The areas service owns municipalities (names, coordinates), their statistics and the areas'
membership (DESIGN.md: another service's entity is referenced by its id and asked for over
HTTP with a timeout). Each call goes as the caller (`servicekit.peers`), so the areas
service applies the caller's rights; a call that gets no usable answer is 502
`dependency-unavailable` naming the areas service.
"""

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from servicekit.errors import DependencyUnavailable, NotFound
from servicekit.peers import PeerCalls, PeerUnavailable

PAGE = "500"
# Codes per request: keeps the query string short whatever the number of codes.
CODES_PER_CALL = 200


@dataclass(frozen=True)
class Municipality:
    code: str
    name_fi: str
    lat: float | None
    lon: float | None

    @property
    def coordinates(self) -> tuple[float, float] | None:
        return None if self.lat is None or self.lon is None else (self.lat, self.lon)


@dataclass(frozen=True)
class Population:
    value: float
    period: str
    source: str
    is_estimate: bool


def _chunks(codes: Iterable[str]) -> Iterator[list[str]]:
    ordered = sorted(set(codes))
    for start in range(0, len(ordered), CODES_PER_CALL):
        yield ordered[start : start + CODES_PER_CALL]


async def _items(
    calls: PeerCalls, path: str, params: dict[str, str], *, not_found: NotFound | None = None
) -> list[dict[str, Any]]:
    """Every item of a paged list of the areas service."""
    items: list[dict[str, Any]] = []
    params = {**params, "limit": PAGE}
    while True:
        try:
            reply = await calls.get("areas", path, params=params)
        except PeerUnavailable as exc:
            raise exc.problem() from exc
        if reply.status == 404 and not_found is not None:
            raise not_found
        if not reply.ok:
            raise DependencyUnavailable("areas", f"answered {reply.status}")
        items.extend(reply.body["items"])
        cursor = reply.body.get("next_cursor")
        if not cursor:
            return items
        params = {**params, "cursor": str(cursor)}


async def municipalities(calls: PeerCalls, codes: Iterable[str]) -> dict[str, Municipality]:
    """The municipalities the areas service knows among `codes`, by code."""
    found: dict[str, Municipality] = {}
    for chunk in _chunks(codes):
        for item in await _items(calls, "/v1/municipalities", {"codes": ",".join(chunk)}):
            found[item["code"]] = Municipality(
                item["code"], item["name_fi"], item.get("lat"), item.get("lon")
            )
    return found


async def member_codes(calls: PeerCalls, area_id: str, on: dt.date) -> list[str]:
    """The codes of the area's members on `on`, in code order (404 when the caller may not
    read the area or it does not exist, as the areas service answers)."""
    items = await _items(
        calls,
        f"/v1/areas/{area_id}/members",
        {"on": on.isoformat()},
        not_found=NotFound(f"No employment area '{area_id}'."),
    )
    return sorted({str(item["municipality_code"]) for item in items})


async def latest_population(
    calls: PeerCalls, codes: Sequence[str], on: dt.date
) -> dict[str, Population]:
    """Each municipality's latest population figure at or before the month of `on`."""
    found: dict[str, Population] = {}
    for chunk in _chunks(codes):
        params = {"indicator": "population", "codes": ",".join(chunk), "as_of": f"{on:%Y-%m}"}
        for item in await _items(calls, "/v1/statistics", params):
            found[item["municipality_code"]] = Population(
                float(item["value"]), item["period"], item["source"], bool(item["is_estimate"])
            )
    return found

"""What this service asks the areas service: whether an area exists, its members on a day,
the municipalities' names, and whether codes are in the registry.

The areas service owns areas, members and municipalities (DESIGN.md: another service's
entity is referenced by its id and asked for over HTTP, as the caller, so its rights
apply). The first write for an area here records it once the areas service has it.
When the areas service gives no usable answer, the request is 502
`dependency-unavailable` and nothing is written.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from partners.repository import areas as repository
from servicekit.errors import DependencyUnavailable, NotFound
from servicekit.peers import PeerCalls, PeerReply, PeerUnavailable

PAGE = "500"


def area_not_found(area_id: str) -> NotFound:
    return NotFound(f"No employment area '{area_id}'.")


async def _ask(calls: PeerCalls, path: str, params: dict[str, str] | None = None) -> PeerReply:
    try:
        reply = await calls.get("areas", path, params=params)
    except PeerUnavailable as exc:
        raise exc.problem() from exc
    if not reply.ok and reply.status != 404:
        raise DependencyUnavailable("areas", f"answered {reply.status}")
    return reply


async def _all_items(
    calls: PeerCalls, path: str, params: dict[str, str]
) -> list[dict[str, Any]] | None:
    """Every item of a paged list, or None when the areas service answers 404."""
    items: list[dict[str, Any]] = []
    params = {**params, "limit": PAGE}
    while True:
        reply = await _ask(calls, path, params)
        if reply.status == 404:
            return None
        items += reply.body["items"]
        cursor = reply.body.get("next_cursor")
        if not cursor:
            return items
        params = {**params, "cursor": str(cursor)}


async def ensure_area(session: AsyncSession, calls: PeerCalls, area_id: str) -> None:
    """Records the area once the areas service has it (404 when it has not)."""
    if await repository.area_exists(session, area_id):
        return
    reply = await _ask(calls, f"/v1/areas/{area_id}")
    if reply.status == 404:
        raise area_not_found(area_id)
    await repository.add_area(session, area_id)


async def member_codes(calls: PeerCalls, area_id: str, day: dt.date) -> list[str]:
    """The codes of the area's members on `day`, ascending."""
    items = await _all_items(calls, f"/v1/areas/{area_id}/members", {"on": day.isoformat()})
    if items is None:
        raise area_not_found(area_id)
    return sorted({str(item["municipality_code"]) for item in items})


async def municipality_names(calls: PeerCalls, codes: Iterable[str]) -> dict[str, str]:
    """The Finnish names of those of `codes` the registry has."""
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    items = await _all_items(calls, "/v1/municipalities", {"codes": ",".join(wanted)}) or []
    return {str(item["code"]): str(item["name_fi"]) for item in items}

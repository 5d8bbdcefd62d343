"""An employment area's members on a date, as the areas service says (over HTTP, as the
caller, with a timeout: DESIGN.md, services)."""

import datetime as dt

from funding.errors import AreasUnavailable
from servicekit.errors import NotFound
from servicekit.peers import PeerCalls, PeerUnavailable

PAGE = 500


async def members_on(calls: PeerCalls, *, area_id: str, on: dt.date) -> list[str]:
    """The member codes, sorted; 404 when the areas service knows no such area (for this
    caller), `AreasUnavailable` when it gives no usable answer."""
    codes: list[str] = []
    params = {"on": on.isoformat(), "limit": str(PAGE)}
    while True:
        try:
            reply = await calls.get("areas", f"/v1/areas/{area_id}/members", params=params)
        except PeerUnavailable as exc:
            raise AreasUnavailable(exc.reason) from exc
        if reply.status == 404:
            raise NotFound(f"No employment area '{area_id}'.")
        if not reply.ok or not isinstance(reply.body, dict):
            raise AreasUnavailable(f"answered {reply.status} to the member list")
        codes += [str(m["municipality_code"]) for m in reply.body.get("items", [])]
        cursor = reply.body.get("next_cursor")
        if not cursor:
            return sorted(set(codes))
        params = {**params, "cursor": str(cursor)}

"""Whether a municipality is a member of the area, as the areas service says.

The areas service owns areas and their members (DESIGN.md: another service's entity is
asked for over HTTP, as the caller, so its rights apply). Membership is required: an
area's places of service are in its members (plan §4). A write asks for the members on
today (Finnish time) and on the office's `opened_on`, so that an office planned for a
member-to-be, or recorded for an area before it starts, is accepted. When the areas
service cannot answer, the write is 502 and nothing is written; reads never ask.
"""

import datetime as dt
from collections.abc import Iterable

from offices.errors import MunicipalityNotAMember
from servicekit.errors import DependencyUnavailable, NotFound
from servicekit.peers import PeerCalls, PeerReply, PeerUnavailable

MEMBERS_PAGE = "500"


async def _members(calls: PeerCalls, area_id: str, params: dict[str, str]) -> PeerReply:
    try:
        reply = await calls.get("areas", f"/v1/areas/{area_id}/members", params=params)
    except PeerUnavailable as exc:
        raise exc.problem() from exc
    if reply.status == 404:
        raise NotFound(f"No employment area '{area_id}'.")
    if not reply.ok or not isinstance(reply.body, dict):
        raise DependencyUnavailable("areas", f"answered {reply.status}")
    return reply


async def member_codes(calls: PeerCalls, area_id: str, days: Iterable[dt.date]) -> set[str]:
    """The codes of the area's members on any of `days`."""
    codes: set[str] = set()
    for day in sorted(set(days)):
        params = {"on": day.isoformat(), "limit": MEMBERS_PAGE}
        while True:
            body = (await _members(calls, area_id, params)).body
            codes |= {str(member["municipality_code"]) for member in body["items"]}
            cursor = body.get("next_cursor")
            if not cursor:
                break
            params = {**params, "cursor": str(cursor)}
    return codes


async def check_member(
    calls: PeerCalls, area_id: str, code: str, *, today: dt.date, opened_on: dt.date | None
) -> None:
    days = [today] if opened_on is None else [today, opened_on]
    if code not in await member_codes(calls, area_id, days):
        raise MunicipalityNotAMember(code)

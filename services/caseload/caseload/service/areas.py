"""The area a write is for, as the areas service knows it, and its service lines.

The areas service owns areas and their members (DESIGN.md: another service's entity is
referenced by its id and asked for over HTTP). The first write for an area here asks it
whether the area exists, as the caller (so its rights apply), and records the area with
the default service lines; later writes find that record. Writes that name municipalities
ask for the members each time, as membership changes. Reads never ask: an area with
nothing recorded here answers the default lines, no staff and no customers.
"""

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from caseload.errors import ServiceLineInUse, UnknownOffice
from caseload.models import Area
from caseload.repository import areas as repository
from caseload.repository.rows import Source
from caseload.rules.caseload import LineTarget
from caseload.schemas.service_lines import ServiceLineRead, ServiceLinesState, ServiceLineWrite
from caseload.vocabulary import DEFAULT_SERVICE_LINES
from servicekit.errors import DependencyUnavailable, FieldError, NotFound, UnprocessableContent
from servicekit.http import Preconditions
from servicekit.peers import PeerCalls, PeerReply, PeerUnavailable

MEMBERS_PAGE = "500"


def area_not_found(area_id: str) -> NotFound:
    return NotFound(f"No employment area '{area_id}'.")


async def _ask(
    calls: PeerCalls, service: str, path: str, params: dict[str, str] | None = None
) -> PeerReply:
    try:
        reply = await calls.get(service, path, params=params)
    except PeerUnavailable as exc:
        raise DependencyUnavailable(exc.service, exc.reason) from exc
    if not reply.ok and reply.status != 404:
        raise DependencyUnavailable(service, f"answered {reply.status}")
    return reply


async def ensure_area(session: AsyncSession, calls: PeerCalls, area_id: str) -> None:
    """Records the area (with the default service lines) once the areas service has it."""
    if await repository.area_exists(session, area_id):
        return
    reply = await _ask(calls, "areas", f"/v1/areas/{area_id}")
    if reply.status == 404:
        raise area_not_found(area_id)
    await repository.add_area(session, area_id, DEFAULT_SERVICE_LINES)


async def member_codes(calls: PeerCalls, area_id: str, days: Iterable[dt.date]) -> set[str]:
    """The codes of the area's members on any of `days`, from the areas service."""
    codes: set[str] = set()
    for day in sorted(set(days)):
        params = {"on": day.isoformat(), "limit": MEMBERS_PAGE}
        while True:
            reply = await _ask(calls, "areas", f"/v1/areas/{area_id}/members", params)
            if reply.status == 404:
                raise area_not_found(area_id)
            codes |= {str(member["municipality_code"]) for member in reply.body["items"]}
            cursor = reply.body.get("next_cursor")
            if not cursor:
                break
            params = {**params, "cursor": str(cursor)}
    return codes


async def check_office(calls: PeerCalls, area_id: str, office_id: int | None) -> None:
    """An office id is checked with the offices service when it is configured (ALUE_SERVICES
    names it, as `alue run` does); where it is not configured, any id is taken as given."""
    if office_id is None or "offices" not in calls.peers.names:
        return
    reply = await _ask(calls, "offices", f"/v1/areas/{area_id}/offices/{office_id}")
    if reply.status == 404:
        raise UnknownOffice(office_id)


DEFAULT_LINES = [
    ServiceLineRead(
        key=line.key, name_fi=line.name_fi, target_customers_per_fte=line.target_customers_per_fte
    )
    for line in DEFAULT_SERVICE_LINES
]


async def service_lines(source: Source, area_id: str) -> list[ServiceLineRead]:
    """The area's lines in their order; the defaults while it has none recorded."""
    rows = await repository.service_lines(source, area_id)
    if not rows:
        return DEFAULT_LINES
    return [ServiceLineRead.model_validate(row) for row in rows]


def line_targets(lines: Sequence[ServiceLineRead]) -> list[LineTarget]:
    return [LineTarget(line.key, line.name_fi, line.target_customers_per_fte) for line in lines]


def _repeated_keys(lines: Sequence[ServiceLineWrite]) -> list[FieldError]:
    first_at: dict[str, int] = {}
    errors = []
    for index, line in enumerate(lines):
        earlier = first_at.setdefault(line.key, index)
        if earlier != index:
            errors.append(FieldError(f"{index}.key", f"repeats the key of line {earlier}"))
    return errors


async def put_service_lines(
    session: AsyncSession,
    calls: PeerCalls,
    *,
    area_id: str,
    lines: Sequence[ServiceLineWrite],
    guard: Preconditions,
) -> ServiceLinesState:
    """Replaces the area's lines, in the order given. A line still named by a staff
    position, customer counts or a scenario cannot be left out (409)."""
    repeated = _repeated_keys(lines)
    if repeated:
        raise UnprocessableContent("Service line keys must be unique.", repeated)
    await ensure_area(session, calls, area_id)
    area: Area = await guard.lock(
        session,
        repository.select_area_lines(area_id),
        model=ServiceLinesState,
        not_found=area_not_found(area_id),
    )
    left_out = {line.key for line in area.service_lines} - {line.key for line in lines}
    in_use = left_out & await repository.service_lines_in_use(session, area_id)
    if in_use:
        raise ServiceLineInUse(sorted(in_use))
    await repository.replace_service_lines(session, area_id, [line.model_dump() for line in lines])
    return ServiceLinesState(
        service_lines=[ServiceLineRead.model_validate(line.model_dump()) for line in lines]
    )

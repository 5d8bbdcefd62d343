"""Routes for an area's service lines and their caseload targets.

A new area starts with the default lines (`caseload.vocabulary.DEFAULT_SERVICE_LINES`);
`PUT` replaces the whole list and needs `If-Match` with the ETag of the list read (428
without, 412 when stale).
"""

from typing import Annotated

from fastapi import APIRouter, Body

from caseload.api.deps import AreaReader, AreaWriter, Session
from caseload.api.params import AreaIdPath
from caseload.errors import ServiceLineInUse
from caseload.schemas.service_lines import ServiceLineRead, ServiceLinesState, ServiceLineWrite
from caseload.service import areas as service
from caseload.vocabulary import MAX_SERVICE_LINES
from servicekit.db import DbReads
from servicekit.errors import DependencyUnavailable, NotFound, raises
from servicekit.http import FreshRead, IfMatch
from servicekit.peers import AsCaller

router = APIRouter(tags=["service lines"])

LINES = "/areas/{area_id}/service-lines"


@router.get(LINES)
async def list_service_lines(
    area_id: AreaIdPath, reads: DbReads, _: AreaReader, fresh: FreshRead
) -> list[ServiceLineRead]:
    """The area's service lines in their order, each with its target (customers per FTE at
    most; null: none)."""
    lines = await service.service_lines(reads, area_id)
    fresh.respond(ServiceLinesState(service_lines=lines))
    return lines


@router.put(LINES)
@raises(NotFound, ServiceLineInUse, DependencyUnavailable)
async def put_service_lines(
    area_id: AreaIdPath,
    body: Annotated[list[ServiceLineWrite], Body(min_length=1, max_length=MAX_SERVICE_LINES)],
    session: Session,
    calls: AsCaller,
    _: AreaWriter,
    preconditions: IfMatch,
) -> list[ServiceLineRead]:
    """Replaces the list, in the order given. Leaving out a line that staff, customer counts
    or a scenario still name is 409 `service-line-in-use`."""
    state = await service.put_service_lines(
        session, calls, area_id=area_id, lines=body, guard=preconditions
    )
    preconditions.respond(state)
    return state.service_lines

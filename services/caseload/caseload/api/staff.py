"""Routes for staff positions and the staff summary (plan §2.3).

A position needs no person: `name` is optional and answered only to those who may write
the area (its planners, and admins); everyone else reads `name: null`. Changing or
deleting a position needs `If-Match` (428 without, 412 when stale).
"""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from caseload.api.deps import AreaReader, AreaWriter, IdempotentAreaWriter, Session
from caseload.api.params import AreaIdPath, RowId
from caseload.errors import (
    StaffPositionNotFound,
    StaffSummaryReadOnly,
    UnknownOffice,
    UnknownServiceLine,
)
from caseload.models import StaffPosition
from caseload.repository.staff import StaffFilters
from caseload.schemas.common import BoundedDate, ServiceLineKey
from caseload.schemas.staff import OfficeId, StaffPositionRead, StaffPositionWrite, StaffSummary
from caseload.service import staff as service
from caseload.vocabulary import StaffFunction, StaffOrigin
from servicekit.auth import Principal
from servicekit.clock import today_in_finland
from servicekit.db import DbReads
from servicekit.errors import DependencyUnavailable, NotFound, raises
from servicekit.http import ETaggedWrite, FreshRead, IfMatch, Page, PageParams
from servicekit.idempotency import IdempotentRoute
from servicekit.links import public_path
from servicekit.peers import AsCaller

router = APIRouter(tags=["staff"], route_class=IdempotentRoute)

STAFF = "/areas/{area_id}/staff"
# Only digits name a position, so that `.../staff/summary` is never taken for one.
POSITION = STAFF + "/{position_id:int}"


def shown_to(principal: Principal, area_id: str, read: StaffPositionRead) -> StaffPositionRead:
    """The position as `principal` may see it: the name only for the area's writers."""
    if read.name is None or principal.may_write_area(area_id):
        return read
    return read.model_copy(update={"name": None})


@router.post(STAFF, status_code=status.HTTP_201_CREATED)
@raises(NotFound, UnknownServiceLine, UnknownOffice, DependencyUnavailable)
async def create_staff_position(
    area_id: AreaIdPath,
    body: StaffPositionWrite,
    request: Request,
    response: Response,
    session: Session,
    calls: AsCaller,
    _: IdempotentAreaWriter,
    written: ETaggedWrite,
) -> StaffPositionRead:
    position = await service.create_position(session, calls, area_id=area_id, data=body)
    read = written.read(StaffPositionRead, position)
    response.headers["Location"] = public_path(request, f"/v1/areas/{area_id}/staff/{read.id}")
    return read


@router.get(STAFF)
async def list_staff_positions(
    area_id: AreaIdPath,
    reads: DbReads,
    principal: AreaReader,
    page: PageParams,
    service_line: ServiceLineKey | None = None,
    function: StaffFunction | None = None,
    origin: StaffOrigin | None = None,
    office_id: Annotated[OfficeId | None, Query()] = None,
    active_on: Annotated[
        BoundedDate | None, Query(description="Only positions active on this day")
    ] = None,
) -> Page[StaffPositionRead]:
    filters = StaffFilters(
        service_line=service_line,
        function=function.value if function else None,
        origin=origin.value if origin else None,
        office_id=office_id,
        active_on=active_on,
    )
    rows = await service.list_positions(
        reads, area_id=area_id, filters=filters, page=page.keyset(int)
    )
    listed = page.build(StaffPositionRead, rows, key=lambda p: (p.id,))
    listed.items = [shown_to(principal, area_id, item) for item in listed.items]
    return listed


@router.get(STAFF + "/summary")
async def read_staff_summary(
    area_id: AreaIdPath,
    reads: DbReads,
    _: AreaReader,
    on: Annotated[
        BoundedDate | None, Query(description="The day (default: today in Finland)")
    ] = None,
) -> StaffSummary:
    """The positions active on `on` and their FTE by function, origin, service line and
    office (`office_id: null`: no office recorded)."""
    return await service.staff_summary(reads, area_id=area_id, on=on or today_in_finland())


@router.api_route(
    STAFF + "/summary", methods=["POST", "PUT", "PATCH", "DELETE"], include_in_schema=False
)
@raises(StaffSummaryReadOnly)
async def refuse_staff_summary_change(area_id: AreaIdPath, _: AreaReader) -> None:
    """Declared so that `summary` is not taken for a position id: 405 (after the usual 404
    for outsiders)."""
    raise StaffSummaryReadOnly()


@router.get(POSITION)
@raises(StaffPositionNotFound)
async def get_staff_position(
    area_id: AreaIdPath,
    position_id: RowId,
    session: Session,
    principal: AreaReader,
    fresh: FreshRead,
) -> StaffPositionRead:
    position = await service.get_position(session, area_id=area_id, position_id=position_id)
    return fresh.respond(shown_to(principal, area_id, StaffPositionRead.model_validate(position)))


@router.put(POSITION)
@raises(StaffPositionNotFound, UnknownServiceLine, UnknownOffice, DependencyUnavailable)
async def replace_staff_position(
    area_id: AreaIdPath,
    position_id: RowId,
    body: StaffPositionWrite,
    session: Session,
    calls: AsCaller,
    _: AreaWriter,
    preconditions: IfMatch,
) -> StaffPositionRead:
    position: StaffPosition = await service.replace_position(
        session,
        calls,
        area_id=area_id,
        position_id=position_id,
        data=body,
        guard=preconditions,
    )
    return preconditions.read(StaffPositionRead, position)


@router.delete(POSITION, status_code=status.HTTP_204_NO_CONTENT)
@raises(StaffPositionNotFound)
async def delete_staff_position(
    area_id: AreaIdPath,
    position_id: RowId,
    session: Session,
    _: AreaWriter,
    preconditions: IfMatch,
) -> None:
    """Removes a position recorded by mistake; a position that ends gets its `end_date`."""
    await service.delete_position(
        session, area_id=area_id, position_id=position_id, guard=preconditions
    )

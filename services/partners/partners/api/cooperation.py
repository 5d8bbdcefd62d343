"""Routes for an area's cooperation arrangements (plan §5, §5.1).

Read by the area's readers, written by its planners and admins; replacing or deleting an
arrangement needs `If-Match` (428 without, 412 when stale).
"""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from partners.api.deps import AreaReader, AreaWriter, IdempotentAreaWriter, Session
from partners.api.params import AreaIdPath, OnDate, RowId
from partners.errors import CooperationNotFound, UnknownArea, UnknownPartner
from partners.repository.cooperation import CooperationFilters
from partners.schemas.cooperation import CooperationRead, CooperationWrite
from partners.service import cooperation as service
from partners.vocabulary import CooperationKind, Theme
from servicekit.clock import today_in_finland
from servicekit.db import DbReads
from servicekit.errors import DependencyUnavailable, NotFound, raises
from servicekit.http import ETaggedWrite, FreshRead, IfMatch, Page, PageParams
from servicekit.idempotency import IdempotentRoute
from servicekit.links import public_path
from servicekit.peers import AsCaller

router = APIRouter(tags=["cooperation"], route_class=IdempotentRoute)

COOPERATION = "/areas/{area_id}/cooperation"
ONE = COOPERATION + "/{cooperation_id}"


@router.post(COOPERATION, status_code=status.HTTP_201_CREATED)
@raises(NotFound, UnknownPartner, UnknownArea, DependencyUnavailable)
async def create_cooperation(
    area_id: AreaIdPath,
    body: CooperationWrite,
    request: Request,
    response: Response,
    session: Session,
    calls: AsCaller,
    _: IdempotentAreaWriter,
    written: ETaggedWrite,
) -> CooperationRead:
    cooperation = await service.create_cooperation(session, calls, area_id=area_id, data=body)
    read = written.read(CooperationRead, cooperation)
    response.headers["Location"] = public_path(
        request, f"/v1/areas/{area_id}/cooperation/{read.id}"
    )
    return read


@router.get(COOPERATION)
async def list_cooperation(
    area_id: AreaIdPath,
    reads: DbReads,
    _: AreaReader,
    page: PageParams,
    kind: CooperationKind | None = None,
    theme: Theme | None = None,
    expiring_within_days: Annotated[
        int | None,
        Query(
            ge=0,
            le=3650,
            description="Only those whose last day is from `on` to this many days after it",
        ),
    ] = None,
    on: OnDate = None,
) -> Page[CooperationRead]:
    start = on or today_in_finland()
    window = (
        service.expiring_window(start, expiring_within_days)
        if expiring_within_days is not None
        else (None, None)
    )
    filters = CooperationFilters(
        kind=kind.value if kind else None,
        theme=theme.value if theme else None,
        expiring_from=window[0],
        expiring_until=window[1],
    )
    rows = await service.list_cooperation(
        reads, area_id=area_id, filters=filters, page=page.keyset(int)
    )
    return page.build(CooperationRead, rows, key=lambda c: (c.id,))


@router.get(ONE)
@raises(CooperationNotFound)
async def get_cooperation(
    area_id: AreaIdPath, cooperation_id: RowId, session: Session, _: AreaReader, fresh: FreshRead
) -> CooperationRead:
    cooperation = await service.get_cooperation(
        session, area_id=area_id, cooperation_id=cooperation_id
    )
    return fresh.read(CooperationRead, cooperation)


@router.put(ONE)
@raises(CooperationNotFound, UnknownPartner, UnknownArea)
async def replace_cooperation(
    area_id: AreaIdPath,
    cooperation_id: RowId,
    body: CooperationWrite,
    session: Session,
    _: AreaWriter,
    preconditions: IfMatch,
) -> CooperationRead:
    cooperation = await service.replace_cooperation(
        session, area_id=area_id, cooperation_id=cooperation_id, data=body, guard=preconditions
    )
    return preconditions.read(CooperationRead, cooperation)


@router.delete(ONE, status_code=status.HTTP_204_NO_CONTENT)
@raises(CooperationNotFound)
async def delete_cooperation(
    area_id: AreaIdPath,
    cooperation_id: RowId,
    session: Session,
    _: AreaWriter,
    preconditions: IfMatch,
) -> None:
    await service.delete_cooperation(
        session, area_id=area_id, cooperation_id=cooperation_id, guard=preconditions
    )

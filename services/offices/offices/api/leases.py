"""Routes for leases of premises, their notice dates, the area's upcoming notice
deadlines and its yearly rents (DOMAIN.md §4; plan §4, §2.1)."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from offices.api import examples
from offices.api.deps import AreaReader, AreaWriter, IdempotentAreaWriter, Session
from offices.api.params import AreaIdPath, LeaseIdPath, OfficeIdPath
from offices.errors import LeaseNotFound, OfficeNotFound
from offices.schemas.common import BoundedDate
from offices.schemas.leases import (
    LeaseRead,
    LeaseWrite,
    NoticeRead,
    PremisesCosts,
    UpcomingNotices,
)
from offices.service import leases as service
from offices.vocabulary import MAX_WITHIN_DAYS, YEARS
from servicekit.clock import today_in_finland
from servicekit.db import DbReads
from servicekit.errors import FieldError, UnprocessableContent, raises
from servicekit.http import ETaggedWrite, FreshRead, IfMatch, Page, PageParams
from servicekit.idempotency import IdempotentRoute
from servicekit.links import public_path

router = APIRouter(tags=["leases"], route_class=IdempotentRoute)

LEASES = "/areas/{area_id}/offices/{office_id}/leases"
LEASE = LEASES + "/{lease_id}"


@router.post(LEASES, status_code=status.HTTP_201_CREATED, openapi_extra=examples.CREATE_LEASE)
@raises(OfficeNotFound)
async def create_lease(
    area_id: AreaIdPath,
    office_id: OfficeIdPath,
    body: LeaseWrite,
    request: Request,
    response: Response,
    session: Session,
    _: IdempotentAreaWriter,
    written: ETaggedWrite,
) -> LeaseRead:
    lease = await service.create_lease(session, area_id=area_id, office_id=office_id, data=body)
    read = written.read(LeaseRead, lease)
    location = f"/v1/areas/{area_id}/offices/{office_id}/leases/{read.id}"
    response.headers["Location"] = public_path(request, location)
    return read


@router.get(LEASES)
@raises(OfficeNotFound)
async def list_leases(
    area_id: AreaIdPath,
    office_id: OfficeIdPath,
    session: Session,
    reads: DbReads,
    _: AreaReader,
    page: PageParams,
) -> Page[LeaseRead]:
    rows = await service.list_leases(
        session, reads, area_id=area_id, office_id=office_id, page=page.keyset(int)
    )
    return page.build(LeaseRead, rows, key=lambda lease: (lease.id,))


@router.get(LEASE)
@raises(LeaseNotFound)
async def get_lease(
    area_id: AreaIdPath,
    office_id: OfficeIdPath,
    lease_id: LeaseIdPath,
    session: Session,
    _: AreaReader,
    fresh: FreshRead,
) -> LeaseRead:
    lease = await service.get_lease(
        session, area_id=area_id, office_id=office_id, lease_id=lease_id
    )
    return fresh.respond(LeaseRead.model_validate(lease))


@router.put(LEASE)
@raises(LeaseNotFound)
async def replace_lease(
    area_id: AreaIdPath,
    office_id: OfficeIdPath,
    lease_id: LeaseIdPath,
    body: LeaseWrite,
    session: Session,
    _: AreaWriter,
    preconditions: IfMatch,
) -> LeaseRead:
    lease = await service.replace_lease(
        session,
        area_id=area_id,
        office_id=office_id,
        lease_id=lease_id,
        data=body,
        guard=preconditions,
    )
    return preconditions.read(LeaseRead, lease)


@router.get(LEASE + "/notice")
@raises(LeaseNotFound, UnprocessableContent)
async def get_lease_notice(
    area_id: AreaIdPath,
    office_id: OfficeIdPath,
    lease_id: LeaseIdPath,
    session: Session,
    _: AreaReader,
    end_by: Annotated[
        BoundedDate | None, Query(description="The lease is to end by this day: notice by when?")
    ] = None,
    given_on: Annotated[
        BoundedDate | None,
        Query(description="Notice given this day (default: today in Finland): ends when?"),
    ] = None,
) -> NoticeRead:
    """The notice deadline for an end (`end_by`), or the end of notice given on a day
    (`given_on`); one of the two. A fixed-term lease answers its end date."""
    if end_by is not None and given_on is not None:
        message = "give end_by or given_on, not both"
        raise UnprocessableContent(message, [FieldError("given_on", message, in_="query")])
    lease = await service.get_lease(
        session, area_id=area_id, office_id=office_id, lease_id=lease_id
    )
    if end_by is None and given_on is None:
        given_on = today_in_finland()
    return service.notice_answer(lease, end_by=end_by, given_on=given_on)


@router.get("/areas/{area_id}/leases/upcoming")
async def list_upcoming_notices(
    area_id: AreaIdPath,
    reads: DbReads,
    _: AreaReader,
    within_days: Annotated[int, Query(ge=0, le=MAX_WITHIN_DAYS)] = 180,
    end_by: Annotated[
        BoundedDate | None,
        Query(description="The end to plan for; default: each lease's next 31 December"),
    ] = None,
    today: Annotated[
        BoundedDate | None, Query(description="Count from this day (default: today in Finland)")
    ] = None,
) -> UpcomingNotices:
    """The running leases whose deadline (the last day to give notice for the end, or a
    fixed term's last day) falls within `within_days` of `today`, soonest first."""
    return await service.upcoming_notices(
        reads,
        area_id=area_id,
        today=today or today_in_finland(),
        within_days=within_days,
        end_by=end_by,
    )


@router.get("/areas/{area_id}/premises-costs")
async def get_premises_costs(
    area_id: AreaIdPath,
    reads: DbReads,
    _: AreaReader,
    year: Annotated[int | None, Query(ge=YEARS[0], le=YEARS[1])] = None,
) -> PremisesCosts:
    """The year's rents (default: this year in Finland) by office and in total, to the
    cent; a month covered in part is paid by its days."""
    return await service.premises_costs(
        reads, area_id=area_id, year=year or today_in_finland().year
    )

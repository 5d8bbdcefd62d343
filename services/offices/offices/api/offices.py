"""Routes for an area's offices and service points (DOMAIN.md §4), and their export as
HSDS 3.0 locations or PTV v11 ServiceLocation channels (DOMAIN.md §6).

Creating takes `Idempotency-Key`; replacing and deleting need `If-Match` (428 without,
412 when stale). A write asks the areas service whether `municipality_code` is a member
(`offices.service.areas`).
"""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.responses import JSONResponse

from offices.api import examples
from offices.api.deps import AreaReader, AreaWriter, IdempotentAreaWriter, Session
from offices.api.params import AreaIdPath, OfficeIdPath
from offices.errors import MunicipalityNotAMember, OfficeNotFound
from offices.repository.offices import OfficeFilters
from offices.schemas.common import BoundedDate, MunicipalityCode
from offices.schemas.export import HsdsLocation, PtvServiceLocation
from offices.schemas.offices import OfficeRead, OfficeWrite
from offices.service import export
from offices.service import offices as service
from offices.vocabulary import ExportFormat, OfficeKind, OfficeStatus
from servicekit.clock import today_in_finland
from servicekit.db import DbReads
from servicekit.errors import DependencyUnavailable, NotFound, raises
from servicekit.http import ETaggedWrite, FreshRead, IfMatch, Page, PageParams
from servicekit.idempotency import IdempotentRoute
from servicekit.links import public_path
from servicekit.peers import AsCaller

router = APIRouter(tags=["offices"], route_class=IdempotentRoute)

OFFICES = "/areas/{area_id}/offices"
OFFICE = OFFICES + "/{office_id}"


@router.post(OFFICES, status_code=status.HTTP_201_CREATED, openapi_extra=examples.CREATE_OFFICE)
@raises(NotFound, MunicipalityNotAMember, DependencyUnavailable)
async def create_office(
    area_id: AreaIdPath,
    body: OfficeWrite,
    request: Request,
    response: Response,
    session: Session,
    calls: AsCaller,
    _: IdempotentAreaWriter,
    written: ETaggedWrite,
) -> OfficeRead:
    office = await service.create_office(session, calls, area_id=area_id, data=body)
    read = written.read(OfficeRead, office)
    response.headers["Location"] = public_path(request, f"/v1/areas/{area_id}/offices/{read.id}")
    return read


@router.get(
    OFFICES, response_model=Page[OfficeRead] | Page[HsdsLocation] | Page[PtvServiceLocation]
)
async def list_offices(
    area_id: AreaIdPath,
    reads: DbReads,
    _: AreaReader,
    page: PageParams,
    kind: OfficeKind | None = None,
    status: OfficeStatus | None = None,
    municipality_code: Annotated[MunicipalityCode | None, Query()] = None,
    format: Annotated[
        ExportFormat,
        Query(
            description="`json`: this service's offices; `hsds`: Open Referral HSDS 3.0 "
            "locations; `ptv`: PTV v11 ServiceLocation channels"
        ),
    ] = ExportFormat.json,
    on: Annotated[
        BoundedDate | None,
        Query(
            description="hsds: the day whose UTC offset the schedules carry, and from which "
            "exceptions are listed (default: today in Finland)"
        ),
    ] = None,
) -> Page[OfficeRead] | JSONResponse:
    """The area's offices, by id, with the filters; in an export format with `format`."""
    filters = OfficeFilters(
        kind=kind.value if kind else None,
        status=status.value if status else None,
        municipality_code=municipality_code,
    )
    rows = await service.list_offices(
        reads, area_id=area_id, filters=filters, page=page.keyset(int)
    )
    listed = page.build(OfficeRead, rows, key=lambda o: (o.id,))
    if format == ExportFormat.json:
        return listed
    shown = rows[: page.limit]
    items = await export.exported(reads, shown, export=format, on=on or today_in_finland())
    body = {
        "items": [item.model_dump(mode="json", by_alias=True, exclude_none=True) for item in items],
        "next_cursor": listed.next_cursor,
    }
    headers = {"Link": page.response.headers["Link"]} if "Link" in page.response.headers else {}
    return JSONResponse(body, headers=headers)


@router.get(OFFICE)
@raises(OfficeNotFound)
async def get_office(
    area_id: AreaIdPath, office_id: OfficeIdPath, session: Session, _: AreaReader, fresh: FreshRead
) -> OfficeRead:
    office = await service.get_office(session, area_id=area_id, office_id=office_id)
    return fresh.respond(OfficeRead.model_validate(office))


@router.put(OFFICE)
@raises(OfficeNotFound, MunicipalityNotAMember, DependencyUnavailable, NotFound)
async def replace_office(
    area_id: AreaIdPath,
    office_id: OfficeIdPath,
    body: OfficeWrite,
    session: Session,
    calls: AsCaller,
    _: AreaWriter,
    preconditions: IfMatch,
) -> OfficeRead:
    office = await service.replace_office(
        session, calls, area_id=area_id, office_id=office_id, data=body, guard=preconditions
    )
    return preconditions.read(OfficeRead, office)


@router.delete(OFFICE, status_code=status.HTTP_204_NO_CONTENT)
@raises(OfficeNotFound)
async def delete_office(
    area_id: AreaIdPath,
    office_id: OfficeIdPath,
    session: Session,
    _: AreaWriter,
    preconditions: IfMatch,
) -> None:
    """Removes an office recorded by mistake, with its hours and leases; an office that
    closes keeps its record with `status: closed` and `closed_on`."""
    await service.delete_office(session, area_id=area_id, office_id=office_id, guard=preconditions)

"""Routes for an area's service inventory (palvelukartoitus, plan §8) and its coverage.

Read by the area's readers, written by its planners and admins; replacing or deleting a
service needs `If-Match`. `?format=hsds` answers the selection as Open Referral HSDS 3.0
services. Writes and the coverage ask the areas service for the members (502 when it
cannot answer).
"""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from partners.api.deps import AreaReader, AreaWriter, IdempotentAreaWriter, Session
from partners.api.params import AreaIdPath, ListFormat, MunicipalityCodeQuery, OnDate, RowId
from partners.errors import NotAnAreaMember, ServiceNotFound, UnknownPartner
from partners.repository.services import ServiceFilters
from partners.schemas.coverage import Coverage
from partners.schemas.hsds import HsdsServicePage
from partners.schemas.services import ServiceRead, ServiceWrite
from partners.service import services as service
from partners.vocabulary import INT4_MAX, ServiceStatus, TargetGroup
from servicekit.clock import today_in_finland
from servicekit.db import DbReads
from servicekit.errors import DependencyUnavailable, NotFound, raises
from servicekit.http import ETaggedWrite, FreshRead, IfMatch, Page, PageParams
from servicekit.idempotency import IdempotentRoute
from servicekit.links import public_path
from servicekit.peers import AsCaller

router = APIRouter(tags=["services"], route_class=IdempotentRoute)

SERVICES = "/areas/{area_id}/services"
ONE = SERVICES + "/{service_id}"


@router.post(SERVICES, status_code=status.HTTP_201_CREATED)
@raises(NotFound, UnknownPartner, NotAnAreaMember, DependencyUnavailable)
async def create_service(
    area_id: AreaIdPath,
    body: ServiceWrite,
    request: Request,
    response: Response,
    session: Session,
    calls: AsCaller,
    _: IdempotentAreaWriter,
    written: ETaggedWrite,
) -> ServiceRead:
    """Its provider municipality and the municipalities it reaches must be members of
    the area today; a partner provider must exist."""
    created = await service.create_service(session, calls, area_id=area_id, data=body)
    read = written.read(ServiceRead, created)
    response.headers["Location"] = public_path(request, f"/v1/areas/{area_id}/services/{read.id}")
    return read


@router.get(SERVICES)
@raises(DependencyUnavailable)
async def list_services(
    area_id: AreaIdPath,
    reads: DbReads,
    calls: AsCaller,
    _: AreaReader,
    page: PageParams,
    status: ServiceStatus | None = None,
    target_group: TargetGroup | None = None,
    municipality_code: MunicipalityCodeQuery = None,
    partner_id: Annotated[int | None, Query(ge=1, le=INT4_MAX, description="Its provider")] = None,
    active_on: OnDate = None,
    format: ListFormat = "json",
) -> Page[ServiceRead] | HsdsServicePage:
    filters = ServiceFilters(
        status=status.value if status else None,
        target_group=target_group.value if target_group else None,
        municipality_code=municipality_code,
        partner_id=partner_id,
        active_on=active_on,
    )
    if format == "hsds":
        return await service.hsds_services(reads, calls, area_id=area_id, filters=filters)
    rows = await service.list_services(
        reads, area_id=area_id, filters=filters, page=page.keyset(int)
    )
    return page.build(ServiceRead, rows, key=lambda s: (s.id,))


@router.get(ONE)
@raises(ServiceNotFound)
async def get_service(
    area_id: AreaIdPath, service_id: RowId, session: Session, _: AreaReader, fresh: FreshRead
) -> ServiceRead:
    found = await service.get_service(session, area_id=area_id, service_id=service_id)
    return fresh.read(ServiceRead, found)


@router.put(ONE)
@raises(ServiceNotFound, UnknownPartner, NotAnAreaMember, DependencyUnavailable)
async def replace_service(
    area_id: AreaIdPath,
    service_id: RowId,
    body: ServiceWrite,
    session: Session,
    calls: AsCaller,
    _: AreaWriter,
    preconditions: IfMatch,
) -> ServiceRead:
    replaced = await service.replace_service(
        session, calls, area_id=area_id, service_id=service_id, data=body, guard=preconditions
    )
    return preconditions.read(ServiceRead, replaced)


@router.delete(ONE, status_code=status.HTTP_204_NO_CONTENT)
@raises(ServiceNotFound)
async def delete_service(
    area_id: AreaIdPath, service_id: RowId, session: Session, _: AreaWriter, preconditions: IfMatch
) -> None:
    await service.delete_service(
        session, area_id=area_id, service_id=service_id, guard=preconditions
    )


@router.get("/areas/{area_id}/coverage")
@raises(NotFound, DependencyUnavailable)
async def read_coverage(
    area_id: AreaIdPath, reads: DbReads, calls: AsCaller, _: AreaReader, on: OnDate = None
) -> Coverage:
    """Every target group x the members on `on`: the active services in each cell, the cells
    with none as `gaps`, and the counts per row and column."""
    return await service.coverage(reads, calls, area_id=area_id, on=on or today_in_finland())

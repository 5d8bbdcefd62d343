"""Routes for employment areas, their membership over time and their exemptions.

Reading an area (and everything under it) is for its viewers and planners, reviewers and
admins; anyone else gets 404 as if it did not exist. Writing areas, members and exemptions
is for admins only (a reader of the area who is not an admin gets 403).
"""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from areas.api import examples
from areas.api.deps import (
    AreaAdmin,
    AreaReader,
    IdempotentAdmin,
    IdempotentAreaAdmin,
    Session,
)
from areas.api.params import AreaIdPath, RowId
from areas.errors import (
    AreaExists,
    AreaNotFound,
    ExemptionNotFound,
    MembershipNotFound,
    MembershipOverlap,
    UnknownMunicipalityField,
)
from areas.schemas.areas import (
    AreaCreate,
    AreaRead,
    AreaUpdate,
    ExemptionCreate,
    ExemptionRead,
    ExemptionUpdate,
    IsoDate,
    MembershipCreate,
    MembershipEnd,
    MembershipRead,
)
from areas.service import areas as service
from servicekit.clock import today_in_finland
from servicekit.errors import Conflict, raises
from servicekit.http import ETaggedWrite, FreshRead, IfMatch, ListingParams, Page, PageParams
from servicekit.idempotency import IdempotentRoute
from servicekit.links import public_path

router = APIRouter(tags=["areas"], route_class=IdempotentRoute)


OnDate = Annotated[
    IsoDate | None, Query(description="The date to look at (ISO); default: today in Finland")
]


@router.post("/areas", status_code=status.HTTP_201_CREATED, openapi_extra=examples.CREATE_AREA)
@raises(AreaExists, UnknownMunicipalityField)
async def create_area(
    body: AreaCreate,
    request: Request,
    response: Response,
    session: Session,
    _: IdempotentAdmin,
    written: ETaggedWrite,
) -> AreaRead:
    read = written.read(AreaRead, await service.create_area(session, data=body))
    response.headers["Location"] = public_path(request, f"/v1/areas/{read.id}")
    return read


@router.get("/areas")
async def list_areas(listing: ListingParams) -> Page[AreaRead]:
    """A viewer or planner sees the areas in their token; reviewers and admins see all."""
    page = listing.page
    rows = await service.list_areas(
        listing.reads, principal=listing.principal, page=page.keyset(str)
    )
    return page.build(AreaRead, rows, key=lambda a: (a["id"],))


@router.get("/areas/{area_id}")
@raises(AreaNotFound)
async def get_area(
    area_id: AreaIdPath, session: Session, _: AreaReader, fresh: FreshRead
) -> AreaRead:
    return fresh.read(AreaRead, await service.get_area(session, area_id=area_id))


@router.patch("/areas/{area_id}")
@raises(AreaNotFound, UnknownMunicipalityField)
async def update_area(
    area_id: AreaIdPath,
    body: AreaUpdate,
    session: Session,
    _: AreaAdmin,
    preconditions: IfMatch,
) -> AreaRead:
    """A partial update: the fields given change, the rest stay (If-Match required)."""
    area = await service.update_area(session, area_id=area_id, data=body, guard=preconditions)
    return preconditions.read(AreaRead, area)


@router.post(
    "/areas/{area_id}/members",
    status_code=status.HTTP_201_CREATED,
    openapi_extra=examples.ADD_MEMBER,
)
@raises(AreaNotFound, UnknownMunicipalityField, MembershipOverlap, Conflict)
async def add_member(
    area_id: AreaIdPath,
    body: MembershipCreate,
    request: Request,
    response: Response,
    session: Session,
    _: IdempotentAreaAdmin,
    written: ETaggedWrite,
) -> MembershipRead:
    """Adds a membership from `valid_from` to `valid_to` (inclusive; none: open-ended).

    A municipality is in one area at a time: a period overlapping any of its memberships,
    in this or another area, is 409 naming that area; adjacent periods are fine.
    """
    membership = await service.add_membership(session, area_id=area_id, data=body)
    read = written.read(MembershipRead, membership)
    response.headers["Location"] = public_path(request, f"/v1/areas/{area_id}/members/{read.id}")
    return read


@router.get("/areas/{area_id}/members")
@raises(AreaNotFound)
async def list_members(
    area_id: AreaIdPath, session: Session, _: AreaReader, page: PageParams, on: OnDate = None
) -> Page[MembershipRead]:
    """Memberships valid on `on` (default: today in Finland). `valid_to` is the last day
    (inclusive); an ended membership stays and is listed on its past dates.
    """
    rows = await service.list_members(
        session, area_id=area_id, on=on or today_in_finland(), page=page.keyset(str)
    )
    return page.build(MembershipRead, rows, key=lambda m: (m.municipality_code,))


@router.get("/areas/{area_id}/members/{membership_id}")
@raises(AreaNotFound, MembershipNotFound)
async def get_member(
    area_id: AreaIdPath, membership_id: RowId, session: Session, _: AreaReader, fresh: FreshRead
) -> MembershipRead:
    membership = await service.get_membership(session, area_id=area_id, membership_id=membership_id)
    return fresh.read(MembershipRead, membership)


@router.patch("/areas/{area_id}/members/{membership_id}")
@raises(AreaNotFound, MembershipNotFound, MembershipOverlap, Conflict)
async def end_membership(
    area_id: AreaIdPath,
    membership_id: RowId,
    body: MembershipEnd,
    session: Session,
    _: AreaAdmin,
    preconditions: IfMatch,
) -> MembershipRead:
    """Sets the membership's last day (`valid_to`); it stays in the history for past dates."""
    ended = await service.end_membership(
        session,
        area_id=area_id,
        membership_id=membership_id,
        valid_to=body.valid_to,
        guard=preconditions,
    )
    return preconditions.read(MembershipRead, ended)


@router.post("/areas/{area_id}/exemptions", status_code=status.HTTP_201_CREATED)
@raises(AreaNotFound)
async def add_exemption(
    area_id: AreaIdPath,
    body: ExemptionCreate,
    request: Request,
    response: Response,
    session: Session,
    _: IdempotentAreaAdmin,
    written: ETaggedWrite,
) -> ExemptionRead:
    """Records a Government exemption from one criterion; while valid, the area's
    eligibility reports that criterion as exempted (never passed).
    """
    exemption = await service.add_exemption(session, area_id=area_id, data=body)
    read = written.read(ExemptionRead, exemption)
    response.headers["Location"] = public_path(request, f"/v1/areas/{area_id}/exemptions/{read.id}")
    return read


@router.get("/areas/{area_id}/exemptions")
@raises(AreaNotFound)
async def list_exemptions(
    area_id: AreaIdPath,
    session: Session,
    _: AreaReader,
    page: PageParams,
    on: Annotated[
        IsoDate | None, Query(description="Only exemptions valid on this date; default: all")
    ] = None,
) -> Page[ExemptionRead]:
    rows = await service.list_exemptions(session, area_id=area_id, on=on, page=page.keyset(int))
    return page.build(ExemptionRead, rows, key=lambda e: (e.id,))


@router.get("/areas/{area_id}/exemptions/{exemption_id}")
@raises(AreaNotFound, ExemptionNotFound)
async def get_exemption(
    area_id: AreaIdPath, exemption_id: RowId, session: Session, _: AreaReader, fresh: FreshRead
) -> ExemptionRead:
    exemption = await service.get_exemption(session, area_id=area_id, exemption_id=exemption_id)
    return fresh.read(ExemptionRead, exemption)


@router.patch("/areas/{area_id}/exemptions/{exemption_id}")
@raises(AreaNotFound, ExemptionNotFound)
async def update_exemption(
    area_id: AreaIdPath,
    exemption_id: RowId,
    body: ExemptionUpdate,
    session: Session,
    _: AreaAdmin,
    preconditions: IfMatch,
) -> ExemptionRead:
    """Changes the exemption's last day (`valid_to`, not before `valid_from`: 422) or its
    `note`; the fields left out stay (If-Match required)."""
    updated = await service.update_exemption(
        session, area_id=area_id, exemption_id=exemption_id, data=body, guard=preconditions
    )
    return preconditions.read(ExemptionRead, updated)

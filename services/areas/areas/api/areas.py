"""Routes for employment areas, their membership over time and their exemptions.

Reading an area (and everything under it) is for its viewers and planners, reviewers and
admins; anyone else gets 404 as if it did not exist. Writing areas, members and exemptions
is for admins only (a reader of the area who is not an admin gets 403).
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status

from areas.api.deps import Admin, AnyReader, AreaReader, Session
from areas.api.params import AreaIdPath, RowId
from areas.schemas.areas import (
    AreaCreate,
    AreaRead,
    AreaUpdate,
    ExemptionCreate,
    ExemptionRead,
    IsoDate,
    MembershipCreate,
    MembershipEnd,
    MembershipRead,
)
from areas.service import areas as service
from servicekit.auth import Principal, current_principal, ensure_area_readable
from servicekit.errors import Forbidden
from servicekit.http import Page, PageParams, etag_of, require_if_match

router = APIRouter(tags=["areas"])


async def area_admin(
    area_id: AreaIdPath, principal: Principal = Depends(current_principal)
) -> Principal:
    """An admin writing under area `area_id`; others who may read the area get 403, the rest 404."""
    ensure_area_readable(principal, area_id)
    if not principal.has_role("admin"):
        raise Forbidden("Changing an employment area, its members or exemptions needs admin.")
    return principal


AreaAdmin = Annotated[Principal, Depends(area_admin)]
OnDate = Annotated[
    IsoDate | None, Query(description="The date to look at (ISO); default: today in Finland")
]


def _area_read(area: object, response: Response) -> AreaRead:
    read = AreaRead.model_validate(area)
    response.headers["ETag"] = etag_of(read)
    return read


@router.post("/areas", status_code=status.HTTP_201_CREATED)
async def create_area(body: AreaCreate, response: Response, session: Session, _: Admin) -> AreaRead:
    read = _area_read(await service.create_area(session, data=body), response)
    response.headers["Location"] = f"/v1/areas/{read.id}"
    return read


@router.get("/areas")
async def list_areas(session: Session, principal: AnyReader, page: PageParams) -> Page[AreaRead]:
    """A viewer or planner sees the areas in their token; reviewers and admins see all."""
    rows = await service.list_areas(session, principal=principal, page=page.keyset(str))
    return page.build(AreaRead, rows, key=lambda a: (a.id,))


@router.get("/areas/{area_id}")
async def get_area(
    area_id: AreaIdPath, response: Response, session: Session, _: AreaReader
) -> AreaRead:
    return _area_read(await service.get_area(session, area_id=area_id), response)


@router.patch("/areas/{area_id}")
async def update_area(
    area_id: AreaIdPath,
    body: AreaUpdate,
    request: Request,
    response: Response,
    session: Session,
    _: AreaAdmin,
) -> AreaRead:
    """A partial update: the fields given change, the rest stay (If-Match required)."""
    area = await service.get_area(session, area_id=area_id)
    require_if_match(request, etag_of(AreaRead.model_validate(area)))
    return _area_read(await service.update_area(session, area=area, data=body), response)


def _membership_read(membership: object, response: Response) -> MembershipRead:
    read = MembershipRead.model_validate(membership)
    response.headers["ETag"] = etag_of(read)
    return read


@router.post("/areas/{area_id}/members", status_code=status.HTTP_201_CREATED)
async def add_member(
    area_id: AreaIdPath, body: MembershipCreate, response: Response, session: Session, _: AreaAdmin
) -> MembershipRead:
    """Adds a membership from `valid_from` to `valid_to` (inclusive; none: open-ended).

    A municipality is in one area at a time: a period overlapping any of its memberships,
    in this or another area, is 409 naming that area; adjacent periods are fine.
    """
    membership = await service.add_membership(session, area_id=area_id, data=body)
    read = _membership_read(membership, response)
    response.headers["Location"] = f"/v1/areas/{area_id}/members/{read.id}"
    return read


@router.get("/areas/{area_id}/members")
async def list_members(
    area_id: AreaIdPath, session: Session, _: AreaReader, page: PageParams, on: OnDate = None
) -> Page[MembershipRead]:
    """Memberships valid on `on` (default: today in Finland). `valid_to` is the last day
    (inclusive); an ended membership stays and is listed on its past dates.
    """
    rows = await service.list_members(
        session, area_id=area_id, on=on or service.today(), page=page.keyset(str)
    )
    return page.build(MembershipRead, rows, key=lambda m: (m.municipality_code,))


@router.get("/areas/{area_id}/members/{membership_id}")
async def get_member(
    area_id: AreaIdPath, membership_id: RowId, response: Response, session: Session, _: AreaReader
) -> MembershipRead:
    membership = await service.get_membership(session, area_id=area_id, membership_id=membership_id)
    return _membership_read(membership, response)


@router.patch("/areas/{area_id}/members/{membership_id}")
async def end_membership(
    area_id: AreaIdPath,
    membership_id: RowId,
    body: MembershipEnd,
    request: Request,
    response: Response,
    session: Session,
    _: AreaAdmin,
) -> MembershipRead:
    """Sets the membership's last day (`valid_to`); it stays in the history for past dates."""
    membership = await service.get_membership(session, area_id=area_id, membership_id=membership_id)
    require_if_match(request, etag_of(MembershipRead.model_validate(membership)))
    ended = await service.end_membership(session, membership=membership, valid_to=body.valid_to)
    return _membership_read(ended, response)


@router.post("/areas/{area_id}/exemptions", status_code=status.HTTP_201_CREATED)
async def add_exemption(
    area_id: AreaIdPath, body: ExemptionCreate, response: Response, session: Session, _: AreaAdmin
) -> ExemptionRead:
    """Records a Government exemption from one criterion; while valid, the area's
    eligibility reports that criterion as exempted (never passed).
    """
    read = ExemptionRead.model_validate(
        await service.add_exemption(session, area_id=area_id, data=body)
    )
    response.headers["ETag"] = etag_of(read)
    response.headers["Location"] = f"/v1/areas/{area_id}/exemptions/{read.id}"
    return read


@router.get("/areas/{area_id}/exemptions")
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
async def get_exemption(
    area_id: AreaIdPath, exemption_id: RowId, response: Response, session: Session, _: AreaReader
) -> ExemptionRead:
    read = ExemptionRead.model_validate(
        await service.get_exemption(session, area_id=area_id, exemption_id=exemption_id)
    )
    response.headers["ETag"] = etag_of(read)
    return read

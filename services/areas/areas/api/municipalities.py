"""HTTP routes of the areas service: translate requests to service calls and back."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from areas.api import examples
from areas.api.deps import Admin, AnyReader, IdempotentAdmin, Session
from areas.api.params import MunicipalityCodePath
from areas.errors import MunicipalityExists, MunicipalityNotFound
from areas.schemas.municipalities import MunicipalityCreate, MunicipalityRead, MunicipalityUpdate
from areas.service import municipalities as service
from areas.vocabulary import MUNICIPALITY_CODE_LIST_PATTERN
from servicekit.errors import raises
from servicekit.fields import PLAIN_TEXT_PATTERN
from servicekit.http import ETaggedWrite, FreshRead, IfMatch, ListingParams, Page
from servicekit.idempotency import IdempotentRoute
from servicekit.links import public_path

router = APIRouter(tags=["municipalities"], route_class=IdempotentRoute)


CodesQuery = Annotated[
    str | None,
    Query(
        pattern=MUNICIPALITY_CODE_LIST_PATTERN,
        description="Comma-separated municipality codes, e.g. 005,010",
    ),
]


def code_list(codes: str | None) -> list[str] | None:
    """The codes of a `codes` query parameter (`CodesQuery`), None when not given."""
    return codes.split(",") if codes is not None else None


@router.get("/municipalities")
async def list_municipalities(
    listing: ListingParams,
    codes: CodesQuery = None,
    q: Annotated[
        str | None,
        Query(
            max_length=100,
            pattern=PLAIN_TEXT_PATTERN,
            description="Name prefix, Finnish or Swedish",
        ),
    ] = None,
) -> Page[MunicipalityRead]:
    page = listing.page
    rows = await service.list_municipalities(
        listing.reads, codes=code_list(codes), name_prefix=q, page=page.keyset(str)
    )
    return page.build(MunicipalityRead, rows, key=lambda m: (m["code"],))


@router.get("/municipalities/{code}", openapi_extra=examples.READ_MUNICIPALITY)
@raises(MunicipalityNotFound)
async def get_municipality(
    code: MunicipalityCodePath, session: Session, _: AnyReader, fresh: FreshRead
) -> MunicipalityRead:
    return fresh.read(MunicipalityRead, await service.get_municipality(session, code=code))


@router.post(
    "/municipalities",
    status_code=status.HTTP_201_CREATED,
    openapi_extra=examples.CREATE_MUNICIPALITY,
)
@raises(MunicipalityExists)
async def create_municipality(
    body: MunicipalityCreate,
    request: Request,
    response: Response,
    session: Session,
    _: IdempotentAdmin,
    written: ETaggedWrite,
) -> MunicipalityRead:
    read = written.read(MunicipalityRead, await service.create_municipality(session, data=body))
    response.headers["Location"] = public_path(request, f"/v1/municipalities/{read.code}")
    return read


@router.put("/municipalities/{code}")
@raises(MunicipalityNotFound)
async def update_municipality(
    code: MunicipalityCodePath,
    body: MunicipalityUpdate,
    session: Session,
    _: Admin,
    preconditions: IfMatch,
) -> MunicipalityRead:
    updated = await service.update_municipality(session, code=code, data=body, guard=preconditions)
    return preconditions.read(MunicipalityRead, updated)

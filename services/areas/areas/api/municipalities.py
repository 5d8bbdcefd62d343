"""HTTP routes of the areas service: translate requests to service calls and back."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status

from areas.api.deps import Admin, AnyReader, Session
from areas.schemas.municipalities import MunicipalityCreate, MunicipalityRead, MunicipalityUpdate
from areas.service import municipalities as service
from servicekit.http import Page, PageParams, etag_of, require_if_match

router = APIRouter(tags=["municipalities"])


async def parse_codes(
    codes: str | None = Query(
        None,
        pattern=r"^[0-9]{3}(,[0-9]{3})*$",
        description="Comma-separated municipality codes, e.g. 005,010",
    ),
) -> list[str] | None:
    return codes.split(",") if codes is not None else None


@router.get("/municipalities")
async def list_municipalities(
    session: Session,
    _: AnyReader,
    page: PageParams,
    codes: Annotated[list[str] | None, Depends(parse_codes)],
    q: Annotated[
        str | None, Query(max_length=100, description="Name prefix, Finnish or Swedish")
    ] = None,
) -> Page[MunicipalityRead]:
    rows = await service.list_municipalities(
        session, codes=codes, name_prefix=q, page=page.keyset(str)
    )
    return page.build(MunicipalityRead, rows, key=lambda m: (m.code,))


@router.get("/municipalities/{code}")
async def get_municipality(
    code: str, response: Response, session: Session, _: AnyReader
) -> MunicipalityRead:
    read = MunicipalityRead.model_validate(await service.get_municipality(session, code))
    response.headers["ETag"] = etag_of(read)
    return read


@router.post("/municipalities", status_code=status.HTTP_201_CREATED)
async def create_municipality(
    body: MunicipalityCreate, response: Response, session: Session, _: Admin
) -> MunicipalityRead:
    read = MunicipalityRead.model_validate(await service.create_municipality(session, body))
    response.headers["ETag"] = etag_of(read)
    response.headers["Location"] = f"/v1/municipalities/{read.code}"
    return read


@router.put("/municipalities/{code}")
async def update_municipality(
    code: str,
    body: MunicipalityUpdate,
    request: Request,
    response: Response,
    session: Session,
    _: Admin,
) -> MunicipalityRead:
    municipality = await service.get_municipality(session, code)
    require_if_match(request, etag_of(MunicipalityRead.model_validate(municipality)))
    read = MunicipalityRead.model_validate(
        await service.update_municipality(session, municipality, body)
    )
    response.headers["ETag"] = etag_of(read)
    return read

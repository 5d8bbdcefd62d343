"""Routes for shared borders between municipalities."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from areas.api.deps import Admin, AnyReader, Session
from areas.api.params import MunicipalityCodePath
from areas.errors import BadRows, MunicipalityNotFound
from areas.schemas.borders import (
    MAX_BORDER_CODES,
    BorderRead,
    BordersBulkWrite,
    BordersRead,
    BordersWritten,
    NeighbourRead,
    NeighboursRead,
)
from areas.service import borders as service
from areas.vocabulary import MUNICIPALITY_CODE_LIST_PATTERN
from servicekit.errors import FieldError, UnprocessableContent, raises

router = APIRouter(tags=["borders"])


@router.put("/borders")
@raises(BadRows)
async def set_borders(body: BordersBulkWrite, session: Session, _: Admin) -> BordersWritten:
    """Records shared borders as code pairs, stored in both directions: all rows or none.

    Adds to the borders already recorded (a pair given again only updates its source). No
    If-Match: like `PUT /v1/statistics` this is an idempotent bulk upsert keyed by pair, not
    a replacement of one representation.
    """
    return BordersWritten(pairs=await service.set_borders(session, rows=body.borders))


@router.get("/municipalities/{code}/neighbours")
@raises(MunicipalityNotFound)
async def list_neighbours(
    code: MunicipalityCodePath, session: Session, _: AnyReader
) -> NeighboursRead:
    rows = await service.list_neighbours(session, code=code)
    return NeighboursRead(
        municipality_code=code,
        neighbours=[
            NeighbourRead(code=c, name_fi=fi, name_sv=sv, source=source)
            for c, fi, sv, source in rows
        ],
    )


@raises(UnprocessableContent)
async def parse_border_codes(
    codes: str = Query(
        pattern=MUNICIPALITY_CODE_LIST_PATTERN,
        description=f"Comma-separated municipality codes, e.g. 005,010 (at most "
        f"{MAX_BORDER_CODES})",
    ),
) -> list[str]:
    parsed = codes.split(",")
    if len(parsed) > MAX_BORDER_CODES:
        message = f"at most {MAX_BORDER_CODES} codes, not {len(parsed)}"
        error = FieldError("codes", message, in_="query")
        raise UnprocessableContent(f"codes: {message}.", [error])
    return parsed


@router.get("/borders")
async def list_borders(
    codes: Annotated[list[str], Depends(parse_border_codes)], session: Session, _: AnyReader
) -> BordersRead:
    """Every border among or around `codes`, each once with its source, in one read.

    A border between two of the codes is given from the smaller one; a border to a
    municipality not among them, from the one that is. A code of no municipality has no
    borders (like `?codes=` on the municipalities, it filters; it is not looked up).
    """
    rows = await service.borders_touching(session, codes=codes)
    return BordersRead(
        borders=[
            BorderRead(municipality_code=a, neighbour_code=b, source=source)
            for a, b, source in rows
        ]
    )

"""Routes for shared borders between municipalities."""

from fastapi import APIRouter

from areas.api.deps import Admin, AnyReader, Session
from areas.api.params import MunicipalityCodePath
from areas.errors import BadRows, MunicipalityNotFound
from areas.schemas.borders import (
    BordersBulkWrite,
    BordersWritten,
    NeighbourRead,
    NeighboursRead,
)
from areas.service import borders as service
from servicekit.errors import raises

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

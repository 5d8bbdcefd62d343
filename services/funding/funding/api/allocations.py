"""Routes for allocation runs: the state subsidy split over municipalities by criteria.

Creating a run is for admins and planners; the runs are computations over public figures,
so any valid token reads them. A run is immutable: there is no PUT or DELETE.
"""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status
from sqlalchemy import Row

from funding.api import examples
from funding.api.deps import AnyReader, IdempotentPlanner, Session
from funding.errors import AllocationNotFound, BadAllocation
from funding.schemas.allocations import AllocationCreate, AllocationRead, AllocationSummaryRead
from funding.service import allocations as service
from funding.vocabulary import FUNDING_YEARS
from servicekit.db import DbReads
from servicekit.errors import raises
from servicekit.http import ETaggedWrite, FreshRead, Page, PageParams, etag_of
from servicekit.idempotency import IdempotentRoute
from servicekit.links import public_path

router = APIRouter(tags=["allocations"], route_class=IdempotentRoute)


@router.post(
    "/allocations",
    status_code=status.HTTP_201_CREATED,
    openapi_extra=examples.CREATE_ALLOCATION,
)
@raises(BadAllocation)
async def create_allocation(
    body: AllocationCreate,
    request: Request,
    response: Response,
    session: Session,
    principal: IdempotentPlanner,
    written: ETaggedWrite,
) -> AllocationRead:
    """Splits `pool_eur` over the municipalities of `values` by the weighted criteria:
    `pool · Σ_c w_c · x_ic / Σ_j x_jc`, in cents by the largest remainder over the whole
    pool (ties to the lower code), so the parts add up to the pool exactly. Weights must
    sum to exactly 1 and every municipality must have every criterion (422 naming them).
    """
    run = await service.create_run(session, data=body, created_by=principal.sub)
    read = written.respond(AllocationRead.of(run), _etag(run.id))
    response.headers["Location"] = public_path(request, f"/v1/allocations/{read.id}")
    return read


@router.get("/allocations")
async def list_allocations(
    reads: DbReads,
    _: AnyReader,
    page: PageParams,
    year: Annotated[int | None, Query(ge=FUNDING_YEARS[0], le=FUNDING_YEARS[1])] = None,
) -> Page[AllocationSummaryRead]:
    """The runs in the order they were made, without their values and parts."""
    rows = await service.list_runs(reads, year=year, page=page.keyset(int))
    return page.build(AllocationSummaryRead, rows, key=_key)


def _key(row: Row[Any]) -> tuple[int]:
    return (row.seq,)


@router.get("/allocations/{allocation_id}")
@raises(AllocationNotFound)
async def get_allocation(
    allocation_id: uuid.UUID, session: Session, _: AnyReader, fresh: FreshRead
) -> AllocationRead:
    run = await service.get_run(session, allocation_id=allocation_id)
    return fresh.respond(AllocationRead.of(run), _etag(run.id))


def _etag(allocation_id: uuid.UUID) -> str:
    # A run never changes: its id names its one representation.
    return etag_of({"allocation_id": str(allocation_id)})

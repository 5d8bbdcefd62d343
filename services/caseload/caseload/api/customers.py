"""Routes for customer counts by month, municipality, service line and segment.

`PUT .../customers/{month}` writes a month's counts all or nothing: creating needs no
precondition (`If-None-Match: *` makes it create-only, 412 when the month exists);
replacing needs `If-Match` with the month's ETag (428 without, 412 when stale). A bad row
is 422 `bad-customer-rows` naming its index and field, and nothing is written.
"""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from caseload.api.deps import AreaReader, AreaWriter, Session
from caseload.api.params import AreaIdPath, MonthPath
from caseload.errors import BadCustomerRows, CustomerMonthNotFound
from caseload.rules.months import Month
from caseload.schemas.customers import CustomerCountRead, CustomerMonthRead, CustomerMonthWrite
from caseload.service import customers as service
from caseload.vocabulary import MONTH_PATTERN
from servicekit.db import DbReads
from servicekit.errors import (
    DependencyUnavailable,
    FieldError,
    NotFound,
    UnprocessableContent,
    raises,
)
from servicekit.http import FreshRead, IfMatchOrCreate, Page, PageParams, encode_cursor
from servicekit.links import public_path
from servicekit.peers import AsCaller

router = APIRouter(tags=["customers"])

CUSTOMERS = "/areas/{area_id}/customers"
MonthQuery = Query(pattern=MONTH_PATTERN, description="YYYY-MM, inclusive")


@router.get(CUSTOMERS)
async def list_customer_months(
    area_id: AreaIdPath,
    reads: DbReads,
    _: AreaReader,
    page: PageParams,
    from_month: Annotated[str | None, Query(alias="from", pattern=MONTH_PATTERN)] = None,
    to_month: Annotated[str | None, Query(alias="to", pattern=MONTH_PATTERN)] = None,
) -> Page[CustomerMonthRead]:
    """The months with counts from `from` to `to` (both inclusive), oldest first, each with
    all its counts."""
    first = Month.parse(from_month) if from_month else None
    last = Month.parse(to_month) if to_month else None
    if first and last and last < first:
        raise UnprocessableContent(
            "The range ends before it starts.",
            [FieldError("to", "must not be before from", in_="query")],
        )
    months, counts = await service.list_months(
        reads, area_id=area_id, first=first, last=last, page=page.keyset(str)
    )
    shown = months[: page.limit]
    items = [
        CustomerMonthRead(
            area_id=row.area_id,
            month=row.month,
            source=row.source,
            is_estimate=row.is_estimate,
            updated_at=row.updated_at,
            counts=[CustomerCountRead.model_validate(c) for c in counts[row.month_date]],
        )
        for row in shown
    ]
    next_cursor = None
    if len(months) > page.limit and shown:
        next_cursor = encode_cursor([shown[-1].month])
        page.link_next(next_cursor)
    return Page[CustomerMonthRead](items=items, next_cursor=next_cursor)


@router.get(CUSTOMERS + "/{month}")
@raises(CustomerMonthNotFound)
async def get_customer_month(
    area_id: AreaIdPath, month: MonthPath, session: Session, _: AreaReader, fresh: FreshRead
) -> CustomerMonthRead:
    record = await service.get_month(session, area_id=area_id, month=Month.parse(month))
    return fresh.read(CustomerMonthRead, record)


@router.put(
    CUSTOMERS + "/{month}",
    responses={201: {"model": CustomerMonthRead, "description": "The month was created"}},
)
@raises(NotFound, BadCustomerRows, DependencyUnavailable)
async def put_customer_month(
    area_id: AreaIdPath,
    month: MonthPath,
    body: CustomerMonthWrite,
    request: Request,
    response: Response,
    session: Session,
    calls: AsCaller,
    _: AreaWriter,
    preconditions: IfMatchOrCreate,
) -> CustomerMonthRead:
    """Creates (201) or replaces (200) the month's counts, all or nothing."""
    record, created = await service.put_month(
        session, calls, area_id=area_id, month=Month.parse(month), data=body, guard=preconditions
    )
    if created:
        response.status_code = status.HTTP_201_CREATED
        response.headers["Location"] = public_path(
            request, f"/v1/areas/{area_id}/customers/{month}"
        )
    return preconditions.read(CustomerMonthRead, record)

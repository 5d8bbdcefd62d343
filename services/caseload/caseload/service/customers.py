"""Customer counts of a month: written all or nothing, read by month range."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, func
from sqlalchemy.ext.asyncio import AsyncSession

from caseload.errors import BadCustomerRows, CustomerMonthNotFound
from caseload.models import CustomerMonth
from caseload.repository import areas as area_repository
from caseload.repository import customers as repository
from caseload.repository.rows import Source
from caseload.rules.customers import CountRow, bad_count_rows
from caseload.rules.months import Month
from caseload.schemas.customers import CustomerMonthRead, CustomerMonthWrite
from caseload.service.areas import ensure_area, member_codes, service_lines
from servicekit.clock import today_in_finland
from servicekit.http import Keyset, Preconditions
from servicekit.peers import PeerCalls


async def put_month(
    session: AsyncSession,
    calls: PeerCalls,
    *,
    area_id: str,
    month: Month,
    data: CustomerMonthWrite,
    guard: Preconditions,
) -> tuple[CustomerMonth, bool]:
    """Creates or replaces the month's counts; returns them and whether they were created.

    A municipality must be a member of the area at the end of the month or today: a plan
    counts the customers of its members before the area begins (June 2023 for an area of
    2025), and a member that has left keeps its past months.
    """
    members = await member_codes(calls, area_id, [month.last_day, today_in_finland()])
    await ensure_area(session, calls, area_id)
    # The area's lock serialises creating the month and changing the lines it may name.
    await area_repository.lock_area(session, area_id)
    existing = await guard.lock_or_create(
        session,
        repository.select_month(area_id=area_id, month=month.first_day),
        model=CustomerMonthRead,
    )
    lines = {line.key for line in await service_lines(session, area_id)}
    rows = [
        CountRow(c.municipality_code, c.service_line, c.segment.value, c.customers)
        for c in data.counts
    ]
    errors = bad_count_rows(rows, service_lines=lines, members=members)
    if errors:
        raise BadCustomerRows(len(rows), errors)
    record = existing or CustomerMonth(area_id=area_id, month=month.first_day)
    record.source, record.is_estimate = data.source, data.is_estimate
    # The counts are rows of their own: the month's time stamp says they changed.
    record.updated_at = func.now()
    counts = [{**c.model_dump(), "segment": c.segment.value} for c in data.counts]
    return await repository.save_month(session, record, counts), existing is None


async def get_month(session: AsyncSession, *, area_id: str, month: Month) -> CustomerMonth:
    record = await repository.get_month(session, area_id=area_id, month=month.first_day)
    if record is None:
        raise CustomerMonthNotFound(area_id, str(month))
    return record


async def list_months(
    source: Source,
    *,
    area_id: str,
    first: Month | None,
    last: Month | None,
    page: Keyset,
) -> tuple[Sequence[Row[Any]], dict[dt.date, list[Row[Any]]]]:
    """A page of months from `first` to `last` (inclusive), and each month's counts."""
    months = await repository.list_months(
        source,
        area_id=area_id,
        first=first.first_day if first else None,
        last=last.first_day if last else None,
        page=page,
    )
    counts: dict[dt.date, list[Row[Any]]] = {row.month_date: [] for row in months}
    if months:
        for row in await repository.counts_of_months(source, area_id=area_id, months=list(counts)):
            counts[row.month].append(row)
    return months, counts

"""Queries on customer counts by month."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Select, delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from caseload.models import CustomerCount, CustomerMonth
from caseload.repository.rows import Source, rows
from caseload.vocabulary import Segment
from servicekit.http import Keyset


def select_month(*, area_id: str, month: dt.date) -> Select[CustomerMonth]:
    """The month's counts, for a conditional write to lock (under the area's lock, which
    serialises creating the month)."""
    return (
        select(CustomerMonth)
        .where(CustomerMonth.area_id == area_id, CustomerMonth.month == month)
        .options(selectinload(CustomerMonth.counts))
    )


async def get_month(session: AsyncSession, *, area_id: str, month: dt.date) -> CustomerMonth | None:
    return (await session.scalars(select_month(area_id=area_id, month=month))).first()


async def save_month(
    session: AsyncSession, record: CustomerMonth, counts: Sequence[dict[str, Any]]
) -> CustomerMonth:
    """Writes the month's record and replaces its counts; returns it with the new counts."""
    session.add(record)
    await session.flush()
    await session.execute(
        delete(CustomerCount).where(
            CustomerCount.area_id == record.area_id, CustomerCount.month == record.month
        )
    )
    if counts:
        await session.execute(
            insert(CustomerCount),
            [{**count, "area_id": record.area_id, "month": record.month} for count in counts],
        )
    await session.refresh(record, ["counts", "updated_at"])
    return record


async def list_months(
    source: Source,
    *,
    area_id: str,
    first: dt.date | None,
    last: dt.date | None,
    page: Keyset,
) -> Sequence[Row[Any]]:
    query = select(
        CustomerMonth.area_id,
        func.to_char(CustomerMonth.month, "YYYY-MM").label("month"),
        CustomerMonth.month.label("month_date"),
        CustomerMonth.source,
        CustomerMonth.is_estimate,
        CustomerMonth.updated_at,
    ).where(CustomerMonth.area_id == area_id)
    if first is not None:
        query = query.where(CustomerMonth.month >= first)
    if last is not None:
        query = query.where(CustomerMonth.month <= last)
    return await rows(source, page.apply(query, func.to_char(CustomerMonth.month, "YYYY-MM")))


async def counts_of_months(
    source: Source, *, area_id: str, months: Sequence[dt.date]
) -> Sequence[Row[Any]]:
    query = (
        select(CustomerCount.__table__)
        .where(CustomerCount.area_id == area_id, CustomerCount.month.in_(months))
        .order_by(
            CustomerCount.month,
            CustomerCount.municipality_code,
            CustomerCount.service_line,
            CustomerCount.segment,
        )
    )
    return await rows(source, query)


async def months_recorded(
    source: Source, *, area_id: str, first: dt.date, last: dt.date
) -> Sequence[Row[Any]]:
    query = select(CustomerMonth.month).where(
        CustomerMonth.area_id == area_id, CustomerMonth.month.between(first, last)
    )
    return await rows(source, query)


async def line_totals(
    source: Source, *, area_id: str, first: dt.date, last: dt.date
) -> Sequence[Row[Any]]:
    """Each month's customers (segment all) by service line, from `first` to `last`."""
    query = (
        select(
            CustomerCount.month,
            CustomerCount.service_line,
            func.sum(CustomerCount.customers).label("customers"),
        )
        .where(
            CustomerCount.area_id == area_id,
            CustomerCount.segment == Segment.all,
            CustomerCount.month.between(first, last),
        )
        .group_by(CustomerCount.month, CustomerCount.service_line)
    )
    return await rows(source, query)


async def segment_totals(source: Source, *, area_id: str, month: dt.date) -> Sequence[Row[Any]]:
    query = (
        select(CustomerCount.segment, func.sum(CustomerCount.customers).label("customers"))
        .where(CustomerCount.area_id == area_id, CustomerCount.month == month)
        .group_by(CustomerCount.segment)
    )
    return await rows(source, query)


async def cells(source: Source, *, area_id: str, month: dt.date) -> Sequence[Row[Any]]:
    """The month's customers (segment all) by municipality and line: a scenario's baseline."""
    query = select(
        CustomerCount.municipality_code, CustomerCount.service_line, CustomerCount.customers
    ).where(
        CustomerCount.area_id == area_id,
        CustomerCount.month == month,
        CustomerCount.segment == Segment.all,
    )
    return await rows(source, query)

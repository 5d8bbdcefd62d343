"""Queries on staff positions."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from caseload.models import StaffPosition
from caseload.repository.rows import Source, rows
from servicekit.http import Keyset


@dataclass(frozen=True)
class StaffFilters:
    service_line: str | None = None
    function: str | None = None
    origin: str | None = None
    office_id: int | None = None
    active_on: dt.date | None = None


def select_position(*, area_id: str, position_id: int) -> Select[StaffPosition]:
    """The position when it is the area's, for a conditional write to lock."""
    return select(StaffPosition).where(
        StaffPosition.id == position_id, StaffPosition.area_id == area_id
    )


async def get_position(
    session: AsyncSession, *, area_id: str, position_id: int
) -> StaffPosition | None:
    query = select_position(area_id=area_id, position_id=position_id)
    return (await session.scalars(query)).first()


async def transferred_position(
    session: AsyncSession, *, area_id: str, keha_position_id: str
) -> StaffPosition | None:
    """The area's position of the platform's staff transfer list id, locked for the import."""
    query = select(StaffPosition).where(
        StaffPosition.area_id == area_id, StaffPosition.keha_position_id == keha_position_id
    )
    return (await session.scalars(query.with_for_update())).first()


async def save_position(session: AsyncSession, position: StaffPosition) -> None:
    session.add(position)
    await session.flush()


async def delete_position(session: AsyncSession, position: StaffPosition) -> None:
    await session.delete(position)
    await session.flush()


def _active_between(first: dt.date, last: dt.date) -> list[Any]:
    return [
        StaffPosition.start_date <= last,
        or_(StaffPosition.end_date.is_(None), StaffPosition.end_date >= first),
    ]


async def list_positions(
    source: Source, *, area_id: str, filters: StaffFilters, page: Keyset
) -> Sequence[Row[Any]]:
    query = select(StaffPosition.__table__).where(StaffPosition.area_id == area_id)
    for column, value in (
        (StaffPosition.service_line, filters.service_line),
        (StaffPosition.function, filters.function),
        (StaffPosition.origin, filters.origin),
        (StaffPosition.office_id, filters.office_id),
    ):
        if value is not None:
            query = query.where(column == value)
    if filters.active_on is not None:
        query = query.where(*_active_between(filters.active_on, filters.active_on))
    return await rows(source, page.apply(query, StaffPosition.id))


async def positions_active(
    source: Source, *, area_id: str, first: dt.date, last: dt.date
) -> Sequence[Row[Any]]:
    """The positions active on some day from `first` to `last`: what a month's FTE needs."""
    query = select(
        StaffPosition.fte,
        StaffPosition.function,
        StaffPosition.service_line,
        StaffPosition.office_id,
        StaffPosition.origin,
        StaffPosition.start_date,
        StaffPosition.end_date,
    ).where(StaffPosition.area_id == area_id, *_active_between(first, last))
    return await rows(source, query)

"""Queries on an area's subsidies for a year."""

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from funding.models import SubsidySet
from servicekit.db import UNIQUE_VIOLATION, flush_unless


def select_subsidy_set(*, area_id: str, year: int) -> Select[SubsidySet]:
    """The set with its rows, for a read or for a conditional write to lock."""
    return (
        select(SubsidySet)
        .where(SubsidySet.area_id == area_id, SubsidySet.year == year)
        .options(selectinload(SubsidySet.subsidies))
    )


async def get_subsidy_set(session: AsyncSession, *, area_id: str, year: int) -> SubsidySet | None:
    return (await session.scalars(select_subsidy_set(area_id=area_id, year=year))).first()


async def add_subsidy_set(session: AsyncSession, subsidy_set: SubsidySet) -> bool:
    """False when a concurrent first write created the set meanwhile."""
    return await flush_unless(session, subsidy_set, UNIQUE_VIOLATION)

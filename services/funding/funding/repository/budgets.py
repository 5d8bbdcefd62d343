"""Queries on budgets and their versions."""

import datetime as dt

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from funding.models import Budget
from funding.rules.budget import BudgetStatus
from servicekit.db import UNIQUE_VIOLATION, flush_unless


def select_budget(*, area_id: str, year: int, version: int | None = None) -> Select[Budget]:
    """A version of the budget (default: the latest) with its lines and planning years."""
    query = (
        select(Budget)
        .where(Budget.area_id == area_id, Budget.year == year)
        .options(selectinload(Budget.lines), selectinload(Budget.planning_years))
    )
    if version is not None:
        return query.where(Budget.version == version)
    return query.order_by(Budget.version.desc()).limit(1)


async def get_budget(
    session: AsyncSession, *, area_id: str, year: int, version: int | None = None
) -> Budget | None:
    query = select_budget(area_id=area_id, year=year, version=version)
    return (await session.scalars(query)).first()


async def latest_version(session: AsyncSession, *, area_id: str, year: int) -> int | None:
    query = (
        select(Budget.version)
        .where(Budget.area_id == area_id, Budget.year == year)
        .order_by(Budget.version.desc())
        .limit(1)
    )
    return (await session.execute(query)).scalar()


async def first_steps(
    session: AsyncSession, *, area_id: str, year: int
) -> tuple[dt.date | None, dt.date | None]:
    """The dates the year's budget was first proposed and first approved (any version)."""
    query = (
        select(Budget.proposed_on, Budget.approved_on)
        .where(Budget.area_id == area_id, Budget.year == year)
        .order_by(Budget.version)
    )
    rows = (await session.execute(query)).all()
    proposed = next((r.proposed_on for r in rows if r.proposed_on is not None), None)
    approved = next((r.approved_on for r in rows if r.approved_on is not None), None)
    return proposed, approved


async def latest_approved(session: AsyncSession, *, area_id: str, year: int) -> Budget | None:
    query = (
        select(Budget)
        .where(
            Budget.area_id == area_id, Budget.year == year, Budget.status == BudgetStatus.approved
        )
        .options(selectinload(Budget.lines))
        .order_by(Budget.version.desc())
        .limit(1)
    )
    return (await session.scalars(query)).first()


async def add_budget(session: AsyncSession, budget: Budget) -> bool:
    """False when the version exists already (a concurrent create or amendment)."""
    return await flush_unless(session, budget, UNIQUE_VIOLATION)

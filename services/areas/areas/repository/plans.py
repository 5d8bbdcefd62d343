"""Queries on plan records, their sections and their snapshots."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from areas.models import Plan, PlanSection, PlanSnapshot
from servicekit.db import UNIQUE_VIOLATION, fetch_rows, flush_unless
from servicekit.http import Keyset


async def add_plan(session: AsyncSession, plan: Plan) -> bool:
    """Inserts the plan; False when the area already has a plan for that year."""
    return await flush_unless(session, plan, UNIQUE_VIOLATION)


async def get_plan(
    session: AsyncSession, *, area_id: str, plan_id: int, for_update: bool = False
) -> Plan | None:
    """The plan, when it belongs to the area. `for_update` locks it until the transaction ends,
    so changes under one plan (status, sections, snapshot versions) happen one at a time."""
    query = select_plan(area_id=area_id, plan_id=plan_id)
    if for_update:
        query = query.with_for_update().execution_options(populate_existing=True)
    return (await session.scalars(query)).first()


def select_plan(*, area_id: str, plan_id: int) -> Select[Plan]:
    """The plan when it is the area's, for a conditional write to lock."""
    return select(Plan).where(Plan.id == plan_id, Plan.area_id == area_id)


def select_section(*, plan_id: int, key: str) -> Select[PlanSection]:
    """The section, for a conditional write to lock (under its plan's lock, which serialises
    creating it)."""
    return select(PlanSection).where(PlanSection.plan_id == plan_id, PlanSection.key == key)


async def list_plans(session: AsyncSession, *, area_id: str, page: Keyset) -> Sequence[Row[Any]]:
    query = page.apply(select(Plan.__table__).where(Plan.area_id == area_id), Plan.year)
    return await fetch_rows(session, query)


async def get_section(session: AsyncSession, *, plan_id: int, key: str) -> PlanSection | None:
    return (await session.scalars(select_section(plan_id=plan_id, key=key))).first()


async def list_sections(session: AsyncSession, *, plan_id: int, page: Keyset) -> Sequence[Row[Any]]:
    """In the order they were created: the order of the plan's text."""
    query = page.apply(
        select(PlanSection.__table__).where(PlanSection.plan_id == plan_id), PlanSection.id
    )
    return await fetch_rows(session, query)


async def all_sections(session: AsyncSession, *, plan_id: int) -> Sequence[Row[Any]]:
    """Every section of the plan, in the order they were created (as `list_sections`)."""
    query = select(PlanSection.__table__).where(PlanSection.plan_id == plan_id)
    return await fetch_rows(session, query.order_by(PlanSection.id))


async def save_section(session: AsyncSession, section: PlanSection) -> None:
    session.add(section)
    await session.flush()


async def next_snapshot_version(session: AsyncSession, *, plan_id: int) -> int:
    query = select(func.coalesce(func.max(PlanSnapshot.version), 0) + 1).where(
        PlanSnapshot.plan_id == plan_id
    )
    return int((await session.scalar(query)) or 1)


async def add_snapshot(session: AsyncSession, snapshot: PlanSnapshot) -> None:
    session.add(snapshot)
    await session.flush()


async def get_snapshot(session: AsyncSession, *, plan_id: int, version: int) -> PlanSnapshot | None:
    query = select(PlanSnapshot).where(
        PlanSnapshot.plan_id == plan_id, PlanSnapshot.version == version
    )
    return (await session.scalars(query)).first()


async def list_snapshots(
    session: AsyncSession, *, plan_id: int, page: Keyset
) -> Sequence[Row[Any]]:
    # A list shows summaries: the documents stay in the database.
    summary = [c for c in PlanSnapshot.__table__.c if c.key != "canonical_document"]
    query = page.apply(
        select(*summary).where(PlanSnapshot.plan_id == plan_id), PlanSnapshot.version
    )
    return await fetch_rows(session, query)


async def get_plan_by_year(session: AsyncSession, *, area_id: str, year: int) -> Plan | None:
    query = select(Plan).where(Plan.area_id == area_id, Plan.year == year)
    return (await session.scalars(query)).first()

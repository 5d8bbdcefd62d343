"""Queries on plan records, their sections and their snapshots."""

from collections.abc import Sequence

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer

from areas.models import Plan, PlanSection, PlanSnapshot
from servicekit.db import UNIQUE_VIOLATION, flush_unless


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


async def list_plans(
    session: AsyncSession, *, area_id: str, after_year: int | None, limit: int
) -> Sequence[Plan]:
    query = select(Plan).where(Plan.area_id == area_id).order_by(Plan.year).limit(limit)
    if after_year is not None:
        query = query.where(Plan.year > after_year)
    return (await session.scalars(query)).all()


async def get_section(session: AsyncSession, *, plan_id: int, key: str) -> PlanSection | None:
    return (await session.scalars(select_section(plan_id=plan_id, key=key))).first()


async def list_sections(
    session: AsyncSession, *, plan_id: int, after_id: int | None, limit: int
) -> Sequence[PlanSection]:
    """In the order they were created: the order of the plan's text."""
    query = (
        select(PlanSection)
        .where(PlanSection.plan_id == plan_id)
        .order_by(PlanSection.id)
        .limit(limit)
    )
    if after_id is not None:
        query = query.where(PlanSection.id > after_id)
    return (await session.scalars(query)).all()


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
    session: AsyncSession, *, plan_id: int, after_version: int | None, limit: int
) -> Sequence[PlanSnapshot]:
    query = (
        select(PlanSnapshot)
        # A list shows summaries: the documents stay in the database.
        .options(defer(PlanSnapshot.canonical_document, raiseload=True))
        .where(PlanSnapshot.plan_id == plan_id)
        .order_by(PlanSnapshot.version)
        .limit(limit)
    )
    if after_version is not None:
        query = query.where(PlanSnapshot.version > after_version)
    return (await session.scalars(query)).all()


async def get_plan_by_year(session: AsyncSession, *, area_id: str, year: int) -> Plan | None:
    query = select(Plan).where(Plan.area_id == area_id, Plan.year == year)
    return (await session.scalars(query)).first()

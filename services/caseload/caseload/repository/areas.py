"""Queries on the areas this service holds and their service lines."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import CompoundSelect, Row, Select, delete, insert, select, union
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from caseload.models import (
    Area,
    CustomerCount,
    Scenario,
    ScenarioChange,
    ServiceLine,
    StaffPosition,
)
from caseload.repository.rows import Source, rows
from caseload.vocabulary import DefaultServiceLine


async def area_exists(session: AsyncSession, area_id: str) -> bool:
    return (await session.scalar(select(Area.id).where(Area.id == area_id))) is not None


async def add_area(
    session: AsyncSession, area_id: str, lines: Sequence[DefaultServiceLine]
) -> None:
    """The area with `lines`, unless it exists (a concurrent first write may have added it)."""
    added = await session.execute(
        pg_insert(Area).values(id=area_id).on_conflict_do_nothing().returning(Area.id)
    )
    if added.first() is None:
        return
    await session.execute(
        insert(ServiceLine),
        [
            {
                "area_id": area_id,
                "key": line.key,
                "position": position,
                "name_fi": line.name_fi,
                "target_customers_per_fte": line.target_customers_per_fte,
            }
            for position, line in enumerate(lines)
        ],
    )


async def lock_area(session: AsyncSession, area_id: str) -> None:
    """Holds the area's row until the transaction ends: writes that create something under the
    area (a month's counts) or replace a list of it (its lines) happen one at a time."""
    await session.execute(select(Area.id).where(Area.id == area_id).with_for_update())


def select_area_lines(area_id: str) -> Select[Area]:
    """The area with its service lines, for a conditional write to lock."""
    return select(Area).where(Area.id == area_id).options(selectinload(Area.service_lines))


async def service_lines(source: Source, area_id: str) -> Sequence[Row[Any]]:
    query = (
        select(ServiceLine.key, ServiceLine.name_fi, ServiceLine.target_customers_per_fte)
        .where(ServiceLine.area_id == area_id)
        .order_by(ServiceLine.position)
    )
    return await rows(source, query)


async def replace_service_lines(
    session: AsyncSession, area_id: str, lines: Sequence[dict[str, Any]]
) -> None:
    await session.execute(delete(ServiceLine).where(ServiceLine.area_id == area_id))
    await session.execute(
        insert(ServiceLine),
        [{**line, "area_id": area_id, "position": i} for i, line in enumerate(lines)],
    )


async def service_lines_in_use(session: AsyncSession, area_id: str) -> set[str]:
    """The lines staff positions, customer counts or scenarios of the area name."""
    query: CompoundSelect[str | None] = union(
        select(StaffPosition.service_line).where(
            StaffPosition.area_id == area_id, StaffPosition.service_line.is_not(None)
        ),
        select(CustomerCount.service_line).where(CustomerCount.area_id == area_id),
        select(ScenarioChange.service_line)
        .join(Scenario, Scenario.id == ScenarioChange.scenario_id)
        .where(Scenario.area_id == area_id),
    )
    return {str(key) for key in (await session.scalars(query)).all()}

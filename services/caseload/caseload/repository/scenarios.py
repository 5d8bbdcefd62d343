"""Queries on structural-change scenarios."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from caseload.models import Scenario
from caseload.repository.rows import Source, rows
from servicekit.http import Keyset


def select_scenario(*, area_id: str, scenario_id: int) -> Select[Scenario]:
    return (
        select(Scenario)
        .where(Scenario.id == scenario_id, Scenario.area_id == area_id)
        .options(selectinload(Scenario.changes))
    )


async def get_scenario(session: AsyncSession, *, area_id: str, scenario_id: int) -> Scenario | None:
    query = select_scenario(area_id=area_id, scenario_id=scenario_id)
    return (await session.scalars(query)).first()


async def add_scenario(session: AsyncSession, scenario: Scenario) -> Scenario:
    session.add(scenario)
    await session.flush()
    await session.refresh(scenario, ["changes"])
    return scenario


async def delete_scenario(session: AsyncSession, scenario: Scenario) -> None:
    await session.delete(scenario)
    await session.flush()


async def list_scenarios(source: Source, *, area_id: str, page: Keyset) -> Sequence[Row[Any]]:
    query = select(Scenario.__table__).where(Scenario.area_id == area_id)
    return await rows(source, page.apply(query, Scenario.id))

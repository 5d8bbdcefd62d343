"""Queries on the areas this service holds data for."""

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from partners.models import Area


async def area_exists(session: AsyncSession, area_id: str) -> bool:
    return (await session.scalar(select(Area.id).where(Area.id == area_id))) is not None


async def add_area(session: AsyncSession, area_id: str) -> None:
    await session.execute(insert(Area).values(id=area_id).on_conflict_do_nothing())

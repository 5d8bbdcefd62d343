"""Queries on offices and their opening hours."""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from offices.models import Office, OfficeHours
from offices.repository.rows import Source, rows
from servicekit.http import Keyset


@dataclass(frozen=True)
class OfficeFilters:
    kind: str | None = None
    status: str | None = None
    municipality_code: str | None = None


def select_office(*, area_id: str, office_id: int) -> Select[Office]:
    """The office when it is the area's, for a read or for a conditional write to lock."""
    return select(Office).where(Office.id == office_id, Office.area_id == area_id)


async def get_office(session: AsyncSession, *, area_id: str, office_id: int) -> Office | None:
    return (await session.scalars(select_office(area_id=area_id, office_id=office_id))).first()


async def add_office(session: AsyncSession, office: Office) -> None:
    """The office and its empty opening hours."""
    session.add(office)
    await session.flush()
    session.add(OfficeHours(office_id=office.id, weekly=[], exceptions=[]))
    await session.flush()


async def save(session: AsyncSession, instance: object) -> None:
    session.add(instance)
    await session.flush()


async def delete_office(session: AsyncSession, office: Office) -> None:
    """The office, and by the foreign keys' cascade its hours and leases."""
    await session.delete(office)
    await session.flush()


async def list_offices(
    source: Source, *, area_id: str, filters: OfficeFilters, page: Keyset
) -> Sequence[Row[Any]]:
    query = select(Office.__table__).where(Office.area_id == area_id)
    for column, value in (
        (Office.kind, filters.kind),
        (Office.status, filters.status),
        (Office.municipality_code, filters.municipality_code),
    ):
        if value is not None:
            query = query.where(column == value)
    return await rows(source, page.apply(query, Office.id))


def select_hours(*, area_id: str, office_id: int) -> Select[OfficeHours]:
    return (
        select(OfficeHours)
        .join(Office, Office.id == OfficeHours.office_id)
        .where(OfficeHours.office_id == office_id, Office.area_id == area_id)
    )


async def get_hours(session: AsyncSession, *, area_id: str, office_id: int) -> OfficeHours | None:
    return (await session.scalars(select_hours(area_id=area_id, office_id=office_id))).first()


async def hours_of(source: Source, office_ids: Collection[int]) -> dict[int, Row[Any]]:
    """The opening hours of the offices, by office id (an export's page)."""
    if not office_ids:
        return {}
    query = select(OfficeHours.__table__).where(OfficeHours.office_id.in_(office_ids))
    return {row.office_id: row for row in await rows(source, query)}

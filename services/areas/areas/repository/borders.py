"""Queries on shared borders (stored once in each direction)."""

from collections.abc import Sequence

from sqlalchemy import Row, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from areas.config import SCHEMA
from areas.models import Border, Municipality
from servicekit.db import driver_connection

_UPSERT = f"""
INSERT INTO {SCHEMA}.border (municipality_code, neighbour_code, source)
SELECT a, b, s FROM unnest($1::text[], $2::text[], $3::text[]) AS pair(a, b, s)
UNION ALL
SELECT b, a, s FROM unnest($1::text[], $2::text[], $3::text[]) AS pair(a, b, s)
ON CONFLICT (municipality_code, neighbour_code) DO UPDATE SET source = EXCLUDED.source
"""


async def upsert_borders(
    session: AsyncSession,
    *,
    codes: Sequence[str],
    neighbour_codes: Sequence[str],
    sources: Sequence[str | None],
) -> None:
    """Writes each pair in both directions; the pairs must be distinct as unordered pairs."""
    driver = await driver_connection(session)
    await driver.execute(_UPSERT, list(codes), list(neighbour_codes), list(sources))


NeighbourRow = Row[str, str, str, str | None]  # code, name_fi, name_sv, source


async def list_neighbours(session: AsyncSession, code: str) -> Sequence[NeighbourRow]:
    query = (
        select(Municipality.code, Municipality.name_fi, Municipality.name_sv, Border.source)
        .join(Border, Border.neighbour_code == Municipality.code)
        .where(Border.municipality_code == code)
        .order_by(Municipality.code)
    )
    return (await session.execute(query)).all()


BorderRow = Row[str, str, str | None]  # municipality_code, neighbour_code, source


async def borders_touching(session: AsyncSession, codes: Sequence[str]) -> Sequence[BorderRow]:
    """Each border with an end among `codes`, once: from that end, or from the smaller code
    when both ends are among them (every border is stored in both directions)."""
    query = (
        select(Border.municipality_code, Border.neighbour_code, Border.source)
        .where(
            Border.municipality_code.in_(codes),
            or_(
                Border.municipality_code < Border.neighbour_code,
                Border.neighbour_code.not_in(codes),
            ),
        )
        .order_by(Border.municipality_code, Border.neighbour_code)
    )
    return (await session.execute(query)).all()


async def all_borders(session: AsyncSession) -> list[tuple[str, str]]:
    """Every border in both directions: about 3,400 rows for the whole of Finland."""
    query = select(Border.municipality_code, Border.neighbour_code)
    return [(a, b) for a, b in (await session.execute(query)).all()]

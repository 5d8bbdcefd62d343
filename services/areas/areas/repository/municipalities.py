"""Queries on municipalities.

Lists select rows, not entities: a page is read once and never changed in the session.
"""

from collections.abc import Collection, Sequence

from asyncpg import Record
from sqlalchemy import Select, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from areas.models import Municipality
from servicekit.db import Reads, one_of
from servicekit.http import Keyset


async def list_municipalities(
    reads: Reads,
    *,
    codes: Sequence[str] | None,
    name_prefix: str | None,
    page: Keyset,
) -> list[Record]:
    query = page.apply(select(Municipality.__table__), Municipality.code)
    if codes:
        query = query.where(one_of(Municipality.code, codes))
    if name_prefix:
        pattern = _escape_like(name_prefix.lower()) + "%"
        query = query.where(
            func.lower(Municipality.name_fi).like(pattern, escape="\\")
            | func.lower(Municipality.name_sv).like(pattern, escape="\\")
        )
    return await reads.rows(query)


async def get_municipality(session: AsyncSession, code: str) -> Municipality | None:
    return await session.get(Municipality, code)


def select_municipality(code: str) -> Select[Municipality]:
    """The municipality, for a conditional write to lock (servicekit.http.Preconditions)."""
    return select(Municipality).where(Municipality.code == code)


async def add_municipality(session: AsyncSession, municipality: Municipality) -> bool:
    """Inserts unless the code exists; returns whether it was inserted."""
    values = {c.key: getattr(municipality, c.key) for c in Municipality.__table__.columns}
    result = await session.execute(
        insert(Municipality).values(**values).on_conflict_do_nothing().returning(Municipality.code)
    )
    return result.first() is not None


async def upsert_municipalities(session: AsyncSession, rows: Sequence[dict[str, object]]) -> None:
    if not rows:
        return
    statement = insert(Municipality).values(list(rows))
    columns = {c: statement.excluded[c] for c in rows[0] if c != "code"}
    await session.execute(statement.on_conflict_do_update(index_elements=["code"], set_=columns))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def existing_codes(session: AsyncSession, codes: Collection[str] | None = None) -> set[str]:
    """The codes of `codes` that are municipalities (all codes when None)."""
    query = select(Municipality.code)
    if codes is not None:
        query = query.where(Municipality.code.in_(codes))
    return set((await session.scalars(query)).all())

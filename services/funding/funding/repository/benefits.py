"""Queries on the staircases, Kela's imported figures and the areas' compensation."""

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Row, Select, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from funding.config import SCHEMA
from funding.models import (
    BenefitCompensationSet,
    BenefitStaircase,
    KelaImport,
    KelaShareRow,
)
from funding.rules.kela_file import ShareRow
from servicekit.db import driver_connection, fetch_rows
from servicekit.http import Keyset

SHARE_ROW_COLUMNS = (
    "import_id",
    "line",
    "period_type",
    "year",
    "month",
    "municipality_code",
    "benefit",
    "day_class",
    "recipients",
    "municipal_share_eur",
)


async def get_staircase(session: AsyncSession, key: str | None) -> BenefitStaircase | None:
    """The staircase `key`, or the default one (the current law's) when `key` is None."""
    query = select(BenefitStaircase)
    if key is None:
        query = query.where(BenefitStaircase.is_default)
    else:
        query = query.where(BenefitStaircase.key == key)
    return (await session.scalars(query)).first()


async def list_staircases(session: AsyncSession) -> Sequence[BenefitStaircase]:
    query = select(BenefitStaircase).order_by(BenefitStaircase.is_default.desc(), "key")
    return (await session.scalars(query)).all()


async def add_import(session: AsyncSession, kela_import: KelaImport) -> KelaImport:
    session.add(kela_import)
    await session.flush()
    return kela_import


async def copy_share_rows(
    session: AsyncSession, import_id: int, rows: Sequence[tuple[int, ShareRow]]
) -> None:
    """Writes a batch of rows with COPY, inside the session's transaction."""
    driver = await driver_connection(session)
    await driver.copy_records_to_table(
        "kela_share_row",
        schema_name=SCHEMA,
        columns=SHARE_ROW_COLUMNS,
        records=[
            (
                import_id,
                line,
                r.period_type,
                r.year,
                r.month,
                r.municipality_code,
                r.benefit,
                r.day_class,
                r.recipients,
                r.municipal_share_eur,
            )
            for line, r in rows
        ],
    )


async def lock_file_hash(session: AsyncSession, sha256: str) -> None:
    """Serialises imports of one file until the transaction ends: of two uploads of the same
    file at once, the second waits and then finds the first's import."""
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
        {"key": f"kela_import:{sha256}"},
    )


async def find_import_by_hash(session: AsyncSession, sha256: str) -> KelaImport | None:
    query = select(KelaImport).where(KelaImport.sha256 == sha256)
    return (await session.scalars(query)).first()


async def get_import(session: AsyncSession, import_id: int) -> KelaImport | None:
    query = select(KelaImport).where(KelaImport.id == import_id, KelaImport.sha256.is_not(None))
    return (await session.scalars(query)).first()


async def list_imports(session: AsyncSession, *, page: Keyset) -> Sequence[Row[Any]]:
    """Imports, newest first (the keyset runs on the negated id)."""
    query = select(KelaImport.__table__, (-KelaImport.id).label("order_key")).where(
        KelaImport.sha256.is_not(None)
    )
    return await fetch_rows(session, page.apply(query, -KelaImport.id))


async def cost_rows(
    session: AsyncSession, *, year: int, codes: Collection[str]
) -> Sequence[Row[Any]]:
    """Each municipality-period's rows of the year from the latest import that has them.

    A later file (Kela republishes the year's file as months are added or corrected)
    replaces an earlier one's figures for the same municipality and period, never adds to
    them.
    """
    row = KelaShareRow
    latest = (
        select(
            row.period_type,
            row.month,
            row.municipality_code,
            func.max(row.import_id).label("import_id"),
        )
        .where(row.year == year, row.municipality_code.in_(codes))
        .group_by(row.period_type, row.month, row.municipality_code)
        .subquery()
    )
    query = (
        select(
            row.import_id,
            row.period_type,
            row.month,
            row.municipality_code,
            row.benefit,
            row.day_class,
            row.recipients,
            row.municipal_share_eur,
        )
        .join(
            latest,
            (row.period_type == latest.c.period_type)
            & (row.month == latest.c.month)
            & (row.municipality_code == latest.c.municipality_code)
            & (row.import_id == latest.c.import_id),
        )
        .where(row.year == year)
    )
    return await fetch_rows(session, query)


def select_compensations(*, area_id: str, year: int) -> Select[Any]:
    """The area's compensation for the year, for a conditional write to lock."""
    return select(BenefitCompensationSet).where(
        BenefitCompensationSet.area_id == area_id, BenefitCompensationSet.year == year
    )


async def lock_compensations_key(session: AsyncSession, *, area_id: str, year: int) -> None:
    """Serialises writes of an area's year, the first (which has no row to lock yet) too."""
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
        {"key": f"benefit_compensation:{area_id}:{year}"},
    )


async def get_compensations(
    session: AsyncSession, *, area_id: str, year: int
) -> BenefitCompensationSet | None:
    return (await session.scalars(select_compensations(area_id=area_id, year=year))).first()


async def save_compensations(session: AsyncSession, compensations: BenefitCompensationSet) -> None:
    session.add(compensations)
    await session.flush()

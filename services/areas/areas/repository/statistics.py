"""Queries on municipal statistics.

The bulk upsert sends each column as one array and lets PostgreSQL unnest them: one
statement for up to 100,000 rows, no ORM objects (target: 100,000 rows in <= 10 s, bench/).
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    select,
    tuple_,
)
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from areas.config import SCHEMA
from areas.models import Statistic
from servicekit.db import driver_connection

_COLUMNS = (
    "municipality_code",
    "indicator",
    "period",
    "value",
    "unit",
    "source",
    "source_url",
    "is_estimate",
    "retrieved_at",
)
_ARRAY_TYPES = ("text", "text", "text", "float8", "text", "text", "text", "bool", "timestamptz")
_UPSERT = f"""
INSERT INTO {SCHEMA}.statistic ({", ".join(_COLUMNS)})
SELECT * FROM unnest({", ".join(f"${i}::{t}[]" for i, t in enumerate(_ARRAY_TYPES, 1))})
ON CONFLICT (municipality_code, indicator, period) DO UPDATE SET
{", ".join(f"{c} = EXCLUDED.{c}" for c in _COLUMNS[3:])}
"""


ANALYZE_AFTER_ROWS = 10_000


@dataclass(frozen=True)
class StatisticColumns:
    """Rows to write, column by column, in the order of `_COLUMNS`."""

    municipality_code: Sequence[str]
    indicator: Sequence[str]
    period: Sequence[str]
    value: Sequence[float]
    unit: Sequence[str]
    source: Sequence[str]
    source_url: Sequence[str | None]
    is_estimate: Sequence[bool]
    retrieved_at: Sequence[Any]


async def upsert_statistics(session: AsyncSession, columns: StatisticColumns) -> None:
    driver = await driver_connection(session)
    await driver.execute(_UPSERT, *(getattr(columns, name) for name in _COLUMNS))
    if len(columns.municipality_code) >= ANALYZE_AFTER_ROWS:
        # Fresh planner statistics at once, not at autovacuum's leisure: with stale ones the
        # "latest at or before" lookups may sort whole series instead of probing the index.
        await driver.execute(f"ANALYZE {SCHEMA}.statistic")


_ORDER = (Statistic.indicator, Statistic.municipality_code, Statistic.period_key, Statistic.period)

# Latest first. Of a month and a year with the same key the month wins (areas.rules.periods):
# "2023-12" sorts after "2023", so `period DESC` breaks the tie and the index serves it all.
_NEWEST_FIRST = (Statistic.period_key.desc(), Statistic.period.desc())
_LATEST_ORDER = (Statistic.indicator, Statistic.municipality_code, *_NEWEST_FIRST)


async def list_statistics(
    session: AsyncSession,
    *,
    indicator: str | None,
    codes: Collection[str] | None,
    period: str | None,
    from_key: str | None,
    to_key: str | None,
    after: Sequence[str] | None,
    limit: int,
) -> Sequence[Statistic]:
    """Statistics ordered by indicator, municipality and period (chronologically)."""
    query = select(Statistic).order_by(*_ORDER).limit(limit)
    if indicator is not None:
        query = query.where(Statistic.indicator == indicator)
    if codes:
        query = query.where(Statistic.municipality_code.in_(codes))
    if period is not None:
        query = query.where(Statistic.period == period)
    if from_key is not None:
        query = query.where(Statistic.period_key >= from_key)
    if to_key is not None:
        query = query.where(Statistic.period_key <= to_key)
    if after is not None:
        query = query.where(tuple_(*_ORDER) > tuple_(*after))
    return (await session.scalars(query)).all()


async def list_latest_statistics(
    session: AsyncSession,
    *,
    indicator: str | None,
    codes: Collection[str] | None,
    as_of_key: str,
    after: Sequence[str] | None,
    limit: int,
) -> Sequence[Statistic]:
    """Per indicator and municipality, the latest statistic whose period counts as <= as_of."""
    query = (
        select(Statistic)
        .where(Statistic.period_key <= as_of_key)
        .ext(distinct_on(Statistic.indicator, Statistic.municipality_code))
        .order_by(*_LATEST_ORDER)
        .limit(limit)
    )
    if indicator is not None:
        query = query.where(Statistic.indicator == indicator)
    if codes:
        query = query.where(Statistic.municipality_code.in_(codes))
    if after is not None:
        key = (Statistic.indicator, Statistic.municipality_code)
        query = query.where(tuple_(*key) > tuple_(*after))
    return (await session.scalars(query)).all()

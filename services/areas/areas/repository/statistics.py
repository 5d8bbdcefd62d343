"""Queries on municipal statistics.

The bulk upsert sends each column as one array and lets PostgreSQL unnest them: one
statement per 10,000 rows, no ORM objects (target: 100,000 rows in <= 10 s, bench/). Each
statement stays well inside the service's bound on one statement (`db_timeout_seconds`,
servicekit.unavailable), which one statement of 100,000 rows would pass; the request's
one transaction still writes all rows or none.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from areas.config import SCHEMA
from areas.models import Statistic
from servicekit.db import driver_connection, fetch_rows
from servicekit.http import Keyset

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
STATEMENT_ROWS = 10_000


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
    arrays = [getattr(columns, name) for name in _COLUMNS]
    for start in range(0, len(columns.municipality_code), STATEMENT_ROWS):
        await driver.execute(_UPSERT, *(array[start : start + STATEMENT_ROWS] for array in arrays))
    if len(columns.municipality_code) >= ANALYZE_AFTER_ROWS:
        # Fresh planner statistics at once, not at autovacuum's leisure: with stale ones the
        # "latest at or before" lookups may sort whole series instead of probing the index.
        await driver.execute(f"ANALYZE {SCHEMA}.statistic")


_ORDER = (Statistic.indicator, Statistic.municipality_code, Statistic.period_key, Statistic.period)

# Latest first. Of a month and a year with the same key the month wins (areas.rules.periods):
# "2023-12" sorts after "2023", so `period DESC` breaks the tie and the index serves it all.
_NEWEST_FIRST = (Statistic.period_key.desc(), Statistic.period.desc())


async def list_statistics(
    session: AsyncSession,
    *,
    indicator: str | None,
    codes: Collection[str] | None,
    period: str | None,
    from_key: str | None,
    to_key: str | None,
    page: Keyset,
) -> Sequence[Row[Any]]:
    """Statistics ordered by indicator, municipality and period (chronologically)."""
    query = page.apply(select(Statistic.__table__), *_ORDER)
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
    return await fetch_rows(session, query)


async def list_latest_statistics(
    session: AsyncSession,
    *,
    indicator: str | None,
    codes: Collection[str] | None,
    as_of_key: str,
    page: Keyset,
) -> Sequence[Row[Any]]:
    """Per indicator and municipality, the latest statistic whose period counts as <= as_of."""
    series = (Statistic.indicator, Statistic.municipality_code)
    query = page.apply(
        select(Statistic.__table__)
        .where(Statistic.period_key <= as_of_key)
        .ext(distinct_on(*series)),
        *series,
    ).order_by(*_NEWEST_FIRST)
    if indicator is not None:
        query = query.where(Statistic.indicator == indicator)
    if codes:
        query = query.where(Statistic.municipality_code.in_(codes))
    return await fetch_rows(session, query)

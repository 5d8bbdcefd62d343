"""Queries on municipal statistics.

The bulk upsert sends each column as one array and lets PostgreSQL unnest them: one
statement for up to 100,000 rows, no ORM objects (issue 3's target: 100,000 rows <= 10 s).
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnClause,
    Row,
    Select,
    Subquery,
    Text,
    bindparam,
    func,
    literal_column,
    null,
    select,
    true,
    tuple_,
)
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.selectable import LateralFromClause

from areas.config import SCHEMA
from areas.models import Border, Municipality, Statistic

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
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    driver: Any = raw.driver_connection  # asyncpg, inside the session's transaction
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


# code, period, value, source, source_url, is_estimate (None without a figure), and the
# codes of its neighbours joined by commas (None unless asked for, or when it has none).
FigureRow = Row[str, str | None, Decimal | None, str | None, str | None, bool | None, str | None]


async def latest_figures(
    session: AsyncSession,
    *,
    indicator: str,
    codes: Collection[str],
    as_of_key: str | None,
    with_neighbours: bool = False,
) -> Sequence[FigureRow]:
    """For each of `codes` that is a municipality: its latest figure, optionally its neighbours.

    One round trip answers "which codes exist", "what is each one's figure" and, for the
    formation check, "what does each one border": an index probe per code.
    """
    statement = _latest_figures(bounded=as_of_key is not None, with_neighbours=with_neighbours)
    parameters = {"indicator": indicator, "codes": ",".join(codes), "as_of_key": as_of_key}
    rows: Sequence[FigureRow] = (await session.execute(statement, parameters)).all()
    return rows


# Literal constants, not parameters: a generic plan of the prepared statement still knows
# it wants one row (an index probe) and how the text splits.
_ONE: ColumnClause[int] = literal_column("1")
_COMMA: ColumnClause[str] = literal_column("','")


@cache
def _latest_figures(*, bounded: bool, with_neighbours: bool) -> Select[Any]:
    """Built once per shape; the formation check runs it on every request."""
    # The codes travel as one text, unnested here: joined by index, where a long IN list
    # would be compared with every row, and no per-item conversion on either side.
    wanted = select(
        func.unnest(func.string_to_array(bindparam("codes", type_=Text), _COMMA)).label("code")
    ).subquery("wanted")
    figure = _latest_figure(bounded=bounded)
    query = (
        select(
            Municipality.code,
            figure.c.period,
            figure.c.value,
            figure.c.source,
            figure.c.source_url,
            figure.c.is_estimate,
        )
        .select_from(wanted)
        .join(Municipality, Municipality.code == wanted.c.code)
        .outerjoin(figure, true())
    )
    if not with_neighbours:
        return query.add_columns(null().label("neighbours"))
    neighbours = _neighbour_lists(wanted)
    return query.add_columns(neighbours.c.codes).outerjoin(
        neighbours, neighbours.c.municipality_code == Municipality.code
    )


def _latest_figure(*, bounded: bool) -> LateralFromClause:
    """Per municipality: the newest figure of the indicator (at or before as_of_key)."""
    latest = select(
        Statistic.period,
        Statistic.value,
        Statistic.source,
        Statistic.source_url,
        Statistic.is_estimate,
    ).where(
        Statistic.indicator == bindparam("indicator"),
        Statistic.municipality_code == Municipality.code,
    )
    if bounded:
        latest = latest.where(Statistic.period_key <= bindparam("as_of_key"))
    return latest.order_by(*_NEWEST_FIRST).limit(_ONE).lateral("figure")


def _neighbour_lists(wanted: Subquery) -> Subquery:
    """Each wanted municipality's neighbours joined by commas.

    The whole border table is small (about 1,700 rows for Finland): one pass grouped by
    member beats a probe per member.
    """
    return (
        select(
            Border.municipality_code,
            func.string_agg(Border.neighbour_code, _COMMA).label("codes"),
        )
        .where(Border.municipality_code.in_(select(wanted.c.code)))
        .group_by(Border.municipality_code)
        .subquery("neighbours")
    )

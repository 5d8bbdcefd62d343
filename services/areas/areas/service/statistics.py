"""Municipal statistics with provenance: all-or-nothing bulk upsert, listing, "as of" reads."""

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from areas.errors import BadRows, MunicipalityNotFound
from areas.repository import municipalities as municipality_repository
from areas.repository import statistics as repository
from areas.repository.statistics import StatisticColumns
from areas.rules.periods import lower_bound_key, period_key
from areas.schemas.statistics import StatisticWrite
from servicekit.errors import FieldError
from servicekit.http import Keyset


def bad_statistic_rows(
    rows: Sequence[StatisticWrite], known_codes: Collection[str]
) -> list[FieldError]:
    """Rows naming no municipality, and rows repeating an earlier row's key."""
    errors: list[FieldError] = []
    first_at: dict[tuple[str, str, str], int] = {}
    for index, row in enumerate(rows):
        if row.municipality_code not in known_codes:
            message = f"no municipality with code '{row.municipality_code}'"
            errors.append(FieldError(f"statistics.{index}.municipality_code", message))
        key = (row.municipality_code, row.indicator, row.period)
        earlier = first_at.setdefault(key, index)
        if earlier != index:
            message = f"municipality_code, indicator and period repeat statistics.{earlier}"
            errors.append(FieldError(f"statistics.{index}.period", message))
    return errors


async def upsert_statistics(session: AsyncSession, *, rows: Sequence[StatisticWrite]) -> int:
    """Writes every row (insert or replace by key) or, when any row is bad, none."""
    known = await municipality_repository.existing_codes(session)
    errors = bad_statistic_rows(rows, known)
    if errors:
        raise BadRows("statistics", len(rows), errors)
    await repository.upsert_statistics(session, _columns(rows))
    return len(rows)


def _columns(rows: Sequence[StatisticWrite]) -> StatisticColumns:
    received_at = dt.datetime.now(dt.UTC)
    return StatisticColumns(
        municipality_code=[r.municipality_code for r in rows],
        indicator=[r.indicator for r in rows],
        period=[r.period for r in rows],
        value=[r.value for r in rows],
        unit=[r.unit for r in rows],
        source=[r.source for r in rows],
        source_url=[r.source_url for r in rows],
        is_estimate=[r.is_estimate for r in rows],
        retrieved_at=[r.retrieved_at or received_at for r in rows],
    )


async def list_statistics(
    session: AsyncSession,
    *,
    indicator: str | None,
    codes: Collection[str] | None,
    period: str | None,
    page: Keyset,
) -> Sequence[Row[Any]]:
    """Statistics matching the filters, by indicator, municipality and period."""
    return await repository.list_statistics(
        session,
        indicator=indicator,
        codes=codes,
        period=period,
        from_key=None,
        to_key=None,
        page=page,
    )


async def list_latest_statistics(
    session: AsyncSession,
    *,
    indicator: str | None,
    codes: Collection[str] | None,
    as_of: str,
    page: Keyset,
) -> Sequence[Row[Any]]:
    """Each series' latest statistic at or before `as_of`, by indicator and municipality."""
    return await repository.list_latest_statistics(
        session, indicator=indicator, codes=codes, as_of_key=period_key(as_of), page=page
    )


async def list_municipality_statistics(
    session: AsyncSession,
    *,
    code: str,
    indicator: str | None,
    from_period: str | None,
    to_period: str | None,
    page: Keyset,
) -> Sequence[Row[Any]]:
    """One municipality's statistics in a period range, both ends inclusive.

    `from=2023` admits all of 2023; `to=2023` admits all of 2023 too. A yearly figure counts
    as its December, so `to=2023-06` leaves out the figure for the year 2023.
    """
    if not await municipality_repository.existing_codes(session, [code]):
        raise MunicipalityNotFound(code)
    return await repository.list_statistics(
        session,
        indicator=indicator,
        codes=[code],
        period=None,
        from_key=lower_bound_key(from_period) if from_period else None,
        to_key=period_key(to_period) if to_period else None,
        page=page,
    )

"""The formation check's one query: each member's latest figure and its neighbours.

Handwritten SQL run on the session's own asyncpg connection: the check runs on every
request over up to 292 municipalities (target: <= 5 ms at p50), and the ORM's per-row
machinery would cost more than the database does. Per member it is one backward probe of
`ix_statistic_indicator_municipality_period_key` (the newest period at or before as_of;
of a month and a year with the same key the month, whose text sorts after the year's).
"""

from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from areas.config import SCHEMA

# A key no period reaches: "no as_of" becomes an ordinary bound, so one plan serves both.
LATEST = "9999-12"

_FIGURES = f"""
SELECT m.code, f.period, f.value, f.source, f.source_url, f.is_estimate, {{neighbours}}
FROM unnest(string_to_array($1::text, ',')) AS wanted(code)
JOIN {SCHEMA}.municipality AS m ON m.code = wanted.code
LEFT JOIN LATERAL (
    SELECT s.period, s.value, s.source, s.source_url, s.is_estimate
    FROM {SCHEMA}.statistic AS s
    WHERE s.indicator = $2 AND s.municipality_code = m.code AND s.period_key <= $3
    ORDER BY s.period_key DESC, s.period DESC
    LIMIT 1
) AS f ON true
"""
# The whole border table is small (about 1,700 rows for Finland): one pass grouped by
# member beats a probe per member.
_NEIGHBOURS = f"""
LEFT JOIN (
    SELECT b.municipality_code, string_agg(b.neighbour_code, ',') AS codes
    FROM {SCHEMA}.border AS b
    WHERE b.municipality_code IN (SELECT unnest(string_to_array($1::text, ',')))
    GROUP BY b.municipality_code
) AS n ON n.municipality_code = m.code
"""
_WITHOUT_NEIGHBOURS = _FIGURES.format(neighbours="NULL::text")
_WITH_NEIGHBOURS = _FIGURES.format(neighbours="n.codes") + _NEIGHBOURS

# code, period, value, source, source_url, is_estimate (None without a figure), and the
# codes of its neighbours joined by commas (None unless asked for, or when it has none).
FigureRow = tuple[str, str | None, Decimal | None, str | None, str | None, bool | None, str | None]


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
    formation check, "what does each one border". Codes that are no municipality are absent.
    """
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    driver: Any = raw.driver_connection  # asyncpg, inside the session's transaction
    sql = _WITH_NEIGHBOURS if with_neighbours else _WITHOUT_NEIGHBOURS
    records = await driver.fetch(sql, ",".join(codes), indicator, as_of_key or LATEST)
    return [tuple(record) for record in records]

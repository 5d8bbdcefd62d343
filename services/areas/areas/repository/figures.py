"""Labour-force figures "as of" a period for many municipalities, and the reference-data token.

Handwritten SQL run on the session's own asyncpg connection: the formation check must stay
within a few milliseconds over up to 292 municipalities, and the ORM's per-row machinery
would cost more than the database does. Per municipality it is one backward probe of
`ix_statistic_indicator_municipality_period_key` (the newest period at or before as_of; of a
month and a year with the same key the month, whose text sorts after the year's).
"""

from collections.abc import Collection, Sequence
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from areas.config import SCHEMA
from areas.models.statistics import ReferenceVersion
from servicekit.db import driver_connection

# A key no period reaches: "no as_of" becomes an ordinary bound, so one plan serves both.
LATEST = "9999-12"

_FIGURES = f"""
SELECT m.code, f.period, f.value, f.source, f.source_url, f.is_estimate
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

# code, period, value, source, source_url, is_estimate (all but code None without a figure)
FigureRow = tuple[str, str | None, Decimal | None, str | None, str | None, bool | None]


async def latest_figures(
    session: AsyncSession, *, indicator: str, codes: Collection[str], as_of_key: str
) -> Sequence[FigureRow]:
    """For each of `codes` that is a municipality: its latest figure at or before the key.

    Codes that are no municipality are absent. The codes travel as one text, unnested in
    the query: joined by index, where a long IN list would be compared with every row.
    """
    driver = await driver_connection(session)
    records = await driver.fetch(_FIGURES, ",".join(codes), indicator, as_of_key)
    return [tuple(record) for record in records]


async def reference_token(session: AsyncSession) -> str:
    """Changes with every write to statistics or borders (triggers of migration 0002)."""
    return str(await session.scalar(select(ReferenceVersion.token)))

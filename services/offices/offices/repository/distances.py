"""Queries on the recorded road distances between municipalities."""

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from offices.models import Distance
from servicekit.db import Reads


async def upsert_distances(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """Each row's pair gets its values; a pair recorded before is replaced."""
    statement = insert(Distance)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[Distance.code_a, Distance.code_b],
            set_={
                "km": statement.excluded.km,
                "minutes": statement.excluded.minutes,
                "source": statement.excluded.source,
                "is_estimate": statement.excluded.is_estimate,
                "method": statement.excluded.method,
                "updated_at": func.now(),
            },
        ),
        list(rows),
    )


async def distances_among(
    reads: Reads | AsyncSession, codes: Iterable[str]
) -> Sequence[Row[*tuple[Any, ...]]]:
    """The recorded pairs with both ends among `codes`."""
    wanted = sorted(set(codes))
    query = (
        select(
            Distance.code_a,
            Distance.code_b,
            Distance.km,
            Distance.minutes,
            Distance.source,
            Distance.is_estimate,
            Distance.method,
        )
        .where(Distance.code_a.in_(wanted), Distance.code_b.in_(wanted))
        .order_by(Distance.code_a, Distance.code_b)
    )
    if isinstance(reads, Reads):
        return await reads.rows(query)
    return (await reads.execute(query)).all()

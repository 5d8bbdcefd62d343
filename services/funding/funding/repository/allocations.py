"""Queries on allocation runs."""

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from funding.models import AllocationRun
from servicekit.db import Reads
from servicekit.http import Keyset


async def add_run(session: AsyncSession, run: AllocationRun) -> None:
    session.add(run)
    await session.flush()


async def get_run(session: AsyncSession, allocation_id: uuid.UUID) -> AllocationRun | None:
    return await session.get(AllocationRun, allocation_id)


async def run_years(session: AsyncSession, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
    """The year of each of `ids` that names a run."""
    rows = await session.execute(
        select(AllocationRun.id, AllocationRun.year).where(AllocationRun.id.in_(ids))
    )
    return {row.id: row.year for row in rows}


async def list_runs(reads: Reads, *, year: int | None, page: Keyset) -> Sequence[Row[Any]]:
    query = select(
        AllocationRun.seq,
        AllocationRun.id,
        AllocationRun.year,
        AllocationRun.pool_eur,
        AllocationRun.total_eur,
        AllocationRun.criteria,
        func.jsonb_array_length(AllocationRun.parts).label("municipality_count"),
        AllocationRun.label,
        AllocationRun.source,
        AllocationRun.created_by,
        AllocationRun.created_at,
    )
    if year is not None:
        query = query.where(AllocationRun.year == year)
    return await reads.rows(page.apply(query, AllocationRun.seq))

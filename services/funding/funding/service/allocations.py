"""Allocation runs: computed by the rule, stored with their inputs, never changed."""

import uuid
from collections.abc import Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from funding.errors import AllocationNotFound, BadAllocation
from funding.models import AllocationRun
from funding.repository import allocations as repository
from funding.rules.allocation import AllocationInputError, AllocationPart, Criterion, allocate
from funding.schemas.allocations import AllocationCreate
from servicekit.db import Reads
from servicekit.http import Keyset
from servicekit.money import euro_text

SHARE_PLACES = Decimal("0.000001")


def _number_text(value: Decimal) -> str:
    """A value as written without exponent: 1E+2 is stored as 100."""
    return format(value.normalize(), "f") if value != 0 else "0"


def _part_json(part: AllocationPart) -> dict[str, Any]:
    share = Decimal(part.share.numerator) / Decimal(part.share.denominator)
    return {
        "municipality_code": part.municipality_code,
        "amount_eur": euro_text(part.amount_eur),
        "by_criterion": {name: euro_text(amount) for name, amount in part.by_criterion.items()},
        "share": str(share.quantize(SHARE_PLACES, rounding=ROUND_HALF_EVEN)),
    }


async def create_run(
    session: AsyncSession,
    *,
    data: AllocationCreate,
    created_by: str,
    run_id: uuid.UUID | None = None,
) -> AllocationRun:
    """Computes and stores the run (under `run_id` when given: the demo's fixed ids)."""
    criteria = [Criterion(c.name, c.weight) for c in data.criteria]
    try:
        parts = allocate(data.pool_eur, criteria, data.values)
    except AllocationInputError as error:
        raise BadAllocation(error.problems) from error
    run = AllocationRun(
        id=run_id or uuid.uuid4(),
        year=data.year,
        pool_eur=data.pool_eur,
        total_eur=sum((p.amount_eur for p in parts), Decimal("0.00")),
        criteria=[{"name": c.name, "weight": _number_text(c.weight)} for c in criteria],
        values={
            code: {name: _number_text(v) for name, v in sorted(values.items())}
            for code, values in sorted(data.values.items())
        },
        parts=[_part_json(p) for p in parts],
        label=data.label,
        source=data.source,
        created_by=created_by,
    )
    await repository.add_run(session, run)
    return run


async def get_run(session: AsyncSession, *, allocation_id: uuid.UUID) -> AllocationRun:
    run = await repository.get_run(session, allocation_id)
    if run is None:
        raise AllocationNotFound(allocation_id)
    return run


async def list_runs(reads: Reads, *, year: int | None, page: Keyset) -> Sequence[Row[Any]]:
    return await repository.list_runs(reads, year=year, page=page)

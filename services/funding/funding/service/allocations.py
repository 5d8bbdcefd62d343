"""Allocation runs: computed by the rule, stored with their inputs, never changed."""

import uuid
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
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

SHARE_SCALE = 10**6


def _number_text(value: Decimal) -> str:
    """A value as given, written without an exponent (1E+2 is stored as 100)."""
    return format(value, "f")


def share_text(share: Fraction) -> str:
    """The exact share to six decimals, half to even (integer arithmetic: the fraction's
    terms are large, and this runs once per municipality)."""
    micro, rest = divmod(share.numerator * SHARE_SCALE, share.denominator)
    if 2 * rest > share.denominator or (2 * rest == share.denominator and micro % 2):
        micro += 1
    return f"{micro // SHARE_SCALE}.{micro % SHARE_SCALE:06d}"


def _part_json(part: AllocationPart) -> dict[str, Any]:
    # The rule's amounts are whole cents with two places already: their text is final.
    return {
        "municipality_code": part.municipality_code,
        "amount_eur": str(part.amount_eur),
        "by_criterion": {name: str(amount) for name, amount in part.by_criterion.items()},
        "share": share_text(part.share),
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

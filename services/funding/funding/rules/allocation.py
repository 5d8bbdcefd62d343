"""The state subsidy by criteria: a pool split over municipalities (DOMAIN.md §2).

A municipality's part of a pool P over criteria c with weights w_c and values x_ic is
`P · Σ_c w_c · x_ic / Σ_j x_jc`. The parts are whole cents and add up to P exactly: each
gets the floor of its exact part, and the cents left over go one each to the largest
remainders, ties to the lower municipality code (issue 8). Everything is computed on
integers: the weights and values are scaled to whole numbers exactly, so no share is
rounded before the split.

A part's `by_criterion` is that part split over the criteria by each criterion's exact
contribution to it (largest remainder again, ties to the criterion's name), so the
amounts of a municipality add up to its part exactly.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from servicekit.money import largest_remainder, to_cents


@dataclass(frozen=True)
class Criterion:
    name: str
    weight: Decimal


@dataclass(frozen=True)
class AllocationPart:
    municipality_code: str
    amount_eur: Decimal
    by_criterion: dict[str, Decimal]
    share: Fraction  # the exact share of the pool, before rounding to cents


class AllocationInputError(ValueError):
    """The inputs do not fit together; `problems` names each (field, message)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in problems))
        self.problems = problems


def _scale(numbers: Sequence[Decimal]) -> tuple[list[int], int]:
    """The numbers as integers over one power of ten, exactly: ([125, 5], 100) for 1.25, 0.05."""
    places = max([0, *(-int(n.as_tuple().exponent) for n in numbers)])
    factor = 10**places
    return [int(n * factor) for n in numbers], factor


def check_inputs(
    criteria: Sequence[Criterion], values: Mapping[str, Mapping[str, Decimal]]
) -> None:
    """Weights summing to exactly 1, distinct criterion names, every municipality with a
    value for every criterion and no other, no criterion whose values sum to zero."""
    problems: list[tuple[str, str]] = []
    names = [c.name for c in criteria]
    for index, name in enumerate(names):
        if names.index(name) != index:
            problems.append((f"criteria.{index}.name", f"criterion '{name}' is given twice"))
    weight_sum = sum((c.weight for c in criteria), Decimal(0))
    if weight_sum != 1:
        problems.append(("criteria", f"the weights sum to {weight_sum}, not exactly 1"))
    known = set(names)
    for code in sorted(values):
        given = values[code]
        problems += [
            (f"values.{code}.{name}", f"municipality {code} has no value for criterion '{name}'")
            for name in names
            if name not in given
        ]
        problems += [
            (f"values.{code}.{name}", f"'{name}' is not one of the criteria")
            for name in sorted(set(given) - known)
        ]
    for index, criterion in enumerate(criteria):
        total = sum((v.get(criterion.name, Decimal(0)) for v in values.values()), Decimal(0))
        if values and total == 0:
            problems.append(
                (
                    f"criteria.{index}",
                    f"criterion '{criterion.name}' sums to zero over all municipalities, "
                    "so it cannot divide anything",
                )
            )
    if problems:
        raise AllocationInputError(problems)


def allocate(
    pool_eur: Decimal,
    criteria: Sequence[Criterion],
    values: Mapping[str, Mapping[str, Decimal]],
) -> list[AllocationPart]:
    """Each municipality's part of `pool_eur`, ordered by code; the parts add up to the pool."""
    check_inputs(criteria, values)
    codes = sorted(values)
    weights, weight_scale = _scale([c.weight for c in criteria])
    # Per criterion: the values as integers (the scale cancels in x_ic / Σ_j x_jc).
    scaled = {c.name: _scale([values[code][c.name] for code in codes])[0] for c in criteria}
    sums = {name: sum(column) for name, column in scaled.items()}
    common = math.lcm(*sums.values())
    # contribution[code][c] = w_c · x_ic / S_c, all over one denominator weight_scale · common.
    contribution = {
        code: {
            c.name: weight * scaled[c.name][i] * (common // sums[c.name])
            for c, weight in zip(criteria, weights, strict=True)
        }
        for i, code in enumerate(codes)
    }
    numerators = {code: sum(by_c.values()) for code, by_c in contribution.items()}
    cents = largest_remainder(to_cents(pool_eur), numerators, ties="key")
    denominator = weight_scale * common
    return [
        AllocationPart(
            municipality_code=code,
            amount_eur=_euros(cents[code]),
            by_criterion=_by_criterion(cents[code], contribution[code]),
            share=Fraction(numerators[code], denominator),
        )
        for code in codes
    ]


def _by_criterion(part_cents: int, contribution: dict[str, int]) -> dict[str, Decimal]:
    total = sum(contribution.values())
    if part_cents == 0 or total == 0:
        # Nothing to split (a zero pool, or a municipality with nothing on any criterion).
        return {name: _euros(0) for name in contribution}
    # servicekit's largest_remainder, inlined: it runs once per municipality, and its
    # checks (done for the whole pool already) cost more than the split of a few criteria.
    floors = {name: part_cents * c // total for name, c in contribution.items()}
    left_over = part_cents - sum(floors.values())
    if left_over:
        order = sorted(contribution, key=lambda n: (-(part_cents * contribution[n] % total), n))
        for name in order[:left_over]:
            floors[name] += 1
    return {name: _euros(floors[name]) for name in contribution}


def _euros(cents: int) -> Decimal:
    # Exact: whole cents shifted two places ("12345" -> 123.45, 0 -> 0.00).
    return Decimal(cents).scaleb(-2)

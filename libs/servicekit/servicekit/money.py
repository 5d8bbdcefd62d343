"""Splitting an amount into parts that add up to it exactly (largest remainder).

Money is euros as `Decimal` with two places (DESIGN.md, API conventions); an allocation of a
sum into parts always adds up exactly to the sum. The split works in whole units (cents, or
persons), so there is no rounding drift to correct afterwards.
"""

from collections.abc import Mapping
from decimal import Decimal
from typing import Literal

CENT = Decimal("0.01")


def largest_remainder(
    total: int,
    weights: Mapping[str, int],
    *,
    ties: Literal["larger_weight", "key"] = "larger_weight",
) -> dict[str, int]:
    """Whole parts of `total` proportional to `weights` that add up to `total` exactly.

    Each key first gets the floor of its exact share; the units left over go one each to the
    keys with the largest fractional remainders. Equal remainders go to the larger weight,
    then the lower key; with `ties="key"` to the lower key alone (a rule that names its own
    order, such as "ties to the lower code"). Integer arithmetic throughout.
    """
    weight_sum = sum(weights.values())
    if total < 0 or weight_sum <= 0 or any(w < 0 for w in weights.values()):
        raise ValueError("total must be >= 0 and weights non-negative with a positive sum")
    floors = {key: total * w // weight_sum for key, w in weights.items()}
    remainders = {key: total * w % weight_sum for key, w in weights.items()}
    left_over = total - sum(floors.values())
    if ties == "key":
        order = sorted(weights, key=lambda k: (-remainders[k], k))
    else:
        order = sorted(weights, key=lambda k: (-remainders[k], -weights[k], k))
    for key in order[:left_over]:
        floors[key] += 1
    return floors


def to_cents(amount: Decimal) -> int:
    """A euro amount with at most two decimals as whole cents; more decimals are refused."""
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"{amount} has more than two decimals")
    return int(cents)


def split_euros(total: Decimal, weights: Mapping[str, Decimal | int]) -> dict[str, Decimal]:
    """`total` euros in parts proportional to `weights`, to the cent, adding up to `total`.

    Weights may be any non-negative decimals (population, a share); they are scaled to
    integers exactly, so the proportions are not rounded before the split.
    """
    exponents = [Decimal(w).as_tuple().exponent for w in weights.values()]
    if not all(isinstance(e, int) for e in exponents):
        raise ValueError("weights must be finite numbers")
    factor = 10 ** max([0, *(-int(e) for e in exponents)])
    whole = {key: int(Decimal(w) * factor) for key, w in weights.items()}
    parts = largest_remainder(to_cents(total), whole)
    return {key: (Decimal(cents) / 100).quantize(CENT) for key, cents in parts.items()}


def euro_text(amount: Decimal) -> str:
    """An amount as the API answers it: euros with exactly two decimals ("1234.50"), rounded
    half to even only when it has more (a computed figure); never "-0.00"."""
    quantized = amount.quantize(CENT)
    return str(quantized if quantized != 0 else quantized.copy_abs())

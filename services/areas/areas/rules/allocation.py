"""Splitting a whole number into whole parts in proportion to weights."""

from collections.abc import Mapping


def largest_remainder(total: int, weights: Mapping[str, int]) -> dict[str, int]:
    """Parts of `total` proportional to `weights` that add up to `total` exactly.

    Each key first gets the floor of its exact share; the units left over go one each
    to the keys with the largest fractional remainders (ties: the larger weight, then the
    key), so the result is deterministic. Integer arithmetic throughout: no rounding drift.
    """
    weight_sum = sum(weights.values())
    if total < 0 or weight_sum <= 0 or any(w < 0 for w in weights.values()):
        raise ValueError("total must be >= 0 and weights non-negative with a positive sum")
    floors = {key: total * w // weight_sum for key, w in weights.items()}
    remainders = {key: total * w % weight_sum for key, w in weights.items()}
    left_over = total - sum(floors.values())
    order = sorted(weights, key=lambda k: (-remainders[k], -weights[k], k))
    for key in order[:left_over]:
        floors[key] += 1
    return floors

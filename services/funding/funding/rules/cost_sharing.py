"""Cost sharing in a lead-municipality area (vastuukuntamalli; DOMAIN.md §1, §2).

Modelled on Kuntaliitto's model agreement for the lead-municipality model: the members pay
their shares of the approved expenditure as quarterly advance payments, and after the year
the actual costs are divided by the same key and the difference is equalised. Every split
is to the cent and adds up exactly (largest remainder): the shares to the expenditure, a
member's four advances to its share, and the actual shares to the actual costs, so the
equalisations add up to actual minus approved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from servicekit.money import split_euros

QUARTERS = ("1", "2", "3", "4")


@dataclass(frozen=True)
class MemberCostShare:
    municipality_code: str
    weight: Decimal
    share_eur: Decimal
    advances_eur: tuple[Decimal, Decimal, Decimal, Decimal]  # quarters 1-4
    actual_share_eur: Decimal | None
    # Positive: the member pays this much more after the year; negative: it is refunded.
    equalisation_eur: Decimal | None


def share_costs(
    expenditure_eur: Decimal, weights: Mapping[str, Decimal], *, actual_eur: Decimal | None = None
) -> list[MemberCostShare]:
    """Each member's share by `weights` (population, subsidy), by code. The weights must be
    non-negative with a positive sum (ValueError otherwise)."""
    shares = split_euros(expenditure_eur, weights)
    actual = split_euros(actual_eur, weights) if actual_eur is not None else None
    result = []
    for code in sorted(weights):
        advances = split_euros(shares[code], dict.fromkeys(QUARTERS, 1))
        actual_share = actual[code] if actual is not None else None
        result.append(
            MemberCostShare(
                municipality_code=code,
                weight=Decimal(weights[code]),
                share_eur=shares[code],
                advances_eur=(advances["1"], advances["2"], advances["3"], advances["4"]),
                actual_share_eur=actual_share,
                equalisation_eur=None if actual_share is None else actual_share - shares[code],
            )
        )
    return result

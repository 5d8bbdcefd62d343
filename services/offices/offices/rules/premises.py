"""The rent a lease costs in a year, for the budget's premises line (plan §4, §2.1).

A month the lease covers whole costs its monthly rent; a month it covers in part costs the
rent x the days covered / the days of that month, rounded half up to the cent, once per
month. A year's rent is the sum of its months' cents, an office's the sum of its leases',
the area's the sum of its offices': every total adds up to the cent.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from servicekit.money import CENT


@dataclass(frozen=True)
class MonthRent:
    month: str  # YYYY-MM
    days: int  # days of the month the lease covers
    days_in_month: int
    eur: Decimal


def month_rents(
    rent_eur_month: Decimal, start: dt.date, end: dt.date | None, year: int
) -> list[MonthRent]:
    """The months of `year` the lease from `start` to `end` (its last day, both included;
    None: until further notice) covers, each with its rent."""
    rents = []
    for month in range(1, 13):
        days_in_month = calendar.monthrange(year, month)[1]
        first = max(dt.date(year, month, 1), start)
        last = dt.date(year, month, days_in_month)
        if end is not None:
            last = min(last, end)
        days = (last - first).days + 1
        if days <= 0:
            continue
        eur = rent_eur_month
        if days < days_in_month:
            eur = (rent_eur_month * days / days_in_month).quantize(CENT, ROUND_HALF_UP)
        rents.append(MonthRent(f"{year:04d}-{month:02d}", days, days_in_month, eur))
    return rents


def year_total(rents: list[MonthRent]) -> Decimal:
    return sum((r.eur for r in rents), Decimal("0.00"))

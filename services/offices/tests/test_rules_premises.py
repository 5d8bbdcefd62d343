"""A year's rent: whole months at the monthly rent, partial months pro rata by days (the
expected cents worked out by hand here)."""

import datetime as dt
from decimal import Decimal

from offices.rules.premises import month_rents, year_total

D = dt.date


def test_a_lease_running_all_year_costs_twelve_rents() -> None:
    rents = month_rents(Decimal("1234.56"), D(2020, 1, 1), None, 2025)
    assert [r.month for r in rents] == [f"2025-{m:02d}" for m in range(1, 13)]
    assert year_total(rents) == Decimal("14814.72")


def test_a_lease_starting_mid_february_of_a_leap_year_pays_15_of_29_days() -> None:
    rents = month_rents(Decimal("1000.00"), D(2024, 2, 15), None, 2024)
    first = rents[0]
    # 1000 x 15 / 29 = 517.241... -> 517.24
    assert (first.month, first.days, first.days_in_month, first.eur) == (
        "2024-02",
        15,
        29,
        Decimal("517.24"),
    )
    assert year_total(rents) == Decimal("517.24") + 10 * Decimal("1000.00")


def test_a_lease_ending_mid_month_pays_its_days_rounded_half_up() -> None:
    # 2000.10 x 10 / 31 = 645.1935... -> 645.19; 1000.05 x 16 / 30 = 533.36
    rents = month_rents(Decimal("2000.10"), D(2025, 1, 1), D(2025, 1, 10), 2025)
    assert [(r.days, r.eur) for r in rents] == [(10, Decimal("645.19"))]
    half = month_rents(Decimal("1000.05"), D(2025, 6, 15), D(2025, 6, 30), 2025)
    assert [(r.days, r.eur) for r in half] == [(16, Decimal("533.36"))]


def test_half_a_cent_rounds_up() -> None:
    # 0.01 x 15 / 30 = 0.005 -> 0.01 (16-30 June)
    assert month_rents(Decimal("0.01"), D(2025, 6, 16), None, 2025)[0].eur == Decimal("0.01")


def test_a_lease_outside_the_year_costs_nothing_in_it() -> None:
    assert month_rents(Decimal("900.00"), D(2026, 1, 1), None, 2025) == []
    assert month_rents(Decimal("900.00"), D(2020, 1, 1), D(2024, 12, 31), 2025) == []
    assert year_total([]) == Decimal("0.00")


def test_one_day_leases_pay_one_day() -> None:
    rents = month_rents(Decimal("3100.00"), D(2025, 3, 31), D(2025, 3, 31), 2025)
    assert [(r.month, r.days, r.eur) for r in rents] == [("2025-03", 1, Decimal("100.00"))]

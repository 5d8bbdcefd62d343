"""The pure caseload rules: month-weighted FTE, FTE needed, status, totals, trend.

Expected figures are worked out here by hand or with `Decimal` from the rule's statement
(DOMAIN.md §3: FTE needed = customers / target, two decimals half up), not taken from the
code under test.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest

from caseload.rules.caseload import (
    LineTarget,
    Position,
    analyse_month,
    by_office,
    fte_needed,
    half_up,
    line_load,
    month_weighted_fte,
    trend,
    uniform_check,
)
from caseload.rules.months import Month

D = dt.date


def position(
    fte: str = "1",
    line: str | None = "job_matching",
    start: dt.date = D(2025, 1, 1),
    end: dt.date | None = None,
    office: int | None = None,
    function: str = "customer_service",
) -> Position:
    return Position(Decimal(fte), function, line, office, start, end)


def plan_rounding(customers: int, target: int) -> Decimal:
    return (Decimal(customers) / Decimal(target)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def test_the_plans_3762_jobseekers_at_130_need_28_94_fte() -> None:
    # Plan §2.3: 3,762 jobseekers at the lowest target, 130 per official.
    assert fte_needed(3762, 130) == plan_rounding(3762, 130) == Decimal("28.94")
    assert fte_needed(3762 + 270, 130) == Decimal("31.02")


def test_half_up_rounds_a_tie_up_not_to_even() -> None:
    assert half_up(Fraction(28935, 1000)) == Decimal("28.94")
    assert half_up(Fraction(28945, 1000)) == Decimal("28.95")
    assert half_up(Fraction(1, 8), 2) == Decimal("0.13")
    assert fte_needed(1, 8) == Decimal("0.13")


def test_a_null_target_needs_no_fte_and_has_no_gap() -> None:
    load = line_load(LineTarget("youth", "Nuoret", None), 120, Fraction(2))
    assert load.fte_needed is None
    assert load.fte_gap is None
    assert load.status == "no_target"
    assert load.customers_per_fte == Decimal("60.00")


def test_a_line_with_customers_and_no_staff_is_no_staff_even_without_a_target() -> None:
    for target in (130, None):
        load = line_load(LineTarget("x", "X", target), 50, Fraction(0))
        assert load.status == "no_staff"
        assert load.customers_per_fte is None
        assert load.fte == Decimal("0.00")


def test_zero_customers_need_zero_fte_and_are_within_target() -> None:
    staffed = line_load(LineTarget("x", "X", 170), 0, Fraction(2))
    assert (staffed.fte_needed, staffed.fte_gap, staffed.status) == (
        Decimal("0.00"),
        Decimal("2.00"),
        "within_target",
    )
    assert staffed.customers_per_fte == Decimal("0.00")
    unstaffed = line_load(LineTarget("x", "X", 170), 0, Fraction(0))
    assert unstaffed.status == "within_target"


def test_exactly_enough_fte_is_within_target_and_a_hundredth_less_is_over() -> None:
    line = LineTarget("multi_sectoral_services", "Monialaiset", 130)
    assert line_load(line, 1300, Fraction(10)).status == "within_target"
    over = line_load(line, 1300, Fraction(999, 100))
    assert over.status == "over_target"
    assert over.fte_gap == Decimal("-0.01")


def test_a_position_ending_mid_month_counts_for_its_days() -> None:
    june = Month(2025, 6)  # 30 days
    assert month_weighted_fte([position(end=D(2025, 6, 15))], june) == Fraction(1, 2)
    # A half-time position starting on the 21st: 10 of 30 days at 0.5.
    assert month_weighted_fte([position("0.5", start=D(2025, 6, 21))], june) == Fraction(1, 6)
    # Ended before, or starting after, the month: nothing.
    assert month_weighted_fte([position(end=D(2025, 5, 31))], june) == 0
    assert month_weighted_fte([position(start=D(2025, 7, 1))], june) == 0


def test_29_february_is_a_day_of_a_leap_february() -> None:
    leap, common = Month(2024, 2), Month(2025, 2)
    assert (leap.days, common.days) == (29, 28)
    assert leap.last_day == D(2024, 2, 29)
    starts_on_29th = position(start=D(2024, 2, 29))
    assert month_weighted_fte([starts_on_29th], leap) == Fraction(1, 29)
    ends_on_28th = position(start=D(2023, 1, 1), end=D(2024, 2, 28))
    assert month_weighted_fte([ends_on_28th], leap) == Fraction(28, 29)
    # The same dates a year later fill February 2025 entirely.
    whole = position(start=D(2025, 2, 1), end=D(2025, 2, 28))
    assert month_weighted_fte([whole], common) == 1


def test_month_arithmetic_crosses_years() -> None:
    assert Month(2025, 1).shifted(-1) == Month(2024, 12)
    assert Month(2024, 12).shifted(14) == Month(2026, 2)
    assert [str(m) for m in Month(2024, 11).until(Month(2025, 2))] == [
        "2024-11",
        "2024-12",
        "2025-01",
        "2025-02",
    ]
    assert Month(2025, 2).until(Month(2025, 1)) == []


def test_the_analysis_weights_staff_by_line_and_adds_the_lines_up() -> None:
    lines = [
        LineTarget("competence_services", "Osaaminen", 170),
        LineTarget("multi_sectoral_services", "Monialaiset", 130),
        LineTarget("youth", "Nuoret", None),
    ]
    june = Month(2025, 6)
    staff = [
        position(line="competence_services"),
        position(line="competence_services", end=D(2025, 6, 15)),
        position(line="multi_sectoral_services", fte="0.8"),
        # Common services work in no line: not counted as a line's staff.
        position(line=None, function="common_services"),
    ]
    load = analyse_month(
        lines, {"competence_services": 340, "multi_sectoral_services": 200}, staff, june
    )
    competence, multi, youth = load.lines
    assert (competence.fte, competence.fte_needed, competence.status) == (
        Decimal("1.50"),
        Decimal("2.00"),
        "over_target",
    )
    # 200 / 130 = 1.538... -> 1.54; 0.8 FTE serve it.
    assert (multi.fte, multi.fte_needed, multi.fte_gap) == (
        Decimal("0.80"),
        Decimal("1.54"),
        Decimal("-0.74"),
    )
    assert multi.customers_per_fte == Decimal("250.00")
    assert (youth.customers, youth.status) == (0, "no_target")
    assert load.totals.customers == 540
    assert load.totals.fte == Decimal("2.30")
    assert load.totals.fte_needed == Decimal("3.54")


def test_the_uniform_check_takes_all_customers_at_one_target() -> None:
    check = uniform_check(3762, 130, Fraction(30))
    assert (check.fte_needed, check.fte, check.fte_gap, check.status) == (
        Decimal("28.94"),
        Decimal("30.00"),
        Decimal("1.06"),
        "within_target",
    )


def test_offices_show_their_lines_fte_and_staff_without_an_office_is_left_out() -> None:
    lines = [LineTarget("a", "A", 100), LineTarget("b", "B", None)]
    staff = [
        position(line="a", office=7),
        position(line="b", office=7, fte="0.5"),
        position(line="a", office=3),
        position(line="a"),
    ]
    offices = by_office(lines, staff, Month(2025, 3))
    assert [(o.office_id, o.fte, o.lines) for o in offices] == [
        (3, Decimal("1.00"), [("a", Decimal("1.00"))]),
        (7, Decimal("1.50"), [("a", Decimal("1.00")), ("b", Decimal("0.50"))]),
    ]


def test_the_trend_has_twelve_months_and_no_counts_is_not_zero() -> None:
    lines = [LineTarget("a", "A", 100)]
    counts = {Month(2025, 6): {"a": 250}, Month(2025, 1): {}}
    points = trend(lines, counts, [position(line="a", start=D(2025, 3, 1))], Month(2025, 6))
    assert [str(p.month) for p in points][0::11] == ["2024-07", "2025-06"]
    assert len(points) == 12
    by_month = {str(p.month): p for p in points}
    assert by_month["2024-12"].customers is None
    assert by_month["2024-12"].fte_needed is None
    assert by_month["2025-01"].customers == 0
    assert by_month["2025-02"].fte == Decimal("0.00")
    assert (by_month["2025-06"].customers, by_month["2025-06"].fte_needed) == (250, Decimal("2.50"))
    assert by_month["2025-06"].fte == Decimal("1.00")


@pytest.mark.parametrize(("customers", "target", "expected"), [(1, 3, "0.33"), (2, 3, "0.67")])
def test_fte_needed_rounds_thirds(customers: int, target: int, expected: str) -> None:
    assert fte_needed(customers, target) == Decimal(expected)

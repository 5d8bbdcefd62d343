"""The pure scenario rules: customers with changes, FTE needed, gap and its cost in cents."""

import datetime as dt
from decimal import Decimal

from caseload.rules.caseload import LineTarget, Position
from caseload.rules.months import Month
from caseload.rules.scenarios import CustomerChange, customers_by_line, gap_cost, run_scenario

MULTI = "multi_sectoral_services"


def staff(count: int, line: str, end: dt.date | None = None) -> list[Position]:
    return [
        Position(Decimal(1), "customer_service", line, None, dt.date(2025, 1, 1), end)
        for _ in range(count)
    ]


def test_a_change_applies_from_its_first_to_its_last_month() -> None:
    change = CustomerChange("233", MULTI, 270, Month(2025, 6), Month(2025, 8))
    baseline = {("233", MULTI): 100, ("005", MULTI): 50}
    assert customers_by_line(baseline, [change], Month(2025, 5)) == {MULTI: 150}
    assert customers_by_line(baseline, [change], Month(2025, 8)) == {MULTI: 420}
    assert customers_by_line(baseline, [change], Month(2025, 9)) == {MULTI: 150}


def test_a_municipalitys_line_never_goes_below_zero() -> None:
    fewer = CustomerChange("233", MULTI, -500, Month(2025, 1), None)
    baseline = {("233", MULTI): 100, ("005", MULTI): 50}
    assert customers_by_line(baseline, [fewer], Month(2025, 3)) == {MULTI: 50}


def test_the_cost_of_closing_a_gap_is_the_shortfall_at_a_twelfth_of_the_annual_cost() -> None:
    # 1.02 FTE short at 60,000.00 a year: 1.02 x 5,000.00 a month.
    assert gap_cost(Decimal("30.00"), Decimal("31.02"), Decimal("60000.00")) == Decimal("5100.00")
    # 0.01 x 55,555.55 / 12 = 46.2962... -> 46.30; 0.01 x 6.00 / 12 = 0.005 -> 0.01 (half up).
    assert gap_cost(Decimal("1.00"), Decimal("1.01"), Decimal("55555.55")) == Decimal("46.30")
    assert gap_cost(Decimal("1.00"), Decimal("1.01"), Decimal("6.00")) == Decimal("0.01")
    assert gap_cost(Decimal("2.00"), Decimal("1.00"), Decimal("60000.00")) == Decimal("0.00")
    assert gap_cost(Decimal("2.00"), None, Decimal("60000.00")) == Decimal("0.00")


def test_the_kauhava_scenario_needs_31_02_fte_at_a_uniform_130_instead_of_28_94() -> None:
    # Plan §2.3 and §7: 3,762 jobseekers, +270 in Kauhava's multi-sectoral services.
    lines = [LineTarget(MULTI, "Monialaiset", 130), LineTarget("job_matching", "Työnvälitys", None)]
    baseline = {("233", MULTI): 762, ("005", "job_matching"): 3000}
    changes = [CustomerChange("233", MULTI, 270, Month(2025, 6), None)]
    result = run_scenario(
        lines=lines,
        baseline=baseline,
        changes=changes,
        positions=staff(7, MULTI) + staff(23, "job_matching"),
        base_month=Month(2025, 6),
        months=12,
        annual_cost=Decimal("60000.00"),
        uniform_target=130,
    )
    assert len(result.months) == 12
    first = result.months[0]
    assert first.uniform is not None
    assert (first.uniform.baseline_fte_needed, first.uniform.fte_needed) == (
        Decimal("28.94"),
        Decimal("31.02"),
    )
    assert first.uniform.fte_gap == Decimal("-1.02")
    assert first.uniform.cost_eur == Decimal("5100.00")
    assert result.uniform_total_cost_eur == Decimal("61200.00")
    multi = first.lines[0]
    # (762 + 270) / 130 = 7.938... -> 7.94 against 7 FTE: 0.94 x 5,000.00.
    assert (multi.baseline_fte_needed, multi.fte_needed, multi.fte_gap) == (
        Decimal("5.86"),
        Decimal("7.94"),
        Decimal("-0.94"),
    )
    assert multi.cost_eur == Decimal("4700.00")
    assert first.lines[1].cost_eur == Decimal("0.00")
    assert result.total_cost_eur == Decimal("4700.00") * 12


def test_staff_that_leaves_during_the_horizon_widens_the_gap() -> None:
    lines = [LineTarget(MULTI, "Monialaiset", 100)]
    result = run_scenario(
        lines=lines,
        baseline={("233", MULTI): 200},
        changes=[],
        positions=staff(1, MULTI) + staff(1, MULTI, end=dt.date(2025, 6, 15)),
        base_month=Month(2025, 6),
        months=2,
        annual_cost=Decimal("12000.00"),
        uniform_target=None,
    )
    june, july = result.months
    assert (june.lines[0].fte, june.lines[0].cost_eur) == (Decimal("1.50"), Decimal("500.00"))
    assert (july.lines[0].fte, july.lines[0].cost_eur) == (Decimal("1.00"), Decimal("1000.00"))
    assert result.total_cost_eur == Decimal("1500.00")
    assert result.uniform_total_cost_eur is None
    assert june.uniform is None

"""Structural-change scenarios (plan §7, DOMAIN.md §3): customers added to (or taken from)
municipalities and service lines from a month on, and the FTE and money that takes.

The baseline is the base month's customers (segment all) by municipality and line, held for
every month of the horizon; each change adds its customers in the months it covers (a
municipality's line never goes below zero). The staff of each month is the month-weighted
FTE of the positions then, so known ends and starts count. Closing a line's gap costs its
shortfall (FTE needed - FTE, when positive) x the annual cost of an FTE / 12 for that
month, rounded half up to the cent; the total is the sum of those cents, exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from caseload.rules.caseload import (
    ZERO,
    LineTarget,
    Position,
    customer_service,
    fte_by_line,
    fte_needed,
    half_up,
    month_weighted_fte,
)
from caseload.rules.months import Month

CENT = Decimal("0.01")
# A cell of the baseline: (municipality_code, service_line).
Cell = tuple[str, str]


@dataclass(frozen=True)
class CustomerChange:
    municipality_code: str
    service_line: str
    customers: int
    from_month: Month
    to_month: Month | None

    def applies(self, month: Month) -> bool:
        return self.from_month <= month and (self.to_month is None or month <= self.to_month)


def customers_by_line(
    baseline: Mapping[Cell, int], changes: Sequence[CustomerChange], month: Month
) -> dict[str, int]:
    cells = dict(baseline)
    for change in changes:
        if change.applies(month):
            cell = (change.municipality_code, change.service_line)
            cells[cell] = cells.get(cell, 0) + change.customers
    by_line: dict[str, int] = {}
    for (_, line), customers in cells.items():
        by_line[line] = by_line.get(line, 0) + max(customers, 0)
    return by_line


def gap_cost(fte: Decimal, needed: Decimal | None, annual_cost: Decimal) -> Decimal:
    """A month's cost of closing the gap: the shortfall x annual cost / 12, to the cent."""
    if needed is None or fte >= needed:
        return ZERO
    return ((needed - fte) * annual_cost / 12).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ScenarioLine:
    service_line: str
    baseline_customers: int
    customers: int
    target: int | None
    baseline_fte_needed: Decimal | None
    fte_needed: Decimal | None
    fte: Decimal
    fte_gap: Decimal | None
    cost_eur: Decimal


@dataclass(frozen=True)
class ScenarioUniform:
    target: int
    baseline_customers: int
    customers: int
    baseline_fte_needed: Decimal
    fte_needed: Decimal
    fte: Decimal
    fte_gap: Decimal
    cost_eur: Decimal


@dataclass(frozen=True)
class ScenarioTotals:
    baseline_customers: int
    customers: int
    baseline_fte_needed: Decimal
    fte_needed: Decimal
    fte: Decimal
    cost_eur: Decimal


@dataclass(frozen=True)
class ScenarioMonth:
    month: Month
    lines: list[ScenarioLine]
    totals: ScenarioTotals
    uniform: ScenarioUniform | None


@dataclass(frozen=True)
class ScenarioResult:
    months: list[ScenarioMonth]
    total_cost_eur: Decimal
    uniform_total_cost_eur: Decimal | None


def _line(
    line: LineTarget, baseline: int, customers: int, fte: Fraction, annual_cost: Decimal
) -> ScenarioLine:
    shown_fte = half_up(fte)
    needed = fte_needed(customers, line.target)
    return ScenarioLine(
        service_line=line.key,
        baseline_customers=baseline,
        customers=customers,
        target=line.target,
        baseline_fte_needed=fte_needed(baseline, line.target),
        fte_needed=needed,
        fte=shown_fte,
        fte_gap=None if needed is None else shown_fte - needed,
        cost_eur=gap_cost(shown_fte, needed, annual_cost),
    )


def _uniform(
    target: int, baseline: int, customers: int, fte: Fraction, annual_cost: Decimal
) -> ScenarioUniform:
    shown_fte = half_up(fte)
    needed = half_up(Fraction(customers, target))
    return ScenarioUniform(
        target=target,
        baseline_customers=baseline,
        customers=customers,
        baseline_fte_needed=half_up(Fraction(baseline, target)),
        fte_needed=needed,
        fte=shown_fte,
        fte_gap=shown_fte - needed,
        cost_eur=gap_cost(shown_fte, needed, annual_cost),
    )


def _totals(lines: Sequence[ScenarioLine]) -> ScenarioTotals:
    return ScenarioTotals(
        baseline_customers=sum(line.baseline_customers for line in lines),
        customers=sum(line.customers for line in lines),
        baseline_fte_needed=sum((line.baseline_fte_needed or ZERO for line in lines), ZERO),
        fte_needed=sum((line.fte_needed or ZERO for line in lines), ZERO),
        fte=sum((line.fte for line in lines), ZERO),
        cost_eur=sum((line.cost_eur for line in lines), ZERO),
    )


def run_scenario(
    *,
    lines: Sequence[LineTarget],
    baseline: Mapping[Cell, int],
    changes: Sequence[CustomerChange],
    positions: Sequence[Position],
    base_month: Month,
    months: int,
    annual_cost: Decimal,
    uniform_target: int | None,
) -> ScenarioResult:
    base_by_line = customers_by_line(baseline, (), base_month)
    staff = customer_service(positions)
    result = []
    for month in base_month.until(base_month.shifted(months - 1)):
        customers = customers_by_line(baseline, changes, month)
        fte = fte_by_line(staff, month)
        scenario_lines = [
            _line(
                line,
                base_by_line.get(line.key, 0),
                customers.get(line.key, 0),
                fte.get(line.key, Fraction(0)),
                annual_cost,
            )
            for line in lines
        ]
        totals = _totals(scenario_lines)
        uniform = None
        if uniform_target is not None:
            uniform = _uniform(
                uniform_target,
                totals.baseline_customers,
                totals.customers,
                month_weighted_fte(staff, month),
                annual_cost,
            )
        result.append(ScenarioMonth(month, scenario_lines, totals, uniform))
    return ScenarioResult(
        months=result,
        total_cost_eur=sum((m.totals.cost_eur for m in result), ZERO),
        uniform_total_cost_eur=(
            None
            if uniform_target is None
            else sum((m.uniform.cost_eur for m in result if m.uniform), ZERO)
        ),
    )

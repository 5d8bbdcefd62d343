"""What the plan reads from the caseload service: the fields it declares, and one call each.

The caseload sections (2.3 `staff`, 3 `services`, 7 `structural_change_scenarios`) share
these reads. FTE and customer counts arrive as JSON numbers and are kept as the service
gave them (FTE to two decimals, rounded half up there: DOMAIN.md §3); money arrives as
decimal strings and is kept as `Decimal`, so the document holds the service's figures
exactly. The gateway computes no figure: it only chooses which month to ask for.

The month of the plan (`plan_caseload`): the analysis of the month of the plan's `on`
when customers are recorded for it; else the latest month with recorded customers before
it, looked for in the analysis's 12-month trend a year at a time, at most 36 months back
(the horizon of a scenario, plan §7). The demo's June 2025 counts answer a plan on
30 June 2025 at once; a plan on 1 December 2026 finds December 2025. With none in those
36 months the section says so and shows the month of `on` without customers.

The plan's own check (plan §2.3: "30 htv on alimmalla tavoiteluvulla arvioituna
riittävä") puts all the area's customers at the lowest target of its service lines
(Kymppi: multi-sectoral services, 130); `lowest_target` picks it from the lines, so an
area that retargets its lines is checked at its own lowest target.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, RootModel

from gateway.plan.downstream import Downstream, DownstreamFailure

CASELOAD = "caseload"
TREND_MONTHS = 12  # the analysis's trend: the 12 months up to and including its month
SEARCH_WINDOWS = 3  # 36 months back at most: a scenario's longest horizon
SCENARIOS_SHOWN = 20  # one page of scenarios; more are named as not shown


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def shifted(month: str, months: int) -> str:
    """ "2025-06" shifted by -12 -> "2024-06"."""
    year, number = (int(part) for part in month.split("-"))
    index = year * 12 + number - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


# GET /v1/areas/{area_id}/service-lines


class ServiceLineRead(BaseModel):
    key: str
    name_fi: str
    target_customers_per_fte: int | None  # none: the line has no target


def lowest_target(lines: list[ServiceLineRead]) -> ServiceLineRead | None:
    """The line with the lowest target (the first of equals); none when no line has one."""
    targeted = [line for line in lines if line.target_customers_per_fte is not None]
    return min(targeted, key=lambda line: line.target_customers_per_fte or 0, default=None)


# GET /v1/areas/{area_id}/staff/summary?on=


class FunctionFte(BaseModel):
    function: str  # customer_service | common_services | management
    positions: int
    fte: float


class OriginFte(BaseModel):
    origin: str  # state_transfer | municipal | new_hire
    positions: int
    fte: float


class ServiceLineFte(BaseModel):
    service_line: str
    positions: int
    fte: float


class OfficeFte(BaseModel):
    office_id: int | None  # none: the positions with no office recorded (listed last)
    positions: int
    fte: float


class StaffSummaryRead(BaseModel):
    area_id: str
    on: dt.date
    positions: int
    fte: float
    by_function: list[FunctionFte]
    by_origin: list[OriginFte]
    by_service_line: list[ServiceLineFte]
    by_office: list[OfficeFte]


# GET /v1/areas/{area_id}/caseload?month=&uniform_target=


class LineLoad(BaseModel):
    service_line: str
    name_fi: str
    customers: int
    fte: float
    customers_per_fte: float | None  # none: no staff
    target: int | None
    fte_needed: float | None  # none: no target
    fte_gap: float | None  # fte - fte_needed: negative is a shortage
    status: str  # within_target | over_target | no_target | no_staff


class Totals(BaseModel):
    customers: int
    fte: float
    fte_needed: float  # over the lines with a target


class OfficeLine(BaseModel):
    service_line: str
    fte: float


class OfficeLoad(BaseModel):
    office_id: int
    fte: float
    lines: list[OfficeLine]


class SegmentCount(BaseModel):
    segment: str  # all | long_term_unemployed | under_25 | over_50 | foreign_language
    customers: int


class TrendPoint(BaseModel):
    month: str
    customers: int | None  # none: no counts recorded for the month
    fte: float
    fte_needed: float | None


class Uniform(BaseModel):
    target: int
    customers: int
    fte_needed: float
    fte: float
    fte_gap: float
    status: str


class CaseloadRead(BaseModel):
    area_id: str
    month: str
    customers_recorded: bool
    lines: list[LineLoad]
    totals: Totals
    segments: list[SegmentCount]
    by_office: list[OfficeLoad]
    trend: list[TrendPoint]
    uniform: Uniform | None = None


# GET /v1/areas/{area_id}/customers/{month}: only the provenance of the month's counts


class CustomerMonthSource(BaseModel):
    month: str
    source: str | None
    is_estimate: bool


# GET /v1/areas/{area_id}/scenarios, .../scenarios/{id}, .../scenarios/{id}/result


class ScenarioSummary(BaseModel):
    id: int
    name: str


class ScenarioPage(BaseModel):
    items: list[ScenarioSummary]
    next_cursor: str | None = None


class ScenarioChange(BaseModel):
    municipality_code: str
    service_line: str
    customers: int  # added; negative: fewer
    from_month: str
    to_month: str | None  # none: to the horizon


class ScenarioRead(BaseModel):
    id: int
    name: str
    note: str | None
    base_month: str
    months: int
    changes: list[ScenarioChange]
    annual_cost_per_fte_eur: Decimal
    uniform_target: int | None
    created_at: dt.datetime


class ScenarioLine(BaseModel):
    service_line: str
    baseline_customers: int
    customers: int
    target: int | None
    baseline_fte_needed: float | None
    fte_needed: float | None
    fte: float
    fte_gap: float | None
    cost_eur: Decimal


class ScenarioTotals(BaseModel):
    baseline_customers: int
    customers: int
    baseline_fte_needed: float
    fte_needed: float
    fte: float
    cost_eur: Decimal


class ScenarioUniform(BaseModel):
    target: int
    baseline_customers: int
    customers: int
    baseline_fte_needed: float
    fte_needed: float
    fte: float
    fte_gap: float
    cost_eur: Decimal


class ScenarioMonth(BaseModel):
    month: str
    lines: list[ScenarioLine]
    totals: ScenarioTotals
    uniform: ScenarioUniform | None


class ScenarioResult(BaseModel):
    scenario_id: int
    base_month: str
    months: int
    monthly: list[ScenarioMonth]
    total_cost_eur: Decimal
    uniform_total_cost_eur: Decimal | None


# The calls, one function each.


class ServiceLines(RootModel[list[ServiceLineRead]]):
    """The service answers the lines as a bare JSON array, in the area's order."""


async def fetch_service_lines(downstream: Downstream, area_id: str) -> list[ServiceLineRead]:
    path = f"/v1/areas/{area_id}/service-lines"
    return (await downstream.get(CASELOAD, path, ServiceLines)).root


async def fetch_staff_summary(
    downstream: Downstream, area_id: str, on: dt.date
) -> StaffSummaryRead:
    path = f"/v1/areas/{area_id}/staff/summary"
    return await downstream.get(CASELOAD, path, StaffSummaryRead, {"on": on.isoformat()})


async def fetch_caseload(
    downstream: Downstream, area_id: str, month: str, uniform_target: int | None = None
) -> CaseloadRead:
    params = {"month": month}
    if uniform_target is not None:
        params["uniform_target"] = str(uniform_target)
    return await downstream.get(CASELOAD, f"/v1/areas/{area_id}/caseload", CaseloadRead, params)


async def fetch_customer_source(
    downstream: Downstream, area_id: str, month: str
) -> CustomerMonthSource | None:
    """Where the month's counts come from; none when the month has none recorded (404)."""
    path = f"/v1/areas/{area_id}/customers/{month}"
    try:
        return await downstream.get(CASELOAD, path, CustomerMonthSource)
    except DownstreamFailure as failure:
        if failure.problem.status == 404:
            return None
        raise


async def fetch_scenarios(
    downstream: Downstream, area_id: str, limit: int = SCENARIOS_SHOWN
) -> ScenarioPage:
    path = f"/v1/areas/{area_id}/scenarios"
    return await downstream.get(CASELOAD, path, ScenarioPage, {"limit": str(limit)})


async def fetch_scenario(downstream: Downstream, area_id: str, scenario_id: int) -> ScenarioRead:
    path = f"/v1/areas/{area_id}/scenarios/{scenario_id}"
    return await downstream.get(CASELOAD, path, ScenarioRead)


async def fetch_scenario_result(
    downstream: Downstream, area_id: str, scenario_id: int
) -> ScenarioResult:
    path = f"/v1/areas/{area_id}/scenarios/{scenario_id}/result"
    return await downstream.get(CASELOAD, path, ScenarioResult)


async def plan_caseload(
    downstream: Downstream, area_id: str, on: dt.date, uniform_target: int | None = None
) -> CaseloadRead:
    """The analysis of the plan's month (see the module's docstring): the month of `on`, or
    the latest one before it with customers recorded, at most 36 months back; without any,
    the month of `on` (its `customers_recorded` false)."""
    asked = month_of(on)
    first: CaseloadRead | None = None
    for _ in range(SEARCH_WINDOWS):
        read = await fetch_caseload(downstream, area_id, asked, uniform_target)
        first = first or read
        if read.customers_recorded:
            return read
        recorded = [p.month for p in read.trend if p.customers is not None]
        if recorded:
            return await fetch_caseload(downstream, area_id, max(recorded), uniform_target)
        asked = shifted(asked, -TREND_MONTHS)
    assert first is not None  # SEARCH_WINDOWS >= 1
    return first

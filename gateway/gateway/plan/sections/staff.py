"""Section 2.3, the staff (Henkilöstövoimavarat), from the caseload service.

What the source plan's §2.3 sets (DOMAIN.md §3): about 40 FTE move from the state to the
area, about 30 in personal customer service and 10 in common services; and its own check
of them, all 3,762 jobseekers of June 2023 at the lowest target (130 customers per FTE)
need 28.94 FTE, so the 30 FTE of customer service are enough. The section shows the
positions active on the plan's `on` by function, origin and office (where the positions
have one), and that check on the plan's month (`caseload.plan_caseload`) at the lowest
target of the area's service lines, as the caseload service computes them. Calls, within
the plan's deadline: the staff summary on `on` and the service lines at once; then the
analysis of the plan's month with `uniform_target` (twice or three times when the month
of `on` has no customers recorded); then where that month's counts come from.

This is part 2.3 of chapter 2; see `resources` for the chapter's parts.

Its overview columns, FTE against need: the month counted, the FTE of customer service
and the FTE needed at the lowest target with their gap (negative: too few), from the
lines and the analysis (no summary, no provenance).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel

from gateway.plan.document import Source
from gateway.plan.downstream import together
from gateway.plan.section import Column, OverviewColumns, Part, PlanContext, Section, SectionData
from gateway.plan.sections.caseload import (
    CASELOAD,
    CaseloadRead,
    CustomerMonthSource,
    ServiceLineRead,
    StaffSummaryRead,
    Uniform,
    fetch_customer_source,
    fetch_service_lines,
    fetch_staff_summary,
    lowest_target,
    plan_caseload,
)
from gateway.plan.sections.chapters import CHAPTERS_FI

FUNCTIONS_FI = {
    "customer_service": "Henkilöasiakaspalvelu",
    "common_services": "Yhteiset palvelut",
    "management": "Johto",
}
ORIGINS_FI = {
    "state_transfer": "Valtiolta siirtyvä",
    "municipal": "Kunnan oma",
    "new_hire": "Uusi rekrytointi",
}
CHECK_STATUSES_FI = {
    "within_target": "riittää",
    "over_target": "ei riitä",
    "no_target": "ei tavoitelukua",
    "no_staff": "ei henkilöstöä",
}
STAFF_SOURCE = "Työllisyysalueen tehtävät ja henkilötyövuodet (caseload-palvelu)"
CUSTOMERS_SOURCE = "Työllisyysalueen asiakasmäärät (caseload-palvelu)"


class Check(BaseModel):
    """The plan's own check: all customers of the month at the lowest target."""

    month: str
    customers_recorded: bool
    lowest: ServiceLineRead  # the line whose target is the lowest
    uniform: Uniform | None


class StaffData(SectionData):
    on: dt.date
    summary: StaffSummaryRead
    check: Check | None  # none: no service line has a target
    customers_source: CustomerMonthSource | None  # none: no counts recorded for the month

    def sources(self) -> list[Source]:
        found = [Source(source=STAFF_SOURCE, period=self.on.isoformat())]
        if self.customers_source is not None:
            found.append(customers_source(self.customers_source))
        return found


def customers_source(month: CustomerMonthSource) -> Source:
    """The month's counts as the service says where they come from (an estimate says how)."""
    text = month.source or CUSTOMERS_SOURCE
    return Source(source=text, period=month.month, is_estimate=month.is_estimate)


async def fetch_check(context: PlanContext, lines: list[ServiceLineRead]) -> Check | None:
    lowest = lowest_target(lines)
    if lowest is None:
        return None
    read: CaseloadRead = await plan_caseload(
        context.downstream, context.area.id, context.on, lowest.target_customers_per_fte
    )
    return Check(
        month=read.month,
        customers_recorded=read.customers_recorded,
        lowest=lowest,
        uniform=read.uniform,
    )


async def fetch(context: PlanContext) -> StaffData:
    downstream, area_id = context.downstream, context.area.id
    async with together() as group:
        summary = group.create_task(fetch_staff_summary(downstream, area_id, context.on))
        lines = group.create_task(fetch_service_lines(downstream, area_id))
    check = await fetch_check(context, lines.result())
    source = None
    if check is not None and check.customers_recorded:
        source = await fetch_customer_source(downstream, area_id, check.month)
    return StaffData(on=context.on, summary=summary.result(), check=check, customers_source=source)


def view(data: dict[str, Any]) -> dict[str, Any]:
    staff = StaffData.model_validate(data)
    offices = staff.summary.by_office
    return {
        "staff": staff,
        "functions_fi": FUNCTIONS_FI,
        "origins_fi": ORIGINS_FI,
        "check_statuses_fi": CHECK_STATUSES_FI,
        # The summary lists positions without an office last, as `office_id` null.
        "offices_known": any(o.office_id is not None for o in offices),
    }


# Its overview columns: FTE against need.


class CheckOverviewData(SectionData):
    check: Check | None


async def fetch_overview(context: PlanContext) -> CheckOverviewData:
    lines = await fetch_service_lines(context.downstream, context.area.id)
    return CheckOverviewData(check=await fetch_check(context, lines))


def overview_values(data: CheckOverviewData) -> dict[str, Any]:
    check = data.check
    if check is None or check.uniform is None:
        return {}
    uniform = check.uniform
    if not check.customers_recorded:
        # No counts in the 36 months up to `on`: the staff are known, the need is not.
        return {"customer_service_fte": uniform.fte}
    return {
        "caseload_month": check.month,
        "customer_service_fte": uniform.fte,
        "fte_needed": uniform.fte_needed,
        "fte_gap": uniform.fte_gap,
    }


OVERVIEW = OverviewColumns(
    columns=(
        Column(
            "caseload_month",
            "Asiakkaat kuukaudelta",
            "text",
            "The month whose customers are counted: the month of `on`, or the latest before "
            "it with counts (36 months back at most); null: none recorded",
        ),
        Column(
            "customer_service_fte",
            "Asiakaspalvelu, htv",
            "decimal",
            "Customer-service FTE of the month, weighted by the days active",
        ),
        Column(
            "fte_needed",
            "Tarve, htv",
            "decimal",
            "FTE needed for all customers at the lowest target of the area's lines (plan §2.3)",
        ),
        Column("fte_gap", "Ero, htv", "decimal", "FTE minus FTE needed; negative: too few staff"),
    ),
    values=overview_values,
    fetch=fetch_overview,
)


SECTION = Section(
    key="staff",
    number=2,
    title_fi=CHAPTERS_FI[2],
    service=CASELOAD,
    fetch=fetch,
    template="staff.html.j2",
    view=view,
    overview=OVERVIEW,
    part=Part("Henkilöstövoimavarat", number="2.3"),
)

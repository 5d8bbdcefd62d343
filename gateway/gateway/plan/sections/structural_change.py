"""Section 7, preparing for structural change: the change-security reserve of the budget.

The source plan's §7 (DOMAIN.md §2): the yearly budget reserves an appropriation for
change security and sudden structural change. The section shows the plan year's budget
line for it and its share of the budget's expenditure, as the funding service computes
them, with its finding when the line is missing. One call, within the plan's deadline:
the year's budget (its latest version). No budget for the year yet (the service's 404)
is "not yet recorded", not an error.

Chapter 7 has parts from two services: this reserve from funding, and the
structural-change scenarios (customers added to members and service lines, and the FTE
and money they take) from the caseload service, a section of its own (`scenarios`)
listed after this one in `SECTIONS`. Each is fetched on its own and is ok, unavailable
or not configured on its own.

Its overview column: the reserve's share of expenditure, from the budget (one call).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from gateway.plan.document import Source
from gateway.plan.section import Column, OverviewColumns, Part, PlanContext, Section, SectionData
from gateway.plan.sections.chapters import CHAPTERS_FI
from gateway.plan.sections.funding import FUNDING, BudgetLine, Finding, fetch_budget
from gateway.plan.sections.resources import BUDGET_STATUSES_FI

RESERVE = "change_security_reserve"


class Reserve(BaseModel):
    version: int
    status: str
    lines: list[BudgetLine]  # the budget's change-security lines
    reserve_eur: Decimal
    share: Decimal  # of the budget's expenditure
    expenditure_total_eur: Decimal
    finding: Finding | None  # no_change_security_reserve, when the service found it


class StructuralChangeData(SectionData):
    year: int
    reserve: Reserve | None  # none: no budget for the year yet

    def sources(self) -> list[Source]:
        if self.reserve is None:
            return []
        version = f"{self.year}, versio {self.reserve.version}"
        return [Source(source="Työllisyysalueen talousarvio", period=version)]


async def fetch(context: PlanContext) -> StructuralChangeData:
    budget = await fetch_budget(context.downstream, context.area.id, context.year)
    if budget is None:
        return StructuralChangeData(year=context.year, reserve=None)
    reserve = Reserve(
        version=budget.version,
        status=budget.status,
        lines=[line for line in budget.lines if line.category == RESERVE],
        reserve_eur=budget.change_security_reserve_eur,
        share=budget.change_security_reserve_share,
        expenditure_total_eur=budget.expenditure_total_eur,
        finding=next((f for f in budget.findings if f.code == "no_change_security_reserve"), None),
    )
    return StructuralChangeData(year=context.year, reserve=reserve)


def view(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "change": StructuralChangeData.model_validate(data),
        "budget_statuses_fi": BUDGET_STATUSES_FI,
    }


def overview_values(data: StructuralChangeData) -> dict[str, Any]:
    return {"change_security_reserve": data.reserve.reserve_eur if data.reserve else None}


OVERVIEW = OverviewColumns(
    columns=(
        Column(
            "change_security_reserve",
            "Muutosturvan määräraha",
            "money",
            "The budget's change-security reserve, euros; null: no budget yet",
        ),
    ),
    values=overview_values,
)


SECTION = Section(
    key="structural_change",
    number=7,
    title_fi=CHAPTERS_FI[7],
    service=FUNDING,
    fetch=fetch,
    template="structural_change.html.j2",
    view=view,
    overview=OVERVIEW,
    part=Part("Muutosturvan määräraha talousarviossa"),
)

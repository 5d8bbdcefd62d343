"""Section 2.1, the financial resources (Taloudelliset voimavarat), from the funding service.

What the source plan's §2.1 sets (DOMAIN.md §2): a member's yearly contribution is the TE
state subsidy it receives; the budget counts at most 95 % of the members' subsidies per
the previous spring's preliminary calculation; the preliminary proposal goes to the
members by 31 August and the approved budget by 15 October; at least two planning years
follow the budget year. The section shows the plan year's subsidies and contributions by
member, the budget's lines against the cap with its findings and planning years, and the
calendar of the year's deadlines with their statuses, as the funding service computes
them (the gateway computes no figure). Three calls at once, within the plan's deadline:
the year's subsidies, its budget (the latest version), and the calendar on the plan's
`on` date; then the members' names from the areas service. No subsidies or no budget for
the year yet (the service's 404) is "not yet recorded", not an error.

Chapter 2 has parts from two services. This module is part 2.1 and
`unemployment_benefits` part 2.2, both from funding; 2.3, the staff, comes from the
caseload service as a section of its own (`staff`), listed after these in `SECTIONS`.
Each part is fetched on its own and is ok, unavailable or not configured on its own; the
document prints each under its heading in chapter 2.

Its overview columns: the budget's status, expenditure, cap and headroom, and its
blocking findings, from one call an area (the budget).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from gateway.plan import charts
from gateway.plan.document import Source
from gateway.plan.downstream import together
from gateway.plan.section import Column, OverviewColumns, Part, PlanContext, Section, SectionData
from gateway.plan.sections.chapters import CHAPTERS_FI
from gateway.plan.sections.funding import (
    FUNDING,
    BudgetRead,
    CalendarRead,
    SubsidiesRead,
    fetch_budget,
    fetch_calendar,
    fetch_member_names,
    fetch_subsidies,
)

BUDGET_STATUSES_FI = {"draft": "luonnos", "proposed": "alustava esitys", "approved": "hyväksytty"}
CATEGORIES_FI = {
    "personnel": "Henkilöstömenot",
    "premises": "Toimitilat",
    "ict": "Tieto- ja viestintätekniikka",
    "procured_services": "Ostopalvelut",
    "change_security_reserve": "Muutosturvan määräraha",
    "other": "Muut menot",
}
FINDINGS_FI = {
    "over_cap": "Menot ylittävät enimmäismäärän",
    "missing_subsidy": "Jäsenkunnan valtionosuus puuttuu",
    "no_change_security_reserve": "Muutosturvan määräraha puuttuu",
    "too_few_planning_years": "Alle kaksi suunnitteluvuotta",
    "members_unknown": "Jäsenkuntia ei saatu selville",
}
DEADLINES_FI = {
    "preliminary_proposal": "Alustava talousarvioesitys jäsenkunnille",
    "approved_budget": "Hyväksytty talousarvio ja -suunnitelma",
}
DEADLINE_STATUSES_FI = {"done": "tehty", "open": "avoinna", "late": "myöhässä"}
SUBSIDY_KINDS_FI = {"preliminary_spring": "kevään ennakkolaskelma", "final": "lopullinen"}


class MoneyData(SectionData):
    year: int
    subsidies: SubsidiesRead | None  # none: no subsidies recorded for the year yet
    budget: BudgetRead | None  # none: no budget for the year yet
    calendar: CalendarRead
    names: dict[str, str]  # municipality code -> its Finnish name, where the areas service said

    def sources(self) -> list[Source]:
        rows = self.subsidies.subsidies if self.subsidies else []
        found = [Source(source=s, period=str(self.year)) for s in sorted({r.source for r in rows})]
        if self.budget is not None:
            version = f"{self.year}, versio {self.budget.version}"
            found.append(Source(source="Työllisyysalueen talousarvio", period=version))
        return found


async def fetch(context: PlanContext) -> MoneyData:
    downstream, area_id, year = context.downstream, context.area.id, context.year
    async with together() as group:
        subsidies = group.create_task(fetch_subsidies(downstream, area_id, year))
        budget = group.create_task(fetch_budget(downstream, area_id, year))
        calendar = group.create_task(fetch_calendar(downstream, area_id, year, context.on))
    data = MoneyData(
        year=year,
        subsidies=subsidies.result(),
        budget=budget.result(),
        calendar=calendar.result(),
        names={},
    )
    names = await fetch_member_names(downstream, set(member_codes(data)))
    return data.model_copy(update={"names": names})


def member_codes(data: MoneyData) -> list[str]:
    codes = {r.municipality_code for r in data.subsidies.subsidies} if data.subsidies else set()
    codes |= {c.municipality_code for c in data.budget.contributions} if data.budget else set()
    return sorted(codes)


class MemberRow(BaseModel):
    code: str
    name_fi: str
    preliminary_spring_eur: Decimal | None
    final_eur: Decimal | None
    contribution_eur: Decimal | None


def member_rows(data: MoneyData) -> list[MemberRow]:
    """Each member's subsidies of both kinds and its contribution, by municipality code."""
    subsidies = data.subsidies.subsidies if data.subsidies else []
    kinds = {(s.municipality_code, s.kind): s.te_subsidy_eur for s in subsidies}
    contributions = data.subsidies.contributions if data.subsidies else []
    if not contributions and data.budget is not None:
        contributions = data.budget.contributions
    paid = {c.municipality_code: c.contribution_eur for c in contributions}
    budget_names = {c.municipality_code: c.name_fi for c in contributions if c.name_fi}
    return [
        MemberRow(
            code=code,
            name_fi=data.names.get(code) or budget_names.get(code) or code,
            preliminary_spring_eur=kinds.get((code, "preliminary_spring")),
            final_eur=kinds.get((code, "final")),
            contribution_eur=paid.get(code),
        )
        for code in member_codes(data)
    ]


def _floats(values: list[Decimal | None]) -> list[float | None]:
    return [float(v) if v is not None else None for v in values]


def view(data: dict[str, Any]) -> dict[str, Any]:
    money = MoneyData.model_validate(data)
    members = member_rows(money)
    series = {
        "TE-valtionosuus, kevään ennakkolaskelma": [m.preliminary_spring_eur for m in members],
        "TE-valtionosuus, lopullinen": [m.final_eur for m in members],
        "Maksuosuus": [m.contribution_eur for m in members],
    }
    drawn = {name: _floats(v) for name, v in series.items() if any(x is not None for x in v)}
    budget = money.budget
    return {
        "money": money,
        "members": members,
        "subsidies_chart": charts.grouped_bar_chart(
            title=f"Valtionosuudet ja maksuosuudet jäsenkunnittain {money.year}",
            chart_id="subsidies",
            labels=[m.name_fi for m in members],
            series=drawn,
        )
        if members and drawn
        else None,
        "budget_chart": charts.stacked_against_limit(
            title=f"Talousarvion {budget.year} menot ja enimmäismäärä",
            chart_id="budget-cap",
            stacked_label="Menot",
            stacks={
                CATEGORIES_FI.get(line.category, line.category): float(line.amount_eur)
                for line in budget.lines
            },
            limit_label=f"Enimmäismäärä ({charts.finnish_percent(budget.cap_share, 0)})",
            limit=float(budget.cap_eur),
        )
        if budget is not None and budget.lines
        else None,
        "categories_fi": CATEGORIES_FI,
        "budget_statuses_fi": BUDGET_STATUSES_FI,
        "findings_fi": FINDINGS_FI,
        "deadlines_fi": DEADLINES_FI,
        "deadline_statuses_fi": DEADLINE_STATUSES_FI,
        "subsidy_kinds_fi": SUBSIDY_KINDS_FI,
    }


# Its overview columns: the budget against the cap.


class BudgetOverviewData(SectionData):
    budget: BudgetRead | None


async def fetch_overview(context: PlanContext) -> BudgetOverviewData:
    budget = await fetch_budget(context.downstream, context.area.id, context.year)
    return BudgetOverviewData(budget=budget)


def overview_values(data: BudgetOverviewData) -> dict[str, Any]:
    budget = data.budget
    if budget is None:
        return {}
    return {
        "budget_status": budget.status,
        "budget_expenditure": budget.expenditure_total_eur,
        "budget_cap": budget.cap_eur,
        "budget_headroom": budget.headroom_eur,
        "budget_blocking": sorted({f.code for f in budget.findings if f.blocking}),
    }


OVERVIEW = OverviewColumns(
    columns=(
        Column(
            "budget_status",
            "Talousarvio",
            "text",
            "The plan year's budget: draft, proposed or approved; null: no budget yet",
            BUDGET_STATUSES_FI,
        ),
        Column("budget_expenditure", "Menot", "money", "The budget's expenditure, euros"),
        Column(
            "budget_cap",
            "Enimmäismäärä",
            "money",
            "The cap: the cap share (95 %) of the members' preliminary subsidies, euros",
        ),
        Column(
            "budget_headroom",
            "Liikkumavara",
            "money",
            "Cap minus expenditure, euros; negative over the cap",
        ),
        Column(
            "budget_blocking",
            "Esteet",
            "codes",
            "The budget's blocking findings (over_cap, missing_subsidy, ...)",
            FINDINGS_FI,
        ),
    ),
    values=overview_values,
    fetch=fetch_overview,
)


SECTION = Section(
    key="resources",
    number=2,
    title_fi=CHAPTERS_FI[2],
    service=FUNDING,
    fetch=fetch,
    template="resources.html.j2",
    view=view,
    overview=OVERVIEW,
    part=Part("Taloudelliset voimavarat", number="2.1"),
)

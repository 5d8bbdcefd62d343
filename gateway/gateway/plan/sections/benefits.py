"""Section 2.2, the incentive funding of unemployment benefits (Työttömyysturvan kannustava
rahoitusmalli), from the funding service.

From 1.1.2025 a municipality pays a share of its residents' unemployment benefits that
grows with each person's accumulated benefit days, and the state compensates the added
cost with a subsidy fixed on the 2023 cross-section: a person who finds work ends the
cost while the compensation stays (DOMAIN.md §2; plan §2.2). The section shows the plan
year's cost by member and by day class from Kela's open data, and each member's
compensation against its cost, as the funding service computes them. Three calls at
once, within the plan's deadline: the costs grouped by member and by day class, and the
balance; then the members' names from the areas service. No compensation recorded for
the year (the balance's 404) is "not yet recorded", not an error; a year without Kela's
figures is the service's answer with no groups.

This is part 2.2 of chapter 2; see `resources` for the chapter's parts.

Its overview column: the members' cost for the year, from one call an area.
"""

from __future__ import annotations

import re
from typing import Any

from gateway.plan import charts
from gateway.plan.document import Source
from gateway.plan.downstream import together
from gateway.plan.section import Column, OverviewColumns, Part, PlanContext, Section, SectionData
from gateway.plan.sections.chapters import CHAPTERS_FI
from gateway.plan.sections.funding import (
    FUNDING,
    BalanceRead,
    CostGroup,
    CostsRead,
    fetch_balance,
    fetch_costs,
    fetch_member_names,
)

KELA_SOURCE = "Kela: työttömyysetuuksien kuntaosuudet kunnittain (avoin data)"
BASES_FI = {"monthly": "kuukausiriveistä", "year_to_date": "vuosikertymästä"}
_CLASS = re.compile(r"^([0-9]+)-([0-9]*)$")


class BenefitsData(SectionData):
    year: int
    by_member: CostsRead
    by_day_class: CostsRead
    balance: BalanceRead | None  # none: no compensation recorded for the year yet
    names: dict[str, str]  # municipality code -> its Finnish name, where the areas service said

    def sources(self) -> list[Source]:
        basis = basis_fi(self.by_member.basis)
        return [
            Source(source=KELA_SOURCE, period=f"{self.year}, {basis}" if basis else str(self.year))
        ]


async def fetch(context: PlanContext) -> BenefitsData:
    downstream, area_id, year = context.downstream, context.area.id, context.year
    async with together() as group:
        by_member = group.create_task(fetch_costs(downstream, area_id, year, "municipality"))
        by_class = group.create_task(fetch_costs(downstream, area_id, year, "day_class"))
        balance = group.create_task(fetch_balance(downstream, area_id, year))
    data = BenefitsData(
        year=year,
        by_member=by_member.result(),
        by_day_class=by_class.result(),
        balance=balance.result(),
        names={},
    )
    codes = set(data.by_member.codes) | {g.key for g in data.by_member.groups}
    codes |= {m.municipality_code for m in data.balance.members} if data.balance else set()
    names = await fetch_member_names(downstream, codes)
    return data.model_copy(update={"names": names})


def basis_fi(basis: str | None) -> str | None:
    """Which of Kela's rows the figures are from, in Finnish; none without figures."""
    return None if basis is None else BASES_FI.get(basis, basis)


def day_class_fi(key: str) -> str:
    """Kela's "101-200" -> "101\u2013200 päivää" (an en dash), "701-" -> "yli 700 päivää"."""
    match = _CLASS.match(key)
    if match is None:
        return key
    low, high = match.groups()
    return f"{low}\u2013{high} päivää" if high else f"yli {int(low) - 1} päivää"


def _class_order(group: CostGroup) -> tuple[int, str]:
    match = _CLASS.match(group.key)
    return (int(match.group(1)) if match else 1 << 30, group.key)


def view(data: dict[str, Any]) -> dict[str, Any]:
    benefits = BenefitsData.model_validate(data)

    def name(code: str) -> str:
        return benefits.names.get(code, code)

    members = sorted(benefits.by_member.groups, key=lambda g: g.key)
    classes = sorted(benefits.by_day_class.groups, key=_class_order)
    year = benefits.year
    return {
        "benefits": benefits,
        "name": name,
        "day_class_fi": day_class_fi,
        "basis_fi": basis_fi(benefits.by_member.basis),
        "members": members,
        "classes": classes,
        "member_chart": charts.bar_chart(
            title=f"Työttömyysetuuksien kuntaosuus jäsenkunnittain {year}",
            chart_id="benefits-by-member",
            series="kuntaosuus",
            labels=[name(g.key) for g in members],
            values=[float(g.cost_eur) for g in members],
            formatter=charts.euros,
            axis=charts.euro_axis(float(g.cost_eur) for g in members),
        )
        if members
        else None,
        "class_chart": charts.bar_chart(
            title=f"Työttömyysetuuksien kuntaosuus etuuspäivien kertymän mukaan {year}",
            chart_id="benefits-by-day-class",
            series="kuntaosuus",
            labels=[day_class_fi(g.key) for g in classes],
            values=[float(g.cost_eur) for g in classes],
            formatter=charts.euros,
            axis=charts.euro_axis(float(g.cost_eur) for g in classes),
        )
        if classes
        else None,
    }


# Its overview column.


class CostOverviewData(SectionData):
    costs: CostsRead


async def fetch_overview(context: PlanContext) -> CostOverviewData:
    area_id, year = context.area.id, context.year
    costs = await fetch_costs(context.downstream, area_id, year, "municipality")
    return CostOverviewData(costs=costs)


def overview_values(data: CostOverviewData) -> dict[str, Any]:
    return {"benefit_cost": data.costs.total_eur if data.costs.groups else None}


OVERVIEW = OverviewColumns(
    columns=(
        Column(
            "benefit_cost",
            "Työttömyysturvan kuntaosuus",
            "money",
            "The members' share of unemployment benefits in the year (Kela), euros; "
            "null: no Kela figures for the year",
        ),
    ),
    values=overview_values,
    fetch=fetch_overview,
)


SECTION = Section(
    key="unemployment_benefits",
    number=2,
    title_fi=CHAPTERS_FI[2],
    service=FUNDING,
    fetch=fetch,
    template="unemployment_benefits.html.j2",
    view=view,
    overview=OVERVIEW,
    part=Part("Työttömyysturvan kannustava rahoitusmalli", number="2.2"),
)

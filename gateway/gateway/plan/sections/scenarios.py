"""Section 7, the structural-change scenarios and what they take, from the caseload service.

What the source plan's §7 sets (DOMAIN.md §3): a large employer closing raises the
customer count suddenly (Kauhava lost 270 jobs when the air force academy closed in
2014); a scenario adds customers to members and service lines from a month on and reports
the FTE and the money they take. The section lists the area's stored scenarios and, for
each, its changes and its result as the caseload service runs it: month by month the
customers and FTE needed against the baseline and the staff, the cost of closing the
shortage, and the total; with the scenario's `uniform_target`, the plan's own check (all
customers at one target) beside it. Calls, within the plan's deadline: the list (its
first page, `caseload.SCENARIOS_SHOWN`) and the service lines at once; then each
scenario and its result at once; then the members' names from the areas service.

Chapter 7 has parts from two services: see `structural_change` (the funding service's
change-security reserve), listed before this one.

It has no overview columns; the overview asks it for one scenario of the list only, so
each row still says whether it answered.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from gateway.plan import charts
from gateway.plan.document import Source
from gateway.plan.downstream import together
from gateway.plan.section import OverviewColumns, Part, PlanContext, Section, SectionData
from gateway.plan.sections.caseload import (
    CASELOAD,
    ScenarioRead,
    ScenarioResult,
    fetch_scenario,
    fetch_scenario_result,
    fetch_scenarios,
    fetch_service_lines,
)
from gateway.plan.sections.chapters import CHAPTERS_FI
from gateway.plan.sections.funding import fetch_member_names

SCENARIO_SOURCE = "Rakennemuutosskenaario"


class ScenarioEntry(BaseModel):
    scenario: ScenarioRead
    result: ScenarioResult


class ScenariosData(SectionData):
    scenarios: list[ScenarioEntry]
    more: bool  # the area has more scenarios than are shown
    line_names: dict[str, str]  # service-line key -> its Finnish name
    names: dict[str, str]  # municipality code -> its Finnish name, where the areas service said

    def sources(self) -> list[Source]:
        return [
            Source(
                source=f"{SCENARIO_SOURCE} \u201d{e.scenario.name}\u201d",
                period=_horizon(e.result),
                is_estimate=True,
            )
            for e in self.scenarios
        ]


def _horizon(result: ScenarioResult) -> str:
    months = [m.month for m in result.monthly]
    return f"{months[0]}\u2013{months[-1]}" if months else result.base_month


async def _entry(context: PlanContext, scenario_id: int) -> ScenarioEntry:
    downstream, area_id = context.downstream, context.area.id
    async with together() as group:
        scenario = group.create_task(fetch_scenario(downstream, area_id, scenario_id))
        result = group.create_task(fetch_scenario_result(downstream, area_id, scenario_id))
    return ScenarioEntry(scenario=scenario.result(), result=result.result())


async def fetch(context: PlanContext) -> ScenariosData:
    downstream, area_id = context.downstream, context.area.id
    async with together() as group:
        page = group.create_task(fetch_scenarios(downstream, area_id))
        lines = group.create_task(fetch_service_lines(downstream, area_id))
    async with together() as group:
        tasks = [group.create_task(_entry(context, s.id)) for s in page.result().items]
    entries = [task.result() for task in tasks]
    codes = {c.municipality_code for e in entries for c in e.scenario.changes}
    return ScenariosData(
        scenarios=entries,
        more=page.result().next_cursor is not None,
        line_names={line.key: line.name_fi for line in lines.result()},
        names=await fetch_member_names(downstream, codes),
    )


def _need_chart(entry: ScenarioEntry, index: int) -> Any:
    """Need against staff over the horizon: the uniform check where the scenario has one
    (the plan's own check), else the lines with a target added up."""
    monthly = entry.result.monthly
    if not monthly:
        return None
    uniform = all(m.uniform is not None for m in monthly)
    rows = [m.uniform if uniform and m.uniform else m.totals for m in monthly]
    return charts.line_chart(
        title=f"Henkilöstötarve skenaariossa \u201d{entry.scenario.name}\u201d",
        chart_id=f"scenario-{index}",
        labels=[charts.short_month_fi(m.month) for m in monthly],
        lines={
            "Tarve, lähtötilanne": [r.baseline_fte_needed for r in rows],
            "Tarve, skenaario": [r.fte_needed for r in rows],
            "Henkilöasiakaspalvelu": [r.fte for r in rows],
        },
        formatter=charts.finnish_decimal,
        y_title="htv",
        from_zero=False,
    )


def view(data: dict[str, Any]) -> dict[str, Any]:
    scenarios = ScenariosData.model_validate(data)
    return {
        "scenarios": scenarios,
        "charts": [_need_chart(e, n) for n, e in enumerate(scenarios.scenarios, start=1)],
        "line_name": lambda key: scenarios.line_names.get(key, key),
        "name": lambda code: scenarios.names.get(code, code),
    }


async def fetch_overview(context: PlanContext) -> SectionData:
    """Whether the service answers, for the overview's row: its lightest read."""
    await fetch_scenarios(context.downstream, context.area.id, limit=1)
    return SectionData()


SECTION = Section(
    key="structural_change_scenarios",
    number=7,
    title_fi=CHAPTERS_FI[7],
    service=CASELOAD,
    fetch=fetch,
    template="scenarios.html.j2",
    view=view,
    overview=OverviewColumns(columns=(), values=lambda _: {}, fetch=fetch_overview),
    part=Part("Rakennemuutosskenaariot ja niiden vaatimat voimavarat"),
)

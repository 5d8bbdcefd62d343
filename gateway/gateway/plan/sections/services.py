"""Section 3, producing and targeting the services (Palvelujen tuottaminen ja kohdentaminen),
from the caseload service.

What the source plan's §2.3 and §3.4 to §3.6 set (DOMAIN.md §3): the service lines and their
targets (at most 170 customers per FTE in competence services, 130 in multi-sectoral
services), each line's customers against its staff, and the customer structure by segment
(the source plan's "työnhakijarakenne", Kuva 8: long-term unemployed, under 25, over 50,
foreign-language). The section shows the area's lines with their targets, each line's
caseload against its target on the plan's month (`caseload.plan_caseload`; chart), the
customers by segment (chart), the FTE by office where positions have one, and the 12
months up to the plan's month (chart), as the caseload service computes them. Calls,
within the plan's deadline: the service lines and the plan's month's analysis at once
(the analysis twice or three times when the month of `on` has no customers recorded);
then where that month's counts come from.

It has no overview columns (2.3's give FTE against need); the overview asks it for the
service lines only, so each row still says whether it answered.
"""

from __future__ import annotations

from typing import Any

from gateway.plan import charts
from gateway.plan.document import Source
from gateway.plan.downstream import together
from gateway.plan.section import OverviewColumns, PlanContext, Section, SectionData
from gateway.plan.sections.caseload import (
    CASELOAD,
    CaseloadRead,
    CustomerMonthSource,
    ServiceLineRead,
    fetch_customer_source,
    fetch_service_lines,
    plan_caseload,
)
from gateway.plan.sections.chapters import CHAPTERS_FI
from gateway.plan.sections.staff import customers_source

SEGMENTS_FI = {
    "all": "Kaikki asiakkaat",
    "long_term_unemployed": "Pitkäaikaistyöttömät",
    "under_25": "Alle 25-vuotiaat",
    "over_50": "Yli 50-vuotiaat",
    "foreign_language": "Vieraskieliset",
}
LINE_STATUSES_FI = {
    "within_target": "tavoitteessa",
    "over_target": "yli tavoitteen",
    "no_target": "ei tavoitelukua",
    "no_staff": "ei henkilöstöä",
}


class ServicesData(SectionData):
    service_lines: list[ServiceLineRead]
    caseload: CaseloadRead  # its `customers_recorded` false: none in the 36 months up to `on`
    customers_source: CustomerMonthSource | None

    def sources(self) -> list[Source]:
        return [customers_source(self.customers_source)] if self.customers_source else []


async def fetch(context: PlanContext) -> ServicesData:
    downstream, area_id = context.downstream, context.area.id
    async with together() as group:
        lines = group.create_task(fetch_service_lines(downstream, area_id))
        caseload = group.create_task(plan_caseload(downstream, area_id, context.on))
    read = caseload.result()
    source = None
    if read.customers_recorded:
        source = await fetch_customer_source(downstream, area_id, read.month)
    return ServicesData(service_lines=lines.result(), caseload=read, customers_source=source)


def _share(part: int, whole: int) -> str | None:
    """A segment's share of all customers as the document prints it; none without customers."""
    return charts.finnish_percent(str(part / whole), 1) if whole else None


def view(data: dict[str, Any]) -> dict[str, Any]:
    services = ServicesData.model_validate(data)
    load = services.caseload
    month = charts.month_fi(load.month)
    segments = load.segments
    whole = next((s.customers for s in segments if s.segment == "all"), 0)
    recorded = load.customers_recorded
    trend_labels = [charts.short_month_fi(p.month) for p in load.trend]
    return {
        "services": services,
        "load": load,
        "segments_fi": SEGMENTS_FI,
        "line_statuses_fi": LINE_STATUSES_FI,
        "names": {line.key: line.name_fi for line in services.service_lines},
        "shares": {s.segment: _share(s.customers, whole) for s in segments},
        # pygal draws the first label at the bottom: reversed, the chart reads as the table.
        "load_chart": charts.grouped_bar_chart(
            title=f"Asiakkaita henkilötyövuotta kohden ja tavoiteluku palvelulinjoittain, {month}",
            chart_id="caseload-by-line",
            labels=[line.name_fi for line in reversed(load.lines)],
            series={
                "Asiakkaita / htv": [line.customers_per_fte for line in reversed(load.lines)],
                "Tavoiteluku": [
                    float(line.target) if line.target is not None else None
                    for line in reversed(load.lines)
                ],
            },
            formatter=charts.finnish_number,
            axis=charts.finnish_number,
        )
        if recorded and load.lines
        else None,
        "segment_chart": charts.bar_chart(
            title=f"Työnhakijarakenne, {month}",
            chart_id="customer-structure",
            series="asiakkaita",
            labels=[SEGMENTS_FI.get(s.segment, s.segment) for s in reversed(segments)],
            values=[float(s.customers) for s in reversed(segments)],
            axis=charts.finnish_number,
        )
        if recorded and segments
        else None,
        "trend_chart": charts.line_chart(
            title=f"Asiakkaat kuukausittain, 12 kuukautta {month} asti",
            chart_id="customer-trend",
            labels=trend_labels,
            lines={
                "Asiakkaita": [
                    float(p.customers) if p.customers is not None else None for p in load.trend
                ]
            },
            y_title="asiakkaita",
        )
        if any(p.customers is not None for p in load.trend)
        else None,
    }


async def fetch_overview(context: PlanContext) -> SectionData:
    """Whether the service answers, for the overview's row: its lightest read."""
    await fetch_service_lines(context.downstream, context.area.id)
    return SectionData()


SECTION = Section(
    key="services",
    number=3,
    title_fi=CHAPTERS_FI[3],
    service=CASELOAD,
    fetch=fetch,
    template="services.html.j2",
    view=view,
    overview=OverviewColumns(columns=(), values=lambda _: {}, fetch=fetch_overview),
)

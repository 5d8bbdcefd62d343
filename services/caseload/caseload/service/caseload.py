"""The caseload analysis of a month (DOMAIN.md §3, plan §2.3 and §3)."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from caseload.repository import customers as customer_repository
from caseload.repository import staff as staff_repository
from caseload.repository.rows import Source
from caseload.rules.caseload import (
    MonthLoad,
    OfficeLoad,
    Position,
    TrendPoint,
    UniformCheck,
    analyse_month,
    by_office,
    customer_service,
    month_weighted_fte,
    trend,
    uniform_check,
)
from caseload.rules.months import Month
from caseload.service.areas import line_targets, service_lines
from caseload.vocabulary import Segment

TREND_MONTHS = 12


@dataclass(frozen=True)
class Analysis:
    month: Month
    customers_recorded: bool
    load: MonthLoad
    segments: list[tuple[str, int]]
    offices: list[OfficeLoad]
    trend: list[TrendPoint]
    uniform: UniformCheck | None


def positions_of(rows: Iterable[Any]) -> list[Position]:
    return [
        Position(r.fte, r.function, r.service_line, r.office_id, r.start_date, r.end_date)
        for r in rows
    ]


async def analyse(
    source: Source, *, area_id: str, month: Month, uniform_target: int | None
) -> Analysis:
    """Each line in `month` against its target, the area's totals, the FTE by office, the
    customers by segment and the trend of the 12 months up to `month`; with
    `uniform_target`, all the area's customers at that one target (the plan's own check)."""
    lines = line_targets(await service_lines(source, area_id))
    first = month.shifted(1 - TREND_MONTHS)
    span = (first.first_day, month.last_day)
    recorded = {
        Month.of(row.month)
        for row in await customer_repository.months_recorded(
            source, area_id=area_id, first=span[0], last=span[1]
        )
    }
    by_month: dict[Month, dict[str, int]] = {m: {} for m in recorded}
    for row in await customer_repository.line_totals(
        source, area_id=area_id, first=span[0], last=span[1]
    ):
        by_month.setdefault(Month.of(row.month), {})[row.service_line] = int(row.customers)
    positions = positions_of(
        await staff_repository.positions_active(
            source, area_id=area_id, first=span[0], last=span[1]
        )
    )
    segments = {
        row.segment: int(row.customers)
        for row in await customer_repository.segment_totals(
            source, area_id=area_id, month=month.first_day
        )
    }
    load = analyse_month(lines, by_month.get(month, {}), positions, month)
    uniform = None
    if uniform_target is not None:
        staff = month_weighted_fte(customer_service(positions), month)
        uniform = uniform_check(load.totals.customers, uniform_target, staff)
    return Analysis(
        month=month,
        customers_recorded=month in recorded,
        load=load,
        segments=[(s.value, segments.get(s.value, 0)) for s in Segment],
        offices=by_office(lines, positions, month),
        trend=trend(lines, by_month, positions, month, TREND_MONTHS),
        uniform=uniform,
    )

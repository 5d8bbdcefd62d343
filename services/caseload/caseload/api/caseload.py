"""The caseload analysis route (DOMAIN.md §3; plan §2.3 and §3)."""

from typing import Annotated

from fastapi import APIRouter, Query

from caseload.api.deps import AreaReader
from caseload.api.params import AreaIdPath, UniformTarget
from caseload.rules.months import Month
from caseload.schemas.caseload import (
    CaseloadRead,
    LineLoadRead,
    OfficeLineRead,
    OfficeLoadRead,
    SegmentRead,
    TotalsRead,
    TrendPointRead,
    UniformRead,
)
from caseload.service import caseload as service
from caseload.service.caseload import Analysis
from caseload.vocabulary import MONTH_PATTERN
from servicekit.clock import today_in_finland
from servicekit.db import DbReads

router = APIRouter(tags=["caseload"])


@router.get("/areas/{area_id}/caseload")
async def read_caseload(
    area_id: AreaIdPath,
    reads: DbReads,
    _: AreaReader,
    month: Annotated[
        str | None,
        Query(pattern=MONTH_PATTERN, description="YYYY-MM (default: this month in Finland)"),
    ] = None,
    uniform_target: UniformTarget = None,
) -> CaseloadRead:
    """Each service line in `month`: customers (segment all), FTE weighted by the days each
    position is active, customers per FTE, target, FTE needed (customers / target, two
    decimals, half up), the gap and a status; the area's totals, the FTE by office, the
    customers by segment and the trend of the 12 months up to `month`.

    Status: `no_staff` when the line has customers and no staff in the month, else
    `no_target` without a target, else `within_target` when fte >= fte_needed, otherwise
    `over_target`.
    """
    chosen = Month.parse(month) if month else Month.of(today_in_finland())
    analysis = await service.analyse(
        reads, area_id=area_id, month=chosen, uniform_target=uniform_target
    )
    return caseload_read(area_id, analysis)


def caseload_read(area_id: str, analysis: Analysis) -> CaseloadRead:
    load = analysis.load
    return CaseloadRead(
        area_id=area_id,
        month=str(analysis.month),
        customers_recorded=analysis.customers_recorded,
        lines=[LineLoadRead.model_validate(line, from_attributes=True) for line in load.lines],
        totals=TotalsRead.model_validate(load.totals, from_attributes=True),
        segments=[SegmentRead(segment=s, customers=n) for s, n in analysis.segments],
        by_office=[
            OfficeLoadRead(
                office_id=office.office_id,
                fte=office.fte,
                lines=[OfficeLineRead(service_line=k, fte=f) for k, f in office.lines],
            )
            for office in analysis.offices
        ],
        trend=[
            TrendPointRead(
                month=str(point.month),
                customers=point.customers,
                fte=point.fte,
                fte_needed=point.fte_needed,
            )
            for point in analysis.trend
        ],
        uniform=(
            None
            if analysis.uniform is None
            else UniformRead.model_validate(analysis.uniform, from_attributes=True)
        ),
    )

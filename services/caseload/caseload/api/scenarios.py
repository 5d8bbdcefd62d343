"""Routes for structural-change scenarios (plan §7).

A scenario is stored as given; `GET .../scenarios/{id}/result` runs it on the customer
counts and staff recorded at the time of the read, so a scenario made before a correction
answers with the corrected figures.
"""

from fastapi import APIRouter, Request, Response, status

from caseload.api.deps import AreaReader, AreaWriter, IdempotentAreaWriter, Session
from caseload.api.params import AreaIdPath, RowId
from caseload.errors import (
    NotAnAreaMember,
    ScenarioNotFound,
    UnknownServiceLine,
)
from caseload.models import Scenario
from caseload.rules.scenarios import ScenarioResult
from caseload.schemas.scenarios import (
    ScenarioCreate,
    ScenarioLineRead,
    ScenarioMonthRead,
    ScenarioRead,
    ScenarioResultRead,
    ScenarioSummary,
    ScenarioTotalsRead,
    ScenarioUniformRead,
)
from caseload.service import scenarios as service
from servicekit.db import DbReads
from servicekit.errors import DependencyUnavailable, NotFound, raises
from servicekit.http import ETaggedWrite, FreshRead, IfMatch, Page, PageParams
from servicekit.idempotency import IdempotentRoute
from servicekit.links import public_path
from servicekit.peers import AsCaller

router = APIRouter(tags=["scenarios"], route_class=IdempotentRoute)

SCENARIOS = "/areas/{area_id}/scenarios"


@router.post(SCENARIOS, status_code=status.HTTP_201_CREATED)
@raises(NotFound, UnknownServiceLine, NotAnAreaMember, DependencyUnavailable)
async def create_scenario(
    area_id: AreaIdPath,
    body: ScenarioCreate,
    request: Request,
    response: Response,
    session: Session,
    calls: AsCaller,
    principal: IdempotentAreaWriter,
    written: ETaggedWrite,
) -> ScenarioRead:
    """Stores a scenario: customers added to (or taken from) municipalities and lines from
    a month on, over `months` months from `base_month`, at `annual_cost_per_fte_eur`."""
    scenario = await service.create_scenario(
        session, calls, area_id=area_id, data=body, created_by=principal.sub
    )
    read = written.read(ScenarioRead, scenario)
    response.headers["Location"] = public_path(request, f"/v1/areas/{area_id}/scenarios/{read.id}")
    return read


@router.get(SCENARIOS)
async def list_scenarios(
    area_id: AreaIdPath, reads: DbReads, _: AreaReader, page: PageParams
) -> Page[ScenarioSummary]:
    rows = await service.list_scenarios(reads, area_id=area_id, page=page.keyset(int))
    return page.build(ScenarioSummary, rows, key=lambda s: (s.id,))


@router.get(SCENARIOS + "/{scenario_id}")
@raises(ScenarioNotFound)
async def get_scenario(
    area_id: AreaIdPath, scenario_id: RowId, session: Session, _: AreaReader, fresh: FreshRead
) -> ScenarioRead:
    scenario = await service.get_scenario(session, area_id=area_id, scenario_id=scenario_id)
    return fresh.read(ScenarioRead, scenario)


@router.delete(SCENARIOS + "/{scenario_id}", status_code=status.HTTP_204_NO_CONTENT)
@raises(ScenarioNotFound)
async def delete_scenario(
    area_id: AreaIdPath,
    scenario_id: RowId,
    session: Session,
    _: AreaWriter,
    preconditions: IfMatch,
) -> None:
    await service.delete_scenario(
        session, area_id=area_id, scenario_id=scenario_id, guard=preconditions
    )


@router.get(SCENARIOS + "/{scenario_id}/result")
@raises(ScenarioNotFound)
async def read_scenario_result(
    area_id: AreaIdPath, scenario_id: RowId, session: Session, _: AreaReader
) -> ScenarioResultRead:
    """For each month of the horizon and each line: the baseline and scenario customers, the
    FTE needed for each, the staff FTE of the month, the gap and the cost of closing it
    (shortfall x annual cost / 12, to the cent); the cost over the horizon in total. With
    `uniform_target`, the same for all customers at that one target."""
    scenario, result = await service.scenario_result(
        session, area_id=area_id, scenario_id=scenario_id
    )
    return result_read(scenario, result)


def result_read(scenario: Scenario, result: ScenarioResult) -> ScenarioResultRead:
    return ScenarioResultRead(
        scenario_id=scenario.id,
        area_id=scenario.area_id,
        name=scenario.name,
        base_month=scenario.base_month,  # a date: MonthText reads it as YYYY-MM
        months=scenario.months,
        annual_cost_per_fte_eur=scenario.annual_cost_per_fte_eur,
        uniform_target=scenario.uniform_target,
        monthly=[
            ScenarioMonthRead(
                month=str(month.month),
                lines=[
                    ScenarioLineRead.model_validate(line, from_attributes=True)
                    for line in month.lines
                ],
                totals=ScenarioTotalsRead.model_validate(month.totals, from_attributes=True),
                uniform=(
                    None
                    if month.uniform is None
                    else ScenarioUniformRead.model_validate(month.uniform, from_attributes=True)
                ),
            )
            for month in result.months
        ],
        total_cost_eur=result.total_cost_eur,
        uniform_total_cost_eur=result.uniform_total_cost_eur,
    )

"""Structural-change scenarios: stored, and their result run again on each read (plan §7)."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from caseload.errors import NotAnAreaMember, ScenarioNotFound, UnknownServiceLine
from caseload.models import Scenario, ScenarioChange
from caseload.repository import customers as customer_repository
from caseload.repository import scenarios as repository
from caseload.repository import staff as staff_repository
from caseload.repository.rows import Source
from caseload.rules.months import Month
from caseload.rules.scenarios import CustomerChange, ScenarioResult, run_scenario
from caseload.schemas.scenarios import ScenarioCreate, ScenarioRead
from caseload.service.areas import ensure_area, line_targets, member_codes, service_lines
from caseload.service.caseload import positions_of
from servicekit.clock import today_in_finland
from servicekit.errors import FieldError
from servicekit.http import Keyset, Preconditions
from servicekit.peers import PeerCalls


async def create_scenario(
    session: AsyncSession,
    calls: PeerCalls,
    *,
    area_id: str,
    data: ScenarioCreate,
    created_by: str,
) -> Scenario:
    """Stores the scenario once its municipalities are the area's members (at the end of the
    base month or today, as for customer counts) and its lines are the area's."""
    base = Month.parse(data.base_month)
    members = await member_codes(calls, area_id, [base.last_day, today_in_finland()])
    await ensure_area(session, calls, area_id)
    keys = {line.key for line in await service_lines(session, area_id)}
    unknown_lines, outsiders = [], []
    for index, change in enumerate(data.changes):
        if change.service_line not in keys:
            message = f"the area has no service line '{change.service_line}'"
            unknown_lines.append(FieldError(f"changes.{index}.service_line", message))
        if change.municipality_code not in members:
            message = f"municipality {change.municipality_code} is not a member of the area"
            outsiders.append(FieldError(f"changes.{index}.municipality_code", message))
    if unknown_lines:
        raise UnknownServiceLine(unknown_lines)
    if outsiders:
        raise NotAnAreaMember(outsiders)
    scenario = Scenario(
        area_id=area_id,
        name=data.name,
        note=data.note,
        base_month=base.first_day,
        months=data.months,
        annual_cost_per_fte_eur=Decimal(data.annual_cost_per_fte_eur),
        uniform_target=data.uniform_target,
        created_by=created_by,
        changes=[
            ScenarioChange(
                position=index,
                municipality_code=change.municipality_code,
                service_line=change.service_line,
                customers=change.customers,
                from_month=Month.parse(change.from_month).first_day,
                to_month=Month.parse(change.to_month).first_day if change.to_month else None,
            )
            for index, change in enumerate(data.changes)
        ],
    )
    return await repository.add_scenario(session, scenario)


async def get_scenario(session: AsyncSession, *, area_id: str, scenario_id: int) -> Scenario:
    scenario = await repository.get_scenario(session, area_id=area_id, scenario_id=scenario_id)
    if scenario is None:
        raise ScenarioNotFound(area_id, scenario_id)
    return scenario


async def list_scenarios(source: Source, *, area_id: str, page: Keyset) -> Sequence[Row[Any]]:
    return await repository.list_scenarios(source, area_id=area_id, page=page)


async def delete_scenario(
    session: AsyncSession, *, area_id: str, scenario_id: int, guard: Preconditions
) -> None:
    scenario: Scenario = await guard.lock(
        session,
        repository.select_scenario(area_id=area_id, scenario_id=scenario_id),
        model=ScenarioRead,
        not_found=ScenarioNotFound(area_id, scenario_id),
    )
    await repository.delete_scenario(session, scenario)


async def scenario_result(
    session: AsyncSession, *, area_id: str, scenario_id: int
) -> tuple[Scenario, ScenarioResult]:
    """The scenario run on the counts and staff recorded now: the base month's customers
    with the changes, against the staff of each month of the horizon."""
    scenario = await get_scenario(session, area_id=area_id, scenario_id=scenario_id)
    base = Month.of(scenario.base_month)
    last = base.shifted(scenario.months - 1)
    lines = line_targets(await service_lines(session, area_id))
    baseline = {
        (row.municipality_code, row.service_line): int(row.customers)
        for row in await customer_repository.cells(session, area_id=area_id, month=base.first_day)
    }
    positions = positions_of(
        await staff_repository.positions_active(
            session, area_id=area_id, first=base.first_day, last=last.last_day
        )
    )
    changes = [
        CustomerChange(
            change.municipality_code,
            change.service_line,
            change.customers,
            Month.of(change.from_month),
            Month.of(change.to_month) if change.to_month else None,
        )
        for change in scenario.changes
    ]
    result = run_scenario(
        lines=lines,
        baseline=baseline,
        changes=changes,
        positions=positions,
        base_month=base,
        months=scenario.months,
        annual_cost=scenario.annual_cost_per_fte_eur,
        uniform_target=scenario.uniform_target,
    )
    return scenario, result

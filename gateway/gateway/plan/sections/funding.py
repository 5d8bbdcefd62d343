"""What the plan reads from the funding service: the fields it declares, and one call each.

The funding sections (2.1 `resources`, 2.2 `unemployment_benefits`, 7 `structural_change`)
share these reads. Money arrives as decimal strings with two decimals and is kept as
`Decimal`, so the document holds the service's figures exactly.

A 404 on the year's subsidies, budget or benefit compensation means the year has none
recorded yet: the gateway has read the area and checked that the token may read it
before any section is asked, so the 404 cannot be about the area or the caller. Such a
read answers none, and the section prints "not yet recorded", the way the narrative
treats a year without a plan record; any other failure is the service's problem and
makes the section unavailable.

Members' names come from the areas service (`/v1/municipalities?codes=`) after the
funding figures name the members; they only label the figures, so when they cannot be
had the codes are printed instead.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TypeVar

from pydantic import BaseModel

from gateway.plan.area_record import AREAS
from gateway.plan.downstream import Downstream, DownstreamFailure

FUNDING = "funding"
M = TypeVar("M", bound=BaseModel)


# GET /v1/areas/{area_id}/years/{year}/subsidies


class SubsidyRow(BaseModel):
    municipality_code: str
    te_subsidy_eur: Decimal
    kind: str  # preliminary_spring | final
    source: str
    allocation_id: str | None = None


class ContributionRow(BaseModel):
    municipality_code: str
    contribution_eur: Decimal
    kind: str  # the subsidy kind the contribution follows: final where there is one
    name_fi: str | None = None


class SubsidiesRead(BaseModel):
    area_id: str
    year: int
    subsidies: list[SubsidyRow]
    contributions: list[ContributionRow]
    contributions_total_eur: Decimal


# GET /v1/areas/{area_id}/budgets/{year}


class BudgetLine(BaseModel):
    # personnel | premises | ict | procured_services | change_security_reserve | other
    category: str
    amount_eur: Decimal
    note: str | None = None


class PlanningYear(BaseModel):
    year: int
    contributions_total_eur: Decimal
    expenditure_eur: Decimal


class Finding(BaseModel):
    code: str
    blocking: bool
    detail: str
    municipality_code: str | None = None


class BudgetRead(BaseModel):
    area_id: str
    year: int
    version: int
    status: str  # draft | proposed | approved
    cap_share: Decimal
    proposed_on: dt.date | None
    approved_on: dt.date | None
    amends_version: int | None = None
    lines: list[BudgetLine]
    planning_years: list[PlanningYear]
    expenditure_total_eur: Decimal
    contributions: list[ContributionRow]
    contributions_total_eur: Decimal
    preliminary_subsidies_total_eur: Decimal
    cap_eur: Decimal
    headroom_eur: Decimal  # cap - expenditure; negative over the cap
    change_security_reserve_eur: Decimal
    change_security_reserve_share: Decimal  # of expenditure
    findings: list[Finding]


# GET /v1/areas/{area_id}/calendar?year=&today=


class Deadline(BaseModel):
    key: str  # preliminary_proposal | approved_budget
    title: str
    due: dt.date
    status: str  # done | open | late
    done_on: dt.date | None


class CalendarRead(BaseModel):
    area_id: str
    year: int
    today: dt.date
    deadlines: list[Deadline]


# GET /v1/unemployment-benefit/costs?area_id=&year=&group_by=


class CostGroup(BaseModel):
    key: str  # a municipality code, or Kela's day-class label ("101-200", ..., "701-")
    cost_eur: Decimal
    recipients: int | None


class CostsRead(BaseModel):
    year: int
    month: int | None
    group_by: str
    codes: list[str]
    area_id: str | None
    groups: list[CostGroup]
    total_eur: Decimal
    recipients: int | None
    basis: str | None  # monthly | year_to_date; none: no figures for the period


# GET /v1/areas/{area_id}/unemployment-benefit/balance?year=


class BalanceMember(BaseModel):
    municipality_code: str
    cost_eur: Decimal | None  # none: Kela has no figures for the member and year
    compensation_eur: Decimal | None  # none recorded for the member
    difference_eur: Decimal | None  # compensation - cost: positive when it covers more


class BalanceRead(BaseModel):
    area_id: str
    year: int
    members: list[BalanceMember]
    cost_total_eur: Decimal
    compensation_total_eur: Decimal
    difference_total_eur: Decimal


# The calls, one function each.


async def _recorded(
    downstream: Downstream, path: str, model: type[M], params: dict[str, str] | None = None
) -> M | None:
    """The year's record, or none when the service has none recorded (its 404)."""
    try:
        return await downstream.get(FUNDING, path, model, params)
    except DownstreamFailure as failure:
        if failure.problem.status == 404:
            return None
        raise


async def fetch_subsidies(downstream: Downstream, area_id: str, year: int) -> SubsidiesRead | None:
    """The year's subsidies; none: none recorded (the service answers an empty list)."""
    path = f"/v1/areas/{area_id}/years/{year}/subsidies"
    subsidies = await _recorded(downstream, path, SubsidiesRead)
    return subsidies if subsidies is not None and subsidies.subsidies else None


async def fetch_budget(downstream: Downstream, area_id: str, year: int) -> BudgetRead | None:
    """The budget's latest version for the year; none: no budget for the year yet."""
    return await _recorded(downstream, f"/v1/areas/{area_id}/budgets/{year}", BudgetRead)


async def fetch_calendar(
    downstream: Downstream, area_id: str, year: int, today: dt.date
) -> CalendarRead:
    params = {"year": str(year), "today": today.isoformat()}
    return await downstream.get(FUNDING, f"/v1/areas/{area_id}/calendar", CalendarRead, params)


async def fetch_costs(downstream: Downstream, area_id: str, year: int, group_by: str) -> CostsRead:
    params = {"area_id": area_id, "year": str(year), "group_by": group_by}
    return await downstream.get(FUNDING, "/v1/unemployment-benefit/costs", CostsRead, params)


async def fetch_balance(downstream: Downstream, area_id: str, year: int) -> BalanceRead | None:
    """Cost against compensation by member; none: neither Kela's figures nor a compensation
    for any member in the year (the service answers each member's as null then)."""
    path = f"/v1/areas/{area_id}/unemployment-benefit/balance"
    balance = await _recorded(downstream, path, BalanceRead, {"year": str(year)})
    if balance is None or all(
        m.cost_eur is None and m.compensation_eur is None for m in balance.members
    ):
        return None
    return balance


class MunicipalityName(BaseModel):
    code: str
    name_fi: str


class MunicipalityPage(BaseModel):
    items: list[MunicipalityName]


async def fetch_member_names(downstream: Downstream, codes: set[str]) -> dict[str, str]:
    """Finnish names of the municipalities by code; empty when the areas service cannot say."""
    if not codes:
        return {}
    # An area has tens of members at most: one page of 500 holds them.
    params = {"codes": ",".join(sorted(codes)), "limit": "500"}
    try:
        page = await downstream.get(AREAS, "/v1/municipalities", MunicipalityPage, params)
    except DownstreamFailure:
        return {}
    return {m.code: m.name_fi for m in page.items}

"""Budgets: versions through draft -> proposed -> approved, their cap and findings.

A version's lines change only while it is a draft. Approving needs no blocking finding
(plan §2.1, §7). An amendment during the year copies the approved version into a new draft
version that goes through the same steps; earlier versions are never changed.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from funding.errors import (
    BudgetExists,
    BudgetHasBlockingFindings,
    BudgetNotApproved,
    BudgetNotDraft,
    BudgetNotFound,
    IllegalBudgetTransition,
)
from funding.models import Budget, BudgetLine, BudgetPlanningYear
from funding.repository import budgets as repository
from funding.repository import subsidies as subsidy_repository
from funding.rules.budget import (
    NEXT_STATUS,
    BudgetStatus,
    Contribution,
    Finding,
    Line,
    blocking,
    budget_findings,
    cap_of,
    expenditure_of,
    member_contributions,
    preliminary_subsidies,
    reserve_of,
)
from funding.schemas.budgets import (
    BudgetCreate,
    BudgetLinesPut,
    BudgetRead,
    BudgetTag,
    BudgetTransition,
)
from funding.service import areas_peer
from funding.service.subsidies import figures
from funding.vocabulary import BudgetCategory
from servicekit.errors import FieldError, UnprocessableContent
from servicekit.http import Preconditions
from servicekit.peers import PeerCalls

SHARE_PLACES = Decimal("0.0001")


async def create_budget(session: AsyncSession, *, area_id: str, data: BudgetCreate) -> Budget:
    if await repository.latest_version(session, area_id=area_id, year=data.year) is not None:
        raise BudgetExists(area_id, data.year)
    budget = Budget(
        area_id=area_id,
        year=data.year,
        version=1,
        status=BudgetStatus.draft,
        cap_share=data.cap_share,
        revision=1,
        lines=[],
        planning_years=[],
    )
    if not await repository.add_budget(session, budget):
        raise BudgetExists(area_id, data.year)
    return budget


async def get_budget(
    session: AsyncSession, *, area_id: str, year: int, version: int | None = None
) -> Budget:
    budget = await repository.get_budget(session, area_id=area_id, year=year, version=version)
    if budget is None:
        raise BudgetNotFound(area_id, year, version)
    return budget


async def _lock_latest(
    session: AsyncSession, *, area_id: str, year: int, guard: Preconditions
) -> Budget:
    return await guard.lock(
        session,
        repository.select_budget(area_id=area_id, year=year),
        model=BudgetTag,
        not_found=BudgetNotFound(area_id, year),
    )


def _check_planning_years(year: int, data: BudgetLinesPut) -> None:
    errors = []
    seen: set[int] = set()
    for index, planning_year in enumerate(data.planning_years):
        field = f"planning_years.{index}.year"
        if planning_year.year <= year:
            errors.append(FieldError(field, f"must be a year after the budget year {year}"))
        elif planning_year.year in seen:
            errors.append(FieldError(field, f"{planning_year.year} is given twice"))
        seen.add(planning_year.year)
    if errors:
        raise UnprocessableContent(
            "The planning years must be distinct years after the budget year.", errors
        )


async def put_lines(
    session: AsyncSession, *, area_id: str, year: int, data: BudgetLinesPut, guard: Preconditions
) -> Budget:
    """Replaces the latest version's lines and planning years, while it is a draft."""
    _check_planning_years(year, data)
    budget = await _lock_latest(session, area_id=area_id, year=year, guard=guard)
    if budget.status != BudgetStatus.draft:
        raise BudgetNotDraft(version=budget.version, status=budget.status)
    budget.lines = [
        BudgetLine(position=i, category=line.category, amount_eur=line.amount_eur, note=line.note)
        for i, line in enumerate(data.lines)
    ]
    budget.planning_years = [
        BudgetPlanningYear(
            year=p.year,
            contributions_total_eur=p.contributions_total_eur,
            expenditure_eur=p.expenditure_eur,
        )
        for p in sorted(data.planning_years, key=lambda p: p.year)
    ]
    if data.cap_share is not None:
        budget.cap_share = data.cap_share
    budget.revision += 1
    await session.flush()
    return budget


async def transition_budget(
    session: AsyncSession,
    calls: PeerCalls,
    *,
    area_id: str,
    year: int,
    data: BudgetTransition,
    today: dt.date,
    guard: Preconditions,
) -> Budget:
    """The latest version's next step, on `data.on` (default: today). Approving asks the
    areas service for the members and refuses while any finding blocks (409 listing them)."""
    budget = await _lock_latest(session, area_id=area_id, year=year, guard=guard)
    current = BudgetStatus(budget.status)
    allowed = NEXT_STATUS.get(current)
    if allowed is not data.to:
        raise IllegalBudgetTransition(current=current, allowed=[allowed] if allowed else [])
    on = data.on or today
    if data.to is BudgetStatus.approved:
        if budget.proposed_on is not None and on < budget.proposed_on:
            raise UnprocessableContent(
                "A budget is approved on or after the day it was proposed.",
                [FieldError("on", f"must not be before proposed_on {budget.proposed_on}")],
            )
        evaluation = await evaluate(session, calls, budget)
        if blocked := blocking(evaluation.findings):
            raise BudgetHasBlockingFindings(blocked)
        budget.approved_on = on
    else:
        budget.proposed_on = on
    budget.status = data.to
    budget.revision += 1
    await session.flush()
    return budget


async def amend_budget(session: AsyncSession, *, area_id: str, year: int) -> Budget:
    """A new draft version copying the approved latest one (plan §2.1: changes during the
    year go through the same steps)."""
    approved = await repository.get_budget(session, area_id=area_id, year=year)
    if approved is None:
        raise BudgetNotFound(area_id, year)
    if approved.status != BudgetStatus.approved:
        raise BudgetNotApproved(version=approved.version, status=approved.status)
    amendment = Budget(
        area_id=area_id,
        year=year,
        version=approved.version + 1,
        status=BudgetStatus.draft,
        cap_share=approved.cap_share,
        amends_version=approved.version,
        revision=1,
        lines=[
            BudgetLine(
                position=x.position, category=x.category, amount_eur=x.amount_eur, note=x.note
            )
            for x in approved.lines
        ],
        planning_years=[
            BudgetPlanningYear(
                year=p.year,
                contributions_total_eur=p.contributions_total_eur,
                expenditure_eur=p.expenditure_eur,
            )
            for p in approved.planning_years
        ],
    )
    if not await repository.add_budget(session, amendment):
        raise BudgetNotApproved(version=approved.version + 1, status=BudgetStatus.draft)
    return amendment


@dataclass(frozen=True)
class Evaluation:
    """A version against the members and subsidies of its year, as they are now."""

    members: list[str] | None
    contributions: list[Contribution]
    preliminary_total: Decimal
    cap: Decimal
    findings: list[Finding]


def lines_of(budget: Budget) -> list[Line]:
    return [Line(BudgetCategory(x.category), x.amount_eur) for x in budget.lines]


async def evaluate(session: AsyncSession, calls: PeerCalls, budget: Budget) -> Evaluation:
    members = await areas_peer.members_in_year(calls, area_id=budget.area_id, year=budget.year)
    subsidy_set = await subsidy_repository.get_subsidy_set(
        session, area_id=budget.area_id, year=budget.year
    )
    subsidies = figures(subsidy_set.subsidies if subsidy_set is not None else [])
    if members.codes is not None:
        wanted = set(members.codes)
        subsidies = [s for s in subsidies if s.municipality_code in wanted]
    preliminary = preliminary_subsidies(subsidies)
    preliminary_total = sum(preliminary.values(), Decimal("0.00"))
    cap = cap_of(preliminary_total, budget.cap_share)
    findings = budget_findings(
        year=budget.year,
        members=members.codes,
        members_unknown_reason=members.reason,
        preliminary=preliminary,
        cap_eur=cap,
        lines=lines_of(budget),
        planning_years=[p.year for p in budget.planning_years],
    )
    return Evaluation(
        members.codes, member_contributions(subsidies), preliminary_total, cap, findings
    )


async def budget_read(session: AsyncSession, calls: PeerCalls, budget: Budget) -> BudgetRead:
    """The version with its totals, the members' contributions, the cap and the findings;
    the amounts go in as Decimals and are answered as text with two decimals."""
    evaluation = await evaluate(session, calls, budget)
    latest = await repository.latest_version(session, area_id=budget.area_id, year=budget.year)
    lines = lines_of(budget)
    expenditure = expenditure_of(lines)
    reserve = reserve_of(lines)
    reserve_share = reserve / expenditure if expenditure else Decimal(0)
    contributions = evaluation.contributions
    return BudgetRead.model_validate(
        {
            "area_id": budget.area_id,
            "year": budget.year,
            "version": budget.version,
            "latest_version": latest or budget.version,
            "status": budget.status,
            "cap_share": format(budget.cap_share.normalize(), "f"),
            "proposed_on": budget.proposed_on,
            "approved_on": budget.approved_on,
            "amends_version": budget.amends_version,
            "lines": [
                {"category": x.category, "amount_eur": x.amount_eur, "note": x.note}
                for x in budget.lines
            ],
            "planning_years": [
                {
                    "year": p.year,
                    "contributions_total_eur": p.contributions_total_eur,
                    "expenditure_eur": p.expenditure_eur,
                }
                for p in budget.planning_years
            ],
            "expenditure_total_eur": expenditure,
            "members": evaluation.members,
            "contributions": [vars(c) for c in contributions],
            "contributions_total_eur": sum(
                (c.contribution_eur for c in contributions), Decimal("0.00")
            ),
            "preliminary_subsidies_total_eur": evaluation.preliminary_total,
            "cap_eur": evaluation.cap,
            "headroom_eur": evaluation.cap - expenditure,
            "change_security_reserve_eur": reserve,
            "change_security_reserve_share": str(
                reserve_share.quantize(SHARE_PLACES, rounding=ROUND_HALF_EVEN)
            ),
            "findings": [vars(f) for f in evaluation.findings],
        }
    )

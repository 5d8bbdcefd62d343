"""Cost sharing of a lead-municipality area: the approved expenditure by a key.

The key is the members' population (the areas service's latest figure at or before the
year before the budget year) or the subsidy criteria: each member's TE state subsidy of
the year (its contribution, plan §2.1), which the allocation by the criteria produced.
"""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from funding.errors import (
    BudgetNotFound,
    CostSharingKeyMissing,
    NoApprovedBudget,
    NotLeadMunicipalityArea,
)
from funding.models import Budget
from funding.repository import budgets as repository
from funding.repository import subsidies as subsidy_repository
from funding.rules.budget import expenditure_of, member_contributions
from funding.rules.cost_sharing import MemberCostShare, share_costs
from funding.service import areas_peer
from funding.service.budgets import lines_of
from funding.service.subsidies import figures
from funding.vocabulary import CostSharingKey
from servicekit.peers import PeerCalls

LEAD_MUNICIPALITY = "lead_municipality"


@dataclass(frozen=True)
class CostSharing:
    budget: Budget
    lead_municipality_code: str
    expenditure: Decimal
    shares: list[MemberCostShare]
    weight_sources: dict[str, str]


async def _weights(
    session: AsyncSession,
    calls: PeerCalls,
    *,
    area_id: str,
    year: int,
    key: CostSharingKey,
    members: list[str],
) -> tuple[dict[str, Decimal], dict[str, str]]:
    if key is CostSharingKey.population:
        as_of = str(year - 1)
        found = await areas_peer.population(calls, codes=members, as_of=as_of)
        weights = {code: found[code].value for code in members if code in found}
        sources = {
            code: f"population {f.period}{' (estimate)' if f.is_estimate else ''}: {f.source}"
            for code, f in found.items()
        }
    else:
        subsidy_set = await subsidy_repository.get_subsidy_set(session, area_id=area_id, year=year)
        rows = figures(subsidy_set.subsidies if subsidy_set is not None else [])
        contributions = {c.municipality_code: c for c in member_contributions(rows)}
        weights = {
            code: contributions[code].contribution_eur for code in members if code in contributions
        }
        sources = {
            code: f"TE state subsidy {year} ({c.kind}), by the allocation criteria"
            for code, c in contributions.items()
        }
    missing = [code for code in members if code not in weights]
    if missing or not sum(weights.values()):
        raise CostSharingKeyMissing(key, missing or members)
    return weights, sources


async def share_area_costs(
    session: AsyncSession,
    calls: PeerCalls,
    *,
    area_id: str,
    year: int,
    key: CostSharingKey,
    actual_eur: Decimal | None,
) -> CostSharing:
    budget = await repository.latest_approved(session, area_id=area_id, year=year)
    if budget is None:
        if await repository.latest_version(session, area_id=area_id, year=year) is None:
            raise BudgetNotFound(area_id, year)
        raise NoApprovedBudget(area_id, year)
    area = await areas_peer.area_record(calls, area_id=area_id)
    if area.organisation_form != LEAD_MUNICIPALITY:
        raise NotLeadMunicipalityArea(area_id, area.organisation_form)
    members = await areas_peer.required_members(calls, area_id=area_id, year=year)
    weights, sources = await _weights(
        session, calls, area_id=area_id, year=year, key=key, members=members
    )
    expenditure = expenditure_of(lines_of(budget))
    return CostSharing(
        budget=budget,
        lead_municipality_code=area.home_municipality_code,
        expenditure=expenditure,
        shares=share_costs(expenditure, weights, actual_eur=actual_eur),
        weight_sources=sources,
    )

"""Routes for an area's budgets, their lines, workflow and amendments, the calendar and
the cost sharing of a lead-municipality area.

Reading is for the area's readers; writing for its planners and admins. A budget is read
with its cap and findings, which need the area's members in the budget year from the
areas service (asked with the caller's token; when it cannot answer, the finding
`members_unknown` says so). Lines change with `If-Match` (428 without, 412 stale); a
status change takes an optional `If-Match`.
"""

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from funding.api import examples
from funding.api.deps import AreaReader, AreaWriter, IdempotentAreaWriter, Session
from funding.api.params import AreaIdPath, VersionQuery, YearPath, YearQuery
from funding.errors import (
    BudgetExists,
    BudgetHasBlockingFindings,
    BudgetNotApproved,
    BudgetNotDraft,
    BudgetNotFound,
    CostSharingKeyMissing,
    IllegalBudgetTransition,
    NoApprovedBudget,
    NotLeadMunicipalityArea,
)
from funding.models import Budget
from funding.schemas.budgets import (
    BudgetCreate,
    BudgetLinesPut,
    BudgetRead,
    BudgetTag,
    BudgetTransition,
    CalendarRead,
    CostSharingRead,
)
from funding.schemas.common import EURO_PATTERN, IsoDate
from funding.service import budgets as service
from funding.service import calendar as calendar_service
from funding.service import cost_sharing as cost_sharing_service
from funding.vocabulary import CostSharingKey
from servicekit.clock import today_in_finland
from servicekit.errors import DependencyUnavailable, NotFound, raises
from servicekit.http import ETagged, ETaggedWrite, FreshRead, IfMatch, IfMatchOptional, etag_of
from servicekit.idempotency import IdempotentRoute
from servicekit.links import public_path
from servicekit.peers import AsCaller, PeerCalls

router = APIRouter(tags=["budgets"], route_class=IdempotentRoute)

BUDGETS = "/areas/{area_id}/budgets"
BUDGET = BUDGETS + "/{year}"


async def _answer(
    session: AsyncSession, calls: PeerCalls, budget: Budget, answer: ETagged
) -> BudgetRead:
    read = await service.budget_read(session, calls, budget)
    return answer.respond(read, etag_of(BudgetTag.model_validate(budget)))


@router.post(BUDGETS, status_code=status.HTTP_201_CREATED, openapi_extra=examples.CREATE_BUDGET)
@raises(BudgetExists)
async def create_budget(
    area_id: AreaIdPath,
    body: BudgetCreate,
    request: Request,
    response: Response,
    session: Session,
    calls: AsCaller,
    _: IdempotentAreaWriter,
    written: ETaggedWrite,
) -> BudgetRead:
    """Version 1 of the year's budget, a draft without lines; `cap_share` (default 0.95,
    plan §2.1) is the share of the members' preliminary subsidies it may count."""
    budget = await service.create_budget(session, area_id=area_id, data=body)
    response.headers["Location"] = public_path(request, f"/v1/areas/{area_id}/budgets/{body.year}")
    return await _answer(session, calls, budget, written)


@router.get(BUDGET)
@raises(BudgetNotFound)
async def get_budget(
    area_id: AreaIdPath,
    year: YearPath,
    session: Session,
    calls: AsCaller,
    _: AreaReader,
    fresh: FreshRead,
    version: VersionQuery = None,
) -> BudgetRead:
    """The latest version (or `version`): its lines and planning years, the expenditure,
    each member's contribution, `cap_eur` = cap share x the members' preliminary_spring
    subsidies (rounded down to the cent), `headroom_eur` = cap - expenditure, the
    change-security reserve and its share, and the findings that block approval."""
    budget = await service.get_budget(session, area_id=area_id, year=year, version=version)
    return await _answer(session, calls, budget, fresh)


@router.put(BUDGET + "/lines", openapi_extra=examples.PUT_BUDGET_LINES)
@raises(BudgetNotFound, BudgetNotDraft)
async def put_budget_lines(
    area_id: AreaIdPath,
    year: YearPath,
    body: BudgetLinesPut,
    session: Session,
    calls: AsCaller,
    _: AreaWriter,
    preconditions: IfMatch,
) -> BudgetRead:
    """Replaces the latest version's lines and planning years (years after the budget
    year, each once), and its cap share when given; only a draft changes (409)."""
    budget = await service.put_lines(
        session, area_id=area_id, year=year, data=body, guard=preconditions
    )
    return await _answer(session, calls, budget, preconditions)


@router.post(BUDGET + "/transitions", openapi_extra=examples.TRANSITION_BUDGET)
@raises(BudgetNotFound, IllegalBudgetTransition, BudgetHasBlockingFindings)
async def transition_budget(
    area_id: AreaIdPath,
    year: YearPath,
    body: BudgetTransition,
    session: Session,
    calls: AsCaller,
    _: AreaWriter,
    preconditions: IfMatchOptional,
) -> BudgetRead:
    """draft -> proposed (the preliminary proposal to the members, due 31 August of the
    year before) -> approved (by the members, due 15 October), each `on` a day (default:
    today in Finland). Approving with a blocking finding is 409 listing the findings."""
    budget = await service.transition_budget(
        session,
        calls,
        area_id=area_id,
        year=year,
        data=body,
        today=today_in_finland(),
        guard=preconditions,
    )
    return await _answer(session, calls, budget, preconditions)


@router.post(BUDGET + "/amendments", status_code=status.HTTP_201_CREATED)
@raises(BudgetNotFound, BudgetNotApproved)
async def amend_budget(
    area_id: AreaIdPath,
    year: YearPath,
    request: Request,
    response: Response,
    session: Session,
    calls: AsCaller,
    _: IdempotentAreaWriter,
    written: ETaggedWrite,
) -> BudgetRead:
    """A new draft version copying the approved latest one, to change during the year
    through the same steps (plan §2.1); the approved version stays readable as it was."""
    budget = await service.amend_budget(session, area_id=area_id, year=year)
    response.headers["Location"] = public_path(
        request, f"/v1/areas/{area_id}/budgets/{year}?version={budget.version}"
    )
    return await _answer(session, calls, budget, written)


@router.get("/areas/{area_id}/calendar")
async def get_calendar(
    area_id: AreaIdPath,
    session: Session,
    _: AreaReader,
    year: YearQuery,
    today: Annotated[
        IsoDate | None, Query(description="The day to judge by; default: today in Finland")
    ] = None,
) -> CalendarRead:
    """The deadlines of budget year `year` (plan §2.1): the preliminary proposal by 31
    August and the approved budget and financial plan by 15 October of the year before,
    each done (with its day), open, or late."""
    on = today or today_in_finland()
    deadlines = await calendar_service.area_calendar(session, area_id=area_id, year=year, today=on)
    return CalendarRead.model_validate(
        {
            "area_id": area_id,
            "year": year,
            "today": on,
            "deadlines": [{**vars(d), "on_time": d.on_time} for d in deadlines],
        }
    )


@router.get(BUDGET + "/cost-sharing")
@raises(
    BudgetNotFound,
    NoApprovedBudget,
    NotLeadMunicipalityArea,
    CostSharingKeyMissing,
    DependencyUnavailable,
    NotFound,
)
async def get_cost_sharing(
    area_id: AreaIdPath,
    year: YearPath,
    session: Session,
    calls: AsCaller,
    _: AreaReader,
    key: CostSharingKey = CostSharingKey.population,
    actual_eur: Annotated[
        str | None,
        Query(pattern=EURO_PATTERN, description="The year's actual costs, for the equalisation"),
    ] = None,
) -> CostSharingRead:
    """A lead-municipality area's approved expenditure shared among the members by `key`
    (population: the latest figure at or before the year before; subsidy_criteria: their
    TE state subsidies of the year), each share in four quarterly advances and, with
    `actual_eur`, the year-end equalisation: the actual costs by the same key minus the
    advances paid. Every split is to the cent and adds up exactly."""
    actual = Decimal(actual_eur) if actual_eur is not None else None
    sharing = await cost_sharing_service.share_area_costs(
        session, calls, area_id=area_id, year=year, key=key, actual_eur=actual
    )
    equalisations = [s.equalisation_eur for s in sharing.shares if s.equalisation_eur is not None]
    return CostSharingRead.model_validate(
        {
            "area_id": area_id,
            "year": year,
            "version": sharing.budget.version,
            "key": key,
            "lead_municipality_code": sharing.lead_municipality_code,
            "expenditure_eur": sharing.expenditure,
            "actual_eur": actual,
            "members": [
                {
                    "municipality_code": s.municipality_code,
                    "weight": format(s.weight.normalize(), "f"),
                    "weight_source": sharing.weight_sources.get(s.municipality_code, ""),
                    "share_eur": s.share_eur,
                    "advances": [
                        {"quarter": q, "amount_eur": amount}
                        for q, amount in enumerate(s.advances_eur, start=1)
                    ],
                    "actual_share_eur": s.actual_share_eur,
                    "equalisation_eur": s.equalisation_eur,
                }
                for s in sharing.shares
            ],
            "equalisation_total_eur": sum(equalisations, Decimal("0.00"))
            if actual is not None
            else None,
        }
    )

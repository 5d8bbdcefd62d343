"""Routes for an area's compensation for the municipal share of unemployment benefits, and
its balance against Kela's figures (plan §2.2; DOMAIN.md §2)."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response, status

from funding.errors import BenefitCompensationNotFound, UnknownStaircase
from funding.schemas.benefits import (
    BENEFIT_YEARS,
    BalanceMember,
    BalanceRead,
    CompensationsRead,
    CompensationsWrite,
    EmploymentSaving,
)
from funding.service import benefits as service
from funding.service.areas_peer import members_on
from servicekit.auth import AreaIdPath, Principal, area_reader, area_writer
from servicekit.db import DbSession
from servicekit.errors import (
    DependencyUnavailable,
    FieldError,
    NotFound,
    UnprocessableContent,
    raises,
)
from servicekit.fields import IsoDate
from servicekit.http import FreshRead, IfMatchOrCreate
from servicekit.peers import AsCaller

router = APIRouter(tags=["unemployment benefits"])

AreaReader = Annotated[Principal, Depends(area_reader)]
AreaWriter = Annotated[Principal, Depends(area_writer)]
YearPath = Annotated[int, Path(ge=BENEFIT_YEARS[0], le=BENEFIT_YEARS[1])]
PATH = "/areas/{area_id}/years/{year}/benefit-compensation"

# The savings' defaults (plan §2.2): a year of benefit is about 5 days a week x 52 weeks;
# 37.21 €/day is the 2025 basic daily allowance, of which Kela's published 2025 amounts are
# multiples (DOMAIN.md §2 [22]); both are parameters.
DEFAULT_BENEFIT_DAYS = 260
DEFAULT_DAILY_BASIS_EUR = Decimal("37.21")
SAVINGS_FORMULA = (
    "saving_eur = persons x the municipal share of one person who starts the year with "
    "from_day - 1 accumulated benefit days and would receive benefit_days more at "
    "daily_basis_eur a day (each day at its own class's rate, rounded half-up to the cent), "
    "which stops when the person is employed; the compensation stays (plan §2.2)"
)


@router.put(
    PATH,
    responses={201: {"model": CompensationsRead, "description": "Created (the first write)"}},
)
async def put_benefit_compensation(
    area_id: AreaIdPath,
    year: YearPath,
    body: CompensationsWrite,
    response: Response,
    session: DbSession,
    _: AreaWriter,
    preconditions: IfMatchOrCreate,
) -> CompensationsRead:
    """Replaces the area's compensation for the year, per member with its source (the
    state-subsidy increase that compensates the municipal share, plan §2.2).

    The first write needs no If-Match (`If-None-Match: *` makes it create-only); a
    replacement needs the ETag (428 without, 412 when stale). A code given twice is 422.
    """
    _refuse_repeats(body)
    written, created = await service.put_compensations(
        session,
        area_id=area_id,
        year=year,
        rows=body.compensations,
        guard=preconditions,
    )
    if created:
        response.status_code = status.HTTP_201_CREATED
    return preconditions.read(CompensationsRead, written)


@router.get(PATH)
@raises(BenefitCompensationNotFound)
async def get_benefit_compensation(
    area_id: AreaIdPath, year: YearPath, session: DbSession, _: AreaReader, fresh: FreshRead
) -> CompensationsRead:
    compensations = await service.get_compensations(session, area_id=area_id, year=year)
    if compensations is None:
        raise BenefitCompensationNotFound(area_id, year)
    return fresh.read(CompensationsRead, compensations)


@router.get("/areas/{area_id}/unemployment-benefit/balance")
@raises(NotFound, DependencyUnavailable, UnknownStaircase)
async def read_benefit_balance(
    area_id: AreaIdPath,
    session: DbSession,
    _: AreaReader,
    calls: AsCaller,
    year: Annotated[int, Query(ge=BENEFIT_YEARS[0], le=BENEFIT_YEARS[1])],
    on: Annotated[
        IsoDate | None, Query(description="The date of membership; default: 31 December")
    ] = None,
    employ: Annotated[
        int, Query(ge=1, le=100_000, description="Savings: how many people find work")
    ] = 1,
    day_class: Annotated[
        str | None,
        Query(
            pattern=r"^[0-9]{1,6}-[0-9]{0,6}$",
            description="Savings: the class they have just reached (Kela's label, e.g. "
            "401-700); default: every class the municipality pays for",
        ),
    ] = None,
    benefit_days: Annotated[
        int, Query(ge=1, le=366, description="Savings: benefit days a year would have had")
    ] = DEFAULT_BENEFIT_DAYS,
    daily_basis_eur: Annotated[
        Decimal,
        Query(ge=0, le=10_000, decimal_places=2, description="Savings: €/day the share is of"),
    ] = DEFAULT_DAILY_BASIS_EUR,
) -> BalanceRead:
    """Each member's cost (Kela's figures for the year), compensation and difference
    (compensation - cost), and what employing `employ` people who have just reached a day
    class would save in a year (the formula is in `savings_formula`)."""
    on = on or dt.date(year, 12, 31)
    members = await members_on(calls, area_id=area_id, on=on)
    balances, cost = await service.member_balances(
        session, area_id=area_id, year=year, members=members
    )
    staircase, _table = await service.get_staircase(session, None, field="day_class", in_="query")
    classes = [s.day_class for s in staircase.steps if s.share_pct > 0]
    if day_class is not None and day_class not in classes:
        raise UnprocessableContent(
            f"day_class: not a class the municipality pays for ({', '.join(classes)}).",
            [FieldError("day_class", f"one of {', '.join(classes)}", in_="query")],
        )
    cost_total = sum((b.cost_eur or Decimal(0) for b in balances), Decimal("0.00"))
    compensation_total = sum((b.compensation_eur or Decimal(0) for b in balances), Decimal("0.00"))
    difference_total = compensation_total - cost_total
    savings = service.savings(
        staircase,
        persons=employ,
        benefit_days=benefit_days,
        daily_basis_eur=daily_basis_eur,
        day_classes=[day_class] if day_class else None,
    )
    return BalanceRead(
        area_id=area_id,
        year=year,
        on=on,
        members=[
            BalanceMember(
                municipality_code=b.municipality_code,
                is_member=b.is_member,
                cost_eur=b.cost_eur,
                compensation_eur=b.compensation_eur,
                difference_eur=b.difference_eur,
                basis=b.basis,
                compensation_source=b.compensation_source,
            )
            for b in balances
        ],
        cost_total_eur=cost_total,
        compensation_total_eur=compensation_total,
        difference_total_eur=difference_total,
        basis=cost.basis,
        savings=[
            EmploymentSaving(
                day_class=s.step.day_class,
                from_day=s.step.from_day,
                persons=s.persons,
                benefit_days=benefit_days,
                daily_basis_eur=daily_basis_eur,
                per_person_eur=s.per_person_eur,
                saving_eur=s.saving_eur,
                difference_total_after_eur=difference_total + s.saving_eur,
            )
            for s in savings
        ],
        savings_formula=SAVINGS_FORMULA,
    )


def _refuse_repeats(body: CompensationsWrite) -> None:
    seen: dict[str, int] = {}
    errors = []
    for index, row in enumerate(body.compensations):
        earlier = seen.setdefault(row.municipality_code, index)
        if earlier != index:
            message = f"repeats compensations.{earlier}.municipality_code"
            errors.append(FieldError(f"compensations.{index}.municipality_code", message))
    if errors:
        raise UnprocessableContent("A municipality is given twice.", errors)

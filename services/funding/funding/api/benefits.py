"""Routes for the municipal share of unemployment benefits: computed for persons, and read
from Kela's imported figures for municipalities or an area (DOMAIN.md §2)."""

import calendar
import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query

from funding.errors import UnknownStaircase
from funding.schemas.benefits import (
    BENEFIT_YEARS,
    CostGroup,
    CostsRead,
    DayClassPart,
    DayClassTotal,
    MunicipalityBasis,
    MunicipalShareRead,
    MunicipalShareRequest,
    PersonMunicipalShare,
    StaircaseRead,
)
from funding.service import benefits as service
from funding.service.areas_peer import members_on
from servicekit.auth import AREA_ID_MAX_LENGTH, AREA_ID_PATTERN, Principal, current_principal
from servicekit.db import DbSession
from servicekit.errors import (
    DependencyUnavailable,
    FieldError,
    NotFound,
    UnprocessableContent,
    raises,
)
from servicekit.fields import IsoDate
from servicekit.peers import AsCaller

router = APIRouter(prefix="/unemployment-benefit", tags=["unemployment benefits"])

AnyReader = Annotated[Principal, Depends(current_principal)]
MAX_CODES = 500
CODE_LIST_PATTERN = rf"^[0-9]{{3}}(,[0-9]{{3}}){{0,{MAX_CODES - 1}}}$"
YearQuery = Annotated[int, Query(ge=BENEFIT_YEARS[0], le=BENEFIT_YEARS[1])]


@router.post("/municipal-share")
@raises(UnknownStaircase)
async def compute_municipal_share(
    body: MunicipalShareRequest, session: DbSession, _: AnyReader
) -> MunicipalShareRead:
    """The municipality's share of each person's benefit days, each day at the rate of its
    own accumulated-day class (`staircase`: `2025`, the default, or `legacy`).

    Per person the share is rounded half-up to the cent and split over its day classes by
    largest remainder; `total_eur` is the sum of the rounded persons. Under `legacy` (the
    labour market subsidy only, until 2024) another benefit is `covered: false` at 0 €.
    Nothing is stored: any valid token may ask.
    """
    share, table = await service.compute_municipal_share(
        session, persons=body.persons, staircase_key=body.staircase
    )
    persons = [
        PersonMunicipalShare(
            index=index,
            benefit=p.person.benefit,
            days_before=p.person.days_before,
            days=p.person.days,
            daily_basis_eur=p.person.daily_basis_eur,
            covered=p.covered,
            amount_eur=p.amount_eur,
            by_day_class=[
                DayClassPart(
                    day_class=c.step.day_class,
                    from_day=c.step.from_day,
                    to_day=c.step.to_day,
                    share_pct=c.step.share_pct if p.covered else Decimal(0),
                    days=c.days,
                    amount_eur=c.amount_eur,
                )
                for c in p.by_day_class
            ],
        )
        for index, p in enumerate(share.persons)
    ]
    totals = [
        DayClassTotal(
            day_class=t.step.day_class,
            from_day=t.step.from_day,
            to_day=t.step.to_day,
            share_pct=t.step.share_pct,
            days=t.days,
            amount_eur=t.amount_eur,
        )
        for t in share.by_day_class
    ]
    return MunicipalShareRead(
        staircase=table.key,
        staircase_title=table.title,
        persons=persons,
        by_day_class=totals,
        total_eur=share.total_eur,
        source=table.source,
    )


@router.get("/staircases")
async def list_staircases(session: DbSession, _: AnyReader) -> list[StaircaseRead]:
    """The municipal-share tables by accumulated benefit days, with their sources."""
    return [StaircaseRead.model_validate(t) for t in await service.list_staircases(session)]


@router.get("/costs")
@raises(NotFound, DependencyUnavailable)
async def read_costs(
    session: DbSession,
    principal: AnyReader,
    calls: AsCaller,
    year: YearQuery,
    area_id: Annotated[
        str | None,
        Query(
            pattern=AREA_ID_PATTERN,
            max_length=AREA_ID_MAX_LENGTH,
            description="An employment area: its members on `on` (from the areas service)",
        ),
    ] = None,
    codes: Annotated[
        str | None,
        Query(pattern=CODE_LIST_PATTERN, description="Comma-separated municipality codes"),
    ] = None,
    month: Annotated[
        int | None, Query(ge=1, le=12, description="One month; default: the year")
    ] = None,
    group_by: Literal["municipality", "benefit", "day_class", "month"] = "municipality",
    on: Annotated[
        IsoDate | None,
        Query(description="With area_id: the date of membership; default: the period's last day"),
    ] = None,
) -> CostsRead:
    """What Kela's imported figures say the municipalities paid for the year or the month.

    Euros come from the monthly rows (a year: the sum of its months) or, where the months do
    not cover as much, from the year-to-date row: per municipality one or the other, never
    both (`bases` says which). Recipients come from Kela's `Yhteensä` rows only. Any valid
    token reads municipalities by `codes`; an `area_id` is for the area's readers.
    """
    if (area_id is None) == (codes is None):
        raise UnprocessableContent(
            "Give area_id or codes (one of them).",
            [FieldError("area_id", "give area_id or codes, not both or neither", in_="query")],
        )
    if on is not None and area_id is None:
        raise UnprocessableContent(
            "on is the date of an area's membership.",
            [FieldError("on", "only with area_id", in_="query")],
        )
    if area_id is not None:
        if not principal.may_read_area(area_id):
            raise NotFound(f"No employment area '{area_id}'.")
        on = on or _period_end(year, month)
        members = await members_on(calls, area_id=area_id, on=on)
    else:
        members = sorted(set((codes or "").split(",")))
    figures, imports = await service.costs(
        session, year=year, month=month, codes=members, group_by=group_by
    )
    return CostsRead(
        year=year,
        month=month,
        group_by=group_by,
        codes=members,
        area_id=area_id,
        on=on,
        groups=[
            CostGroup(key=g.key, cost_eur=g.cost_eur, recipients=g.recipients)
            for g in figures.groups
        ],
        total_eur=figures.total_eur,
        recipients=figures.recipients,
        basis=figures.basis,
        bases=[
            MunicipalityBasis(
                municipality_code=s.municipality_code,
                basis=s.basis,
                months=list(s.months),
                import_id=imports[s.municipality_code],
            )
            for s in figures.selections
        ],
        without_figures=sorted(set(members) - {s.municipality_code for s in figures.selections}),
    )


def _period_end(year: int, month: int | None) -> dt.date:
    last_month = month or 12
    return dt.date(year, last_month, calendar.monthrange(year, last_month)[1])

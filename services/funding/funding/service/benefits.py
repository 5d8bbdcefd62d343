"""The municipal share of unemployment benefits: computed for persons, read from Kela's
figures for municipalities and areas, and set against the area's compensation (DOMAIN.md §2;
plan §2.2)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from funding.errors import UnknownStaircase
from funding.models import BenefitCompensation, BenefitCompensationSet, BenefitStaircase
from funding.repository import benefits as repository
from funding.rules.benefit_costs import CostRow, Costs, Selection, compute_costs, select_rows
from funding.rules.staircase import (
    MunicipalShare,
    PersonInput,
    Saving,
    Staircase,
    StaircaseStep,
    employment_savings,
    municipal_share,
)
from funding.schemas.benefits import CompensationsRead, CompensationWrite, PersonBenefitDays
from servicekit.http import Preconditions


def as_staircase(table: BenefitStaircase) -> Staircase:
    return Staircase(
        key=table.key,
        title=table.title,
        benefits=frozenset(table.benefits),
        steps=tuple(
            StaircaseStep(s.from_day, s.to_day, Decimal(s.municipal_share_pct)) for s in table.steps
        ),
        note=table.note,
    )


async def get_staircase(
    session: AsyncSession, key: str | None, *, field: str = "staircase", in_: str = "body"
) -> tuple[Staircase, BenefitStaircase]:
    table = await repository.get_staircase(session, key)
    if table is None:
        raise UnknownStaircase(key or "default", field=field, in_=in_)
    return as_staircase(table), table


async def list_staircases(session: AsyncSession) -> Sequence[BenefitStaircase]:
    return await repository.list_staircases(session)


async def compute_municipal_share(
    session: AsyncSession, *, persons: Sequence[PersonBenefitDays], staircase_key: str | None
) -> tuple[MunicipalShare, BenefitStaircase]:
    staircase, table = await get_staircase(session, staircase_key)
    inputs = [
        PersonInput(
            days_before=p.days_before,
            days=p.days,
            daily_basis_eur=p.daily_basis_eur,
            benefit=p.benefit,
        )
        for p in persons
    ]
    return municipal_share(staircase, inputs), table


async def costs(
    session: AsyncSession, *, year: int, month: int | None, codes: Sequence[str], group_by: str
) -> tuple[Costs, dict[str, int]]:
    """Kela's figures for `codes` in the year (or month); also each code's import id."""
    rows = await repository.cost_rows(session, year=year, codes=codes)
    by_code: dict[str, list[CostRow]] = defaultdict(list)
    # Which import each municipality-period's rows come from (the latest that has them).
    source: dict[tuple[str, str, int], int] = {}
    for r in rows:
        source[(r.municipality_code, r.period_type, r.month)] = r.import_id
        by_code[r.municipality_code].append(
            CostRow(
                period_type=r.period_type,
                month=r.month,
                municipality_code=r.municipality_code,
                benefit=r.benefit,
                day_class=r.day_class,
                recipients=r.recipients,
                municipal_share_eur=r.municipal_share_eur,
            )
        )
    selections: list[Selection] = []
    imports: dict[str, int] = {}
    for code in sorted(by_code):
        selection = select_rows(by_code[code], month=month)
        if selection is not None:
            selections.append(selection)
            kind = "month" if selection.basis == "monthly" else "year_to_date"
            imports[code] = max(source[(code, kind, m)] for m in selection.months)
    return compute_costs(selections, year=year, group_by=group_by), imports


async def get_compensations(
    session: AsyncSession, *, area_id: str, year: int
) -> BenefitCompensationSet | None:
    return await repository.get_compensations(session, area_id=area_id, year=year)


async def put_compensations(
    session: AsyncSession,
    *,
    area_id: str,
    year: int,
    rows: Sequence[CompensationWrite],
    guard: Preconditions,
) -> tuple[BenefitCompensationSet, bool]:
    """Replaces the area's compensation for the year; returns it and whether it was created."""
    await repository.lock_compensations_key(session, area_id=area_id, year=year)
    existing = await guard.lock_or_create(
        session,
        repository.select_compensations(area_id=area_id, year=year),
        model=CompensationsRead,
    )
    compensations = existing or BenefitCompensationSet(area_id=area_id, year=year, compensations=[])
    compensations.compensations = [
        BenefitCompensation(
            area_id=area_id,
            year=year,
            municipality_code=r.municipality_code,
            amount_eur=r.amount_eur,
            source=r.source,
        )
        for r in sorted(rows, key=lambda r: r.municipality_code)
    ]
    # Only the members' rows may change: the set records when it last changed itself.
    compensations.updated_at = dt.datetime.now(dt.UTC)
    await repository.save_compensations(session, compensations)
    return compensations, existing is None


def savings(
    staircase: Staircase,
    *,
    persons: int,
    benefit_days: int,
    daily_basis_eur: Decimal,
    day_classes: Sequence[str] | None,
) -> list[Saving]:
    return employment_savings(
        staircase,
        persons=persons,
        benefit_days=benefit_days,
        daily_basis_eur=daily_basis_eur,
        day_classes=day_classes,
    )


@dataclass(frozen=True)
class MemberBalance:
    municipality_code: str
    is_member: bool
    cost_eur: Decimal | None
    compensation_eur: Decimal | None
    compensation_source: str | None
    basis: str | None

    @property
    def difference_eur(self) -> Decimal | None:
        # plan §2.2: the compensation is fixed, the cost is what Kela bills; positive: the
        # compensation covers more than the cost.
        if self.cost_eur is None and self.compensation_eur is None:
            return None
        return (self.compensation_eur or Decimal(0)) - (self.cost_eur or Decimal(0))


async def member_balances(
    session: AsyncSession, *, area_id: str, year: int, members: Sequence[str]
) -> tuple[list[MemberBalance], Costs]:
    """Each member's cost (Kela's figures for the year) and compensation; a municipality
    with a compensation recorded but not a member on the date is listed too."""
    compensations = await repository.get_compensations(session, area_id=area_id, year=year)
    recorded = {
        c.municipality_code: c for c in (compensations.compensations if compensations else [])
    }
    codes = sorted(set(members) | set(recorded))
    cost, _ = await costs(session, year=year, month=None, codes=codes, group_by="municipality")
    by_code = {g.key: g.cost_eur for g in cost.groups}
    basis = {s.municipality_code: s.basis for s in cost.selections}
    balances = [
        MemberBalance(
            municipality_code=code,
            is_member=code in members,
            cost_eur=by_code.get(code),
            compensation_eur=recorded[code].amount_eur if code in recorded else None,
            compensation_source=recorded[code].source if code in recorded else None,
            basis=basis.get(code),
        )
        for code in codes
    ]
    return balances, cost

"""An area's TE state subsidies for a year, and the members' contributions from them."""

from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from funding.errors import BadSubsidies
from funding.models import Subsidy, SubsidySet
from funding.repository import allocations as allocation_repository
from funding.repository import subsidies as repository
from funding.rules.budget import Subsidy as SubsidyFigure
from funding.rules.budget import member_contributions
from funding.schemas.subsidies import (
    ContributionRead,
    SubsidiesRead,
    SubsidyRead,
    SubsidySetTag,
    SubsidyWrite,
)
from funding.vocabulary import SubsidyKind
from servicekit.errors import FieldError, PreconditionFailed
from servicekit.http import Preconditions
from servicekit.money import euro_text


def figures(rows: Iterable[Subsidy]) -> list[SubsidyFigure]:
    return [SubsidyFigure(r.municipality_code, SubsidyKind(r.kind), r.te_subsidy_eur) for r in rows]


async def get_subsidy_set(session: AsyncSession, *, area_id: str, year: int) -> SubsidySet | None:
    return await repository.get_subsidy_set(session, area_id=area_id, year=year)


async def _check_rows(session: AsyncSession, *, year: int, rows: list[SubsidyWrite]) -> None:
    errors: list[FieldError] = []
    seen: set[tuple[str, str]] = set()
    for index, row in enumerate(rows):
        key = (row.municipality_code, row.kind)
        if key in seen:
            errors.append(
                FieldError(
                    f"subsidies.{index}",
                    f"municipality {row.municipality_code} has a {row.kind} subsidy twice",
                )
            )
        seen.add(key)
    ids = sorted({row.allocation_id for row in rows if row.allocation_id is not None})
    years = await allocation_repository.run_years(session, ids) if ids else {}
    for index, row in enumerate(rows):
        if row.allocation_id is None:
            continue
        run_year = years.get(row.allocation_id)
        if run_year is None:
            message = f"no allocation run '{row.allocation_id}'"
        elif run_year != year:
            message = f"allocation run '{row.allocation_id}' is for {run_year}, not {year}"
        else:
            continue
        errors.append(FieldError(f"subsidies.{index}.allocation_id", message))
    if errors:
        raise BadSubsidies(errors)


async def put_subsidies(
    session: AsyncSession,
    *,
    area_id: str,
    year: int,
    rows: list[SubsidyWrite],
    guard: Preconditions,
) -> tuple[SubsidySet, bool]:
    """Replaces the area's subsidies for the year; True when this write created the set.

    The set's row is locked before the ETag is compared, so of concurrent writers with one
    ETag exactly one wins; two concurrent first writes meet on its primary key.
    """
    await _check_rows(session, year=year, rows=rows)
    subsidies = [Subsidy(area_id=area_id, year=year, **row.model_dump()) for row in rows]
    locked = await guard.lock_or_create(
        session, repository.select_subsidy_set(area_id=area_id, year=year), model=SubsidySetTag
    )
    if locked is None:
        subsidy_set = SubsidySet(area_id=area_id, year=year, revision=1, subsidies=subsidies)
        if not await repository.add_subsidy_set(session, subsidy_set):
            raise PreconditionFailed(
                "The subsidies of this year were created meanwhile; read them and retry "
                "with their ETag."
            )
        return subsidy_set, True
    locked.subsidies = subsidies
    locked.revision += 1
    await session.flush()
    return locked, False


def subsidies_read(area_id: str, year: int, subsidy_set: SubsidySet | None) -> SubsidiesRead:
    rows = sorted(
        subsidy_set.subsidies if subsidy_set is not None else [],
        key=lambda r: (r.municipality_code, r.kind),
    )
    contributions = member_contributions(figures(rows))
    return SubsidiesRead(
        area_id=area_id,
        year=year,
        subsidies=[
            SubsidyRead(
                municipality_code=r.municipality_code,
                te_subsidy_eur=euro_text(r.te_subsidy_eur),
                kind=SubsidyKind(r.kind),
                source=r.source,
                allocation_id=r.allocation_id,
            )
            for r in rows
        ],
        contributions=[
            ContributionRead(
                municipality_code=c.municipality_code,
                contribution_eur=euro_text(c.contribution_eur),
                kind=c.kind,
            )
            for c in contributions
        ],
        contributions_total_eur=euro_text(
            sum((c.contribution_eur for c in contributions), Decimal("0.00"))
        ),
    )

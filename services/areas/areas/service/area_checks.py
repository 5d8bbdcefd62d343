"""An area's formation check and labour-force forecast: its members on a date, fed to the
same checks as a what-if set (service.eligibility, service.forecast), plus what only a
recorded area has — its exemptions and its members' memberships elsewhere. Its profile is
both with everything else the plan shows of the area, from the same read of its members."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from areas.errors import LabourForceMissing
from areas.models import Area, AreaExemption, Municipality
from areas.repository import areas as repository
from areas.repository import figures as figures_repository
from areas.repository.borders import BorderRow
from areas.rules.forecast import LabourForceForecast
from areas.rules.formation import Criterion, FormationCheck, LabourForceFigure, MembershipConflict
from areas.service.areas import get_area
from areas.service.borders import borders_touching
from areas.service.eligibility import check_eligibility
from areas.service.forecast import forecast_for_codes
from areas.service.labour_force import as_of_key, figures_of
from areas.service.municipalities import get_municipality
from servicekit.errors import FieldError, UnprocessableContent


@dataclass(frozen=True)
class FormationQuery:
    """Which members (those on `on`), which figures (the latest at or before `as_of`) and
    which forecast (`annual_rates` over `horizon_years` against `threshold`)."""

    on: dt.date
    as_of: str | None
    annual_rates: Sequence[float]
    horizon_years: int
    threshold: int


@dataclass(frozen=True)
class AreaEligibility:
    area_id: str
    on: dt.date
    exemptions: tuple[AreaExemption, ...]
    check: FormationCheck


async def _member_codes(
    session: AsyncSession, *, area_id: str, on: dt.date, in_: str = "query"
) -> list[str]:
    await get_area(session, area_id=area_id)
    codes = await repository.member_codes_on(session, area_id=area_id, on=on)
    _require_members(codes, area_id=area_id, on=on, in_=in_)
    return codes


def _require_members(codes: Sequence[str], *, area_id: str, on: dt.date, in_: str) -> None:
    if not codes:
        raise UnprocessableContent(
            f"Area '{area_id}' has no members on {on}.",
            [FieldError("on", f"the area has no members on {on}", in_=in_)],
        )


def exemption_references(exemptions: Sequence[AreaExemption]) -> dict[str, str | None]:
    """Each exempted criterion with its decision reference(s) (DOMAIN.md §1: "exempted")."""
    references: dict[str, list[str]] = {}
    for exemption in exemptions:
        references.setdefault(exemption.criterion, []).append(exemption.decision_reference)
    return {criterion: "; ".join(refs) for criterion, refs in references.items()}


async def membership_conflicts(
    session: AsyncSession, *, area_id: str, codes: Sequence[str], on: dt.date
) -> list[MembershipConflict]:
    """Members that belong to another area on the same date. The database's exclusion
    constraint keeps this empty; the check reads the data rather than assuming it."""
    elsewhere = await repository.memberships_elsewhere_on(
        session, area_id=area_id, codes=codes, on=on
    )
    return [
        MembershipConflict(
            municipality_code=m.municipality_code,
            other_area_id=m.area_id,
            note=f"membership {m.id} from {m.valid_from} to {m.valid_to or 'open'}",
        )
        for m in elsewhere
    ]


async def check_area_eligibility(
    session: AsyncSession, *, area_id: str, on: dt.date, as_of: str | None, threshold: int
) -> AreaEligibility:
    codes = await _member_codes(session, area_id=area_id, on=on)
    return await _check_members(
        session, area_id=area_id, on=on, codes=codes, as_of=as_of, threshold=threshold
    )


async def _check_members(
    session: AsyncSession,
    *,
    area_id: str,
    on: dt.date,
    codes: list[str],
    as_of: str | None,
    threshold: int,
) -> AreaEligibility:
    exemptions = tuple(await repository.exemptions_valid_on(session, area_id=area_id, on=on))
    check = await check_eligibility(
        session,
        municipality_codes=codes,
        as_of=as_of,
        threshold=threshold,
        exemptions=exemption_references(exemptions),
        membership_conflicts=await membership_conflicts(
            session, area_id=area_id, codes=codes, on=on
        ),
        field="on",
    )
    return AreaEligibility(area_id=area_id, on=on, exemptions=exemptions, check=check)


async def forecast_area(
    session: AsyncSession, *, area_id: str, query: FormationQuery, in_: str = "query"
) -> LabourForceForecast:
    """`in_` says where `on` and `as_of` came from (the GET's query or the POST's body)."""
    codes = await _member_codes(session, area_id=area_id, on=query.on, in_=in_)
    return await _forecast_members(session, codes=codes, query=query, in_=in_)


async def _forecast_members(
    session: AsyncSession, *, codes: list[str], query: FormationQuery, in_: str
) -> LabourForceForecast:
    try:
        return await forecast_for_codes(
            session,
            municipality_codes=codes,
            as_of=query.as_of,
            annual_rates=query.annual_rates,
            horizon_years=query.horizon_years,
            threshold=query.threshold,
            field="as_of",
        )
    except LabourForceMissing as exc:
        errors = [FieldError(e["field"], e["message"], in_=in_) for e in exc.extra["errors"]]
        raise UnprocessableContent(exc.detail, errors) from exc


@dataclass(frozen=True)
class AreaFormation:
    eligibility: AreaEligibility
    forecast: LabourForceForecast


async def area_formation(
    session: AsyncSession, *, area_id: str, query: FormationQuery
) -> AreaFormation:
    """The check and the forecast of the same members on `on`, read once for both."""
    codes = await _member_codes(session, area_id=area_id, on=query.on)
    return await _formation_of(session, area_id=area_id, codes=codes, query=query)


async def _formation_of(
    session: AsyncSession, *, area_id: str, codes: list[str], query: FormationQuery
) -> AreaFormation:
    eligibility = await _check_members(
        session,
        area_id=area_id,
        on=query.on,
        codes=codes,
        as_of=query.as_of,
        threshold=query.threshold,
    )
    forecast = await _forecast_members(session, codes=codes, query=query, in_="query")
    return AreaFormation(eligibility=eligibility, forecast=forecast)


@dataclass(frozen=True)
class AreaProfile:
    """What an area's page of the plan shows, from one read of its members on `on`."""

    area: Area
    home_municipality: Municipality | Row[Any]  # a member's row when it is a member
    members: Sequence[Row[Any]]  # repository.members_on's columns
    labour_force: dict[str, LabourForceFigure]
    population: dict[str, LabourForceFigure]  # the same shape, of the population indicator
    borders: Sequence[BorderRow]
    formation: AreaFormation


async def area_profile(
    session: AsyncSession, *, area_id: str, query: FormationQuery
) -> AreaProfile:
    """The area, its members on `on` with their latest figures as of `as_of`, the borders
    among and around them, and the formation answers (`area_formation`) of those members."""
    area = await get_area(session, area_id=area_id)
    members = await repository.members_on(session, area_id=area_id, on=query.on)
    codes = [m.code for m in members]
    _require_members(codes, area_id=area_id, on=query.on, in_="query")
    formation = await _formation_of(session, area_id=area_id, codes=codes, query=query)
    home: Municipality | Row[Any] | None = next(
        (m for m in members if m.code == area.home_municipality_code), None
    )
    if home is None:
        home = await get_municipality(session, code=area.home_municipality_code)
    lf = formation.eligibility.check.criterion(Criterion.LABOUR_FORCE_MINIMUM)
    population = await figures_repository.latest_figures(
        session, indicator="population", codes=codes, as_of_key=as_of_key(query.as_of)
    )
    return AreaProfile(
        area=area,
        home_municipality=home,
        members=members,
        labour_force={f.municipality_code: f for f in lf.figures} if lf else {},
        population=figures_of(population),
        borders=await borders_touching(session, codes=codes),
        formation=formation,
    )

"""An area's formation check and labour-force forecast: its members on a date, fed to the
same checks as a what-if set (service.eligibility, service.forecast), plus what only a
recorded area has — its exemptions and its members' memberships elsewhere."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from areas.errors import LabourForceMissing
from areas.models import AreaExemption
from areas.repository import areas as repository
from areas.rules.forecast import LabourForceForecast
from areas.rules.formation import FormationCheck, MembershipConflict
from areas.service.areas import get_area
from areas.service.eligibility import check_eligibility
from areas.service.forecast import forecast_for_codes
from servicekit.errors import FieldError, UnprocessableContent


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
    if not codes:
        raise UnprocessableContent(
            f"Area '{area_id}' has no members on {on}.",
            [FieldError("on", f"the area has no members on {on}", in_=in_)],
        )
    return codes


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
    session: AsyncSession,
    *,
    area_id: str,
    on: dt.date,
    as_of: str | None,
    annual_rates: Sequence[float],
    horizon_years: int,
    threshold: int,
    in_: str = "query",
) -> LabourForceForecast:
    """`in_` says where `on` and `as_of` came from (the GET's query or the POST's body)."""
    codes = await _member_codes(session, area_id=area_id, on=on, in_=in_)
    return await _forecast_members(
        session,
        codes=codes,
        as_of=as_of,
        annual_rates=annual_rates,
        horizon_years=horizon_years,
        threshold=threshold,
        in_=in_,
    )


async def _forecast_members(
    session: AsyncSession,
    *,
    codes: list[str],
    as_of: str | None,
    annual_rates: Sequence[float],
    horizon_years: int,
    threshold: int,
    in_: str,
) -> LabourForceForecast:
    try:
        return await forecast_for_codes(
            session,
            municipality_codes=codes,
            as_of=as_of,
            annual_rates=annual_rates,
            horizon_years=horizon_years,
            threshold=threshold,
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
    session: AsyncSession,
    *,
    area_id: str,
    on: dt.date,
    as_of: str | None,
    annual_rates: Sequence[float],
    horizon_years: int,
    threshold: int,
) -> AreaFormation:
    """The check and the forecast of the same members on `on`, read once for both."""
    codes = await _member_codes(session, area_id=area_id, on=on)
    eligibility = await _check_members(
        session, area_id=area_id, on=on, codes=codes, as_of=as_of, threshold=threshold
    )
    forecast = await _forecast_members(
        session,
        codes=codes,
        as_of=as_of,
        annual_rates=annual_rates,
        horizon_years=horizon_years,
        threshold=threshold,
        in_="query",
    )
    return AreaFormation(eligibility=eligibility, forecast=forecast)

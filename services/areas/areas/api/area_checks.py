"""An area's formation check and labour-force forecast, for the area's readers.

Both take the area's members on `on` (default: today in Finland); `formation` gives both
from one read of them. The check adds the area's exemptions valid that day (a covered
criterion reads "exempted", DOMAIN.md §1) and the `single_membership` criterion (no member
in another area that day). None of them writes.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response

from areas.api.deps import AreaReader, Session
from areas.api.params import AreaIdPath
from areas.errors import AreaNotFound
from areas.rules.forecast import DEFAULT_HORIZON_YEARS, PLAN_ANNUAL_RATES
from areas.rules.formation import LABOUR_FORCE_MINIMUM
from areas.rules.periods import PERIOD_PATTERN
from areas.schemas.area_checks import (
    AreaEligibilityRead,
    AreaForecastRead,
    AreaFormationRead,
    AreaProfileRead,
    HomeMunicipalityRead,
    ProfileMemberRead,
)
from areas.schemas.areas import AreaRead, ExemptionRead, IsoDate
from areas.schemas.borders import BorderRead
from areas.schemas.eligibility import EligibilityRead, LabourForceFigureRead
from areas.schemas.forecast import ForecastRead
from areas.service import area_checks as service
from servicekit.clock import today_in_finland
from servicekit.errors import FieldError, UnprocessableContent, raises
from servicekit.generation import RememberedRead

router = APIRouter(tags=["areas"])

OnDate = Annotated[
    IsoDate | None, Query(description="Whose members to check (ISO date); default: today")
]
AsOf = Annotated[
    str | None,
    Query(
        pattern=PERIOD_PATTERN,
        description="Each member's latest labour-force figure at or before this period "
        "(YYYY or YYYY-MM); default: the latest there is",
    ),
]
ThresholdQuery = Annotated[
    int, Query(ge=1, le=10_000_000, description="Minimum labour force (law 380/2023: 20,000)")
]
RATE = r"-?[0-9]+(\.[0-9]+)?"
MAX_RATES = 20


async def parse_annual_rates(
    annual_rates: Annotated[
        str | None,
        Query(
            pattern=rf"^{RATE}(,{RATE})*$",
            description="Comma-separated compound yearly rates, e.g. -0.012,-0.02 "
            "(default: the plan's range, §1.2)",
        ),
    ] = None,
) -> list[float]:
    if annual_rates is None:
        return list(PLAN_ANNUAL_RATES)
    rates = [float(r) for r in annual_rates.split(",")]
    # A rate of -1 or below leaves no labour force at all: not a forecast.
    bad = [r for r in rates if not -0.99 <= r <= 1.0]
    if bad or len(rates) > MAX_RATES:
        message = f"at most {MAX_RATES} rates, each from -0.99 to 1.0"
        raise UnprocessableContent(
            f"annual_rates: {message}.", [FieldError("annual_rates", message, in_="query")]
        )
    return rates


async def formation_query(
    annual_rates: Annotated[list[float], Depends(parse_annual_rates)],
    on: OnDate = None,
    as_of: AsOf = None,
    horizon_years: Annotated[int, Query(ge=1, le=100)] = DEFAULT_HORIZON_YEARS,
    threshold: ThresholdQuery = LABOUR_FORCE_MINIMUM,
) -> service.FormationQuery:
    return service.FormationQuery(
        on=on or today_in_finland(),
        as_of=as_of,
        annual_rates=annual_rates,
        horizon_years=horizon_years,
        threshold=threshold,
    )


FormationQuery = Annotated[service.FormationQuery, Depends(formation_query)]


@router.get("/areas/{area_id}/eligibility")
@raises(AreaNotFound)
async def check_area_eligibility(
    area_id: AreaIdPath,
    session: Session,
    _: AreaReader,
    on: OnDate = None,
    as_of: AsOf = None,
    threshold: ThresholdQuery = LABOUR_FORCE_MINIMUM,
) -> AreaEligibilityRead:
    """Does the area, with its members and exemptions on `on`, meet the criteria?"""
    result = await service.check_area_eligibility(
        session, area_id=area_id, on=on or today_in_finland(), as_of=as_of, threshold=threshold
    )
    return _eligibility_read(result, as_of=as_of)


def _eligibility_read(result: service.AreaEligibility, *, as_of: str | None) -> AreaEligibilityRead:
    return AreaEligibilityRead(
        **EligibilityRead.of(result.check, as_of=as_of).model_dump(),
        area_id=result.area_id,
        on=result.on,
        exemptions=[ExemptionRead.model_validate(e) for e in result.exemptions],
    )


@router.get("/areas/{area_id}/forecast")
@raises(AreaNotFound)
async def forecast_area_labour_force(
    area_id: AreaIdPath, session: Session, _: AreaReader, query: FormationQuery
) -> AreaForecastRead:
    """How long the members' combined labour force stays at or above the threshold."""
    forecast = await service.forecast_area(session, area_id=area_id, query=query)
    return AreaForecastRead(**ForecastRead.of(forecast).model_dump(), area_id=area_id, on=query.on)


@router.get("/areas/{area_id}/formation")
@raises(AreaNotFound)
async def read_area_formation(
    area_id: AreaIdPath, session: Session, _: AreaReader, query: FormationQuery
) -> AreaFormationRead:
    """The eligibility and the labour-force forecast of the area's members on `on`, in one
    read: each as its own route answers it, from one read of the members for both.

    Like the forecast, it needs every member's labour-force figure at or before `as_of`
    (422 otherwise); the eligibility alone does not.
    """
    result = await service.area_formation(session, area_id=area_id, query=query)
    return _formation_read(result, area_id=area_id, query=query)


def _formation_read(
    result: service.AreaFormation, *, area_id: str, query: service.FormationQuery
) -> AreaFormationRead:
    forecast = AreaForecastRead(
        **ForecastRead.of(result.forecast).model_dump(), area_id=area_id, on=query.on
    )
    return AreaFormationRead(
        eligibility=_eligibility_read(result.eligibility, as_of=query.as_of), forecast=forecast
    )


@router.get("/areas/{area_id}/profile", response_model=AreaProfileRead)
@raises(AreaNotFound)
async def read_area_profile(
    area_id: AreaIdPath,
    session: Session,
    _: AreaReader,
    query: FormationQuery,
    remembered: RememberedRead,
) -> Response:
    """What the plan shows of the area, in one read: the area record, its members on `on`
    with their names, coordinates, membership dates and latest population and labour-force
    figures, the borders among and around them with their sources, and the eligibility and
    forecast of those members as `.../formation` answers them (422 as it is).

    The answer is remembered until the service's data next changes, with an ETag of its own:
    `If-None-Match` with it is 304 until then.
    """

    async def profile() -> AreaProfileRead:
        result = await service.area_profile(session, area_id=area_id, query=query)
        formation = _formation_read(result.formation, area_id=area_id, query=query)
        return AreaProfileRead(
            area=AreaRead.model_validate(result.area),
            home_municipality=HomeMunicipalityRead(
                code=result.home_municipality.code,
                name_fi=result.home_municipality.name_fi,
                name_sv=result.home_municipality.name_sv,
            ),
            members=[_profile_member(m, result) for m in result.members],
            borders=[
                BorderRead(municipality_code=a, neighbour_code=b, source=source)
                for a, b, source in result.borders
            ],
            eligibility=formation.eligibility,
            forecast=formation.forecast,
        )

    asked = (query.on, query.as_of, tuple(query.annual_rates), query.horizon_years, query.threshold)
    return await remembered.answer(asked, profile)


def _profile_member(member: Any, result: service.AreaProfile) -> ProfileMemberRead:
    labour_force = result.labour_force.get(member.code)
    population = result.population.get(member.code)
    return ProfileMemberRead(
        code=member.code,
        name_fi=member.name_fi,
        name_sv=member.name_sv,
        lat=member.lat,
        lon=member.lon,
        valid_from=member.valid_from,
        valid_to=member.valid_to,
        labour_force=LabourForceFigureRead.of(labour_force) if labour_force else None,
        population=LabourForceFigureRead.of(population) if population else None,
    )

"""Routes for accessibility: how far each member is from its nearest place of service."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from offices.api.distances import AnyReader, estimate_terms
from offices.rules.accessibility import (
    DEFAULT_THRESHOLD_KM,
    DEFAULT_THRESHOLD_MINUTES,
    NearestBy,
    Thresholds,
    WeightedFigures,
)
from offices.rules.distances import DEFAULT_ROAD_FACTOR, DEFAULT_SPEED_KMH
from offices.schemas.accessibility import (
    AccessibilityQuery,
    AccessibilityRead,
    MemberAccessRead,
    PlaceRead,
    ThresholdsRead,
    WeightedRead,
)
from offices.schemas.common import Km, Minutes, RoadFactor, SpeedKmh
from offices.service import accessibility as service
from offices.service.accessibility import AccessibilityReport, AccessibilityTerms, Place
from offices.service.distances import EstimateTerms
from offices.service.municipalities import member_codes
from servicekit.auth import AreaIdPath, Principal, area_reader, ensure_area_readable
from servicekit.clock import today_in_finland
from servicekit.db import DbReads
from servicekit.errors import (
    DependencyUnavailable,
    FieldError,
    NotFound,
    UnprocessableContent,
    raises,
)
from servicekit.fields import IsoDate
from servicekit.peers import AsCaller

router = APIRouter(tags=["accessibility"])

AreaReader = Annotated[Principal, Depends(area_reader)]


def _kinds(
    kinds: str = Query(
        ",".join(service.PLACE_KINDS),
        pattern=r"^(office|local_service_point|mobile)(,(office|local_service_point|mobile))*$",
        description="The kinds of place counted (comma-separated)",
    ),
) -> list[str]:
    return sorted(set(kinds.split(",")))


@router.get("/areas/{area_id}/accessibility")
@raises(NotFound, DependencyUnavailable)
async def read_area_accessibility(
    area_id: AreaIdPath,
    reads: DbReads,
    calls: AsCaller,
    _: AreaReader,
    kinds: Annotated[list[str], Depends(_kinds)],
    on: Annotated[IsoDate | None, Query(description="Default: today in Finland")] = None,
    threshold_km: Annotated[Km, Query()] = DEFAULT_THRESHOLD_KM,
    threshold_minutes: Annotated[Minutes, Query()] = DEFAULT_THRESHOLD_MINUTES,
    nearest_by: NearestBy = NearestBy.km,
    road_factor: Annotated[RoadFactor, Query()] = DEFAULT_ROAD_FACTOR,
    speed_kmh: Annotated[SpeedKmh, Query()] = DEFAULT_SPEED_KMH,
) -> AccessibilityRead:
    """Each member of the area on `on` and its nearest place of service open that day
    (offices and local service points; `kinds` to choose), with km, minutes and whether they
    are estimated; the population-weighted means and the share of the population within the
    thresholds (inclusive). Members, names, coordinates and population (each member's
    latest figure at or before `on`) come from the areas service, asked as the caller.
    Customer-weighted figures need customer counts: `POST /v1/accessibility`.
    """
    day = on or today_in_finland()
    members = await member_codes(calls, area_id, day)
    places = await service.area_places(reads, area_id, day, kinds)
    terms = _terms(threshold_km, threshold_minutes, nearest_by, road_factor, speed_kmh)
    report = await service.accessibility(
        reads,
        calls,
        members=members,
        area_id=area_id,
        on=day,
        places=places,
        population=None,
        customers=None,
        terms=terms,
    )
    return accessibility_read(report, terms)


@router.post("/accessibility")
@raises(NotFound, UnprocessableContent, DependencyUnavailable)
async def assess_accessibility(
    body: AccessibilityQuery, reads: DbReads, calls: AsCaller, principal: AnyReader
) -> AccessibilityRead:
    """The same for any proposed set of `places`, reaching the members of `area_id` on `on`
    (its readers only; others 404) or the `municipality_codes` given; weighted by the
    `population` and `customers` given, or by the areas service's population figures."""
    if (body.area_id is None) == (body.municipality_codes is None):
        message = "give area_id or municipality_codes, one of them"
        raise UnprocessableContent(
            f"municipality_codes: {message}.", [FieldError("municipality_codes", message)]
        )
    day = body.on or today_in_finland()
    if body.area_id is not None:
        ensure_area_readable(principal, body.area_id)
        members = await member_codes(calls, body.area_id, day)
    else:
        members = sorted(set(body.municipality_codes or ()))
    terms = _terms(
        body.threshold_km,
        body.threshold_minutes,
        body.nearest_by,
        body.road_factor,
        body.speed_kmh,
    )
    report = await service.accessibility(
        reads,
        calls,
        members=members,
        area_id=body.area_id,
        on=day,
        places=[Place(p.municipality_code, p.name) for p in body.places],
        population=body.population,
        customers=body.customers,
        terms=terms,
    )
    return accessibility_read(report, terms)


def _terms(
    km: float, minutes: float, nearest_by: NearestBy, road_factor: float, speed_kmh: float
) -> AccessibilityTerms:
    return AccessibilityTerms(
        thresholds=Thresholds(km=km, minutes=minutes),
        nearest_by=nearest_by,
        estimate=EstimateTerms(road_factor=road_factor, speed_kmh=speed_kmh),
    )


def _weighted(figures: WeightedFigures) -> WeightedRead:
    """Means to 0.01 km or minute, shares to 0.0001."""

    def rounded(value: float | None, places: int) -> float | None:
        return None if value is None else round(value, places)

    return WeightedRead(
        total=figures.total,
        mean_km=rounded(figures.mean_km, 2),
        mean_minutes=rounded(figures.mean_minutes, 2),
        share_within_km=rounded(figures.share_within_km, 4),
        share_within_minutes=rounded(figures.share_within_minutes, 4),
        share_within_both=rounded(figures.share_within_both, 4),
    )


def accessibility_read(report: AccessibilityReport, terms: AccessibilityTerms) -> AccessibilityRead:
    places = [
        PlaceRead(
            index=i,
            office_id=p.office_id,
            kind=p.kind,
            municipality_code=p.municipality_code,
            name=p.name,
        )
        for i, p in enumerate(report.places)
    ]
    rows = []
    for member in report.result.members:
        leg = member.leg
        figure = (report.population or {}).get(member.municipality_code)
        known = report.known.get(member.municipality_code)
        rows.append(
            MemberAccessRead(
                municipality_code=member.municipality_code,
                name_fi=known.name_fi if known else None,
                population=member.population,
                population_period=figure.period if figure else None,
                customers=member.customers,
                nearest=None if member.place_index is None else places[member.place_index],
                km=leg.km if leg else None,
                minutes=leg.minutes if leg else None,
                is_estimate=leg.is_estimate if leg else None,
                source=leg.source if leg else None,
                method=leg.method if leg else None,
                within_km=member.within_km,
                within_minutes=member.within_minutes,
            )
        )
    customers = report.result.customers
    return AccessibilityRead(
        area_id=report.area_id,
        on=report.on,
        thresholds=ThresholdsRead(
            km=terms.thresholds.km,
            minutes=terms.thresholds.minutes,
            nearest_by=terms.nearest_by,
        ),
        estimate=estimate_terms(terms.estimate.road_factor, terms.estimate.speed_kmh),
        population_source="request" if report.population is None else "areas",
        places=places,
        municipalities=rows,
        population=_weighted(report.result.population),
        customers=None if customers is None else _weighted(customers),
        without_distance=list(report.result.without_distance),
        without_population=list(report.result.without_population),
    )

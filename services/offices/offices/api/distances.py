"""Routes for road distances between municipalities (DOMAIN.md §4)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from offices.errors import BadDistanceRows
from offices.rules.distances import (
    DEFAULT_ROAD_FACTOR,
    DEFAULT_SPEED_KMH,
    EARTH_RADIUS_KM,
    estimate_method,
)
from offices.schemas.common import (
    MAX_CODES,
    MUNICIPALITY_CODE_LIST_PATTERN,
    EstimateTermsRead,
    RoadFactor,
    SpeedKmh,
)
from offices.schemas.distances import (
    DistanceRead,
    DistancesRead,
    DistancesWrite,
    DistancesWritten,
    PairRead,
)
from offices.service import distances as service
from offices.service.distances import EstimateTerms
from servicekit.auth import Principal, current_principal, require_role
from servicekit.db import DbReads, DbSession
from servicekit.errors import DependencyUnavailable, FieldError, UnprocessableContent, raises
from servicekit.peers import AsCaller

router = APIRouter(tags=["distances"])

AnyReader = Annotated[Principal, Depends(current_principal)]
Admin = Annotated[Principal, Depends(require_role("admin"))]


@router.put("/distances")
@raises(BadDistanceRows, DependencyUnavailable)
async def set_distances(
    body: DistancesWrite, session: DbSession, calls: AsCaller, _: Admin
) -> DistancesWritten:
    """Records road distances between municipalities with their source: all rows or none.

    A distance is the same both ways: one row per pair (either order) is enough, and a
    pair given again with the same figures counts once; a pair recorded before gets the
    new values. No If-Match: like `PUT /v1/borders` of the areas service
    this is an idempotent bulk upsert keyed by pair. The codes are checked with the areas
    service, as the caller.
    """
    return DistancesWritten(pairs=await service.put_distances(session, calls, rows=body.distances))


@raises(UnprocessableContent)
async def parse_codes(
    codes: str = Query(
        pattern=MUNICIPALITY_CODE_LIST_PATTERN,
        description=f"Comma-separated municipality codes, e.g. 005,010 (2 to {MAX_CODES})",
    ),
) -> list[str]:
    parsed = sorted(set(codes.split(",")))
    if not 2 <= len(parsed) <= MAX_CODES:
        message = f"2 to {MAX_CODES} different codes, not {len(parsed)}"
        raise UnprocessableContent(
            f"codes: {message}.", [FieldError("codes", message, in_="query")]
        )
    return parsed


def estimate_terms(road_factor: RoadFactor, speed_kmh: SpeedKmh) -> EstimateTermsRead:
    return EstimateTermsRead(
        method=estimate_method(road_factor, speed_kmh),
        earth_radius_km=EARTH_RADIUS_KM,
        road_factor=road_factor,
        speed_kmh=speed_kmh,
    )


@router.get("/distances")
@raises(DependencyUnavailable)
async def list_distances(
    _: AnyReader,  # first: a request without a token is 401 before its codes are looked at
    codes: Annotated[list[str], Depends(parse_codes)],
    reads: DbReads,
    calls: AsCaller,
    road_factor: Annotated[RoadFactor, Query()] = DEFAULT_ROAD_FACTOR,
    speed_kmh: Annotated[SpeedKmh, Query()] = DEFAULT_SPEED_KMH,
) -> DistancesRead:
    """Every pair among `codes`, once: the recorded distance with its source, otherwise an
    estimate from the municipalities' coordinates (in the areas service, asked as the
    caller): the great-circle distance x `road_factor`, minutes at `speed_kmh`, marked
    `is_estimate` with its `method`. A pair that can be neither is listed in `unknown`.
    """
    terms = EstimateTerms(road_factor=road_factor, speed_kmh=speed_kmh)
    pairs = await service.distances_among(reads, calls, codes=codes, terms=terms)
    return DistancesRead(
        estimate=estimate_terms(road_factor, speed_kmh),
        distances=[
            DistanceRead(
                from_code=p.from_code,
                to_code=p.to_code,
                km=p.leg.km,
                minutes=p.leg.minutes,
                is_estimate=p.leg.is_estimate,
                source=p.leg.source,
                method=p.leg.method,
            )
            for p in pairs
            if p.leg is not None
        ],
        unknown=[
            PairRead(from_code=p.from_code, to_code=p.to_code) for p in pairs if p.leg is None
        ],
    )

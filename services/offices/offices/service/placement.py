"""Exact optimal placement of k places of service over the recorded or estimated distances
(`offices.rules.placement`; DOMAIN.md §4, the plan's "4 + 6" network)."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from starlette.concurrency import run_in_threadpool

from offices.errors import DistanceUnknown, InfeasiblePlacement
from offices.repository.places import open_places
from offices.rules.distances import Leg
from offices.rules.milp import new_highs
from offices.rules.placement import (
    Placement,
    covered_weight,
    network_value,
    placement_problems,
    solve_max_coverage,
    solve_p_median,
)
from offices.schemas.placement import DistanceMeasure, Objective, PlacementQuery
from offices.service.distances import EstimateTerms, Legs, legs_between
from servicekit.db import Reads
from servicekit.errors import FieldError, UnprocessableContent, listed
from servicekit.peers import PeerCalls

SOLVER = f"HiGHS {new_highs().version()}"


@dataclass(frozen=True)
class CurrentNetwork:
    source: str
    open: list[str]
    objective_value: float | None


@dataclass(frozen=True)
class PlacementAnswer:
    placement: Placement
    measure: DistanceMeasure
    radius: float | None
    legs: Legs
    current: CurrentNetwork | None


def _terms_problems(query: PlacementQuery) -> tuple[DistanceMeasure, float | None]:
    """The distance measure and radius the query means, or 422 naming the field."""
    errors = []
    radius: float | None = None
    measure = query.distance or DistanceMeasure.km
    if query.objective is Objective.p_median:
        for name in ("radius_minutes", "radius_km"):
            if getattr(query, name) is not None:
                errors.append(FieldError(name, "is for objective max_coverage"))
    elif query.radius_minutes is not None and query.radius_km is None:
        radius, measure = query.radius_minutes, DistanceMeasure.minutes
    elif query.radius_km is not None and query.radius_minutes is None:
        radius, measure = query.radius_km, DistanceMeasure.km
    else:
        message = "max_coverage needs radius_minutes or radius_km, one of them"
        errors.append(FieldError("radius_minutes", message))
    if query.distance not in (None, measure):
        errors.append(FieldError("distance", f"the radius is in {measure}"))
    if query.current is not None and query.area_id is not None:
        errors.append(FieldError("current", "give current or area_id, not both"))
    if errors:
        raise UnprocessableContent(listed(errors), errors)
    return measure, radius


def _unknown_distances(
    query: PlacementQuery, legs: Legs, current: Sequence[str]
) -> list[FieldError]:
    destinations = [*query.candidates, *current]
    errors: list[FieldError] = []
    without = {
        code
        for origin in query.demand
        for place in destinations
        if legs.leg(origin, place) is None
        for code in (origin, place)
        if code not in legs.coordinates
    }
    for code in sorted(without & set(query.demand)):
        errors.append(FieldError(f"demand.{code}", f"no distance known from '{code}'"))
    for index, code in enumerate(query.candidates):
        if code in without:
            errors.append(FieldError(f"candidates.{index}", f"no distance known to '{code}'"))
    for index, code in enumerate(current):
        if code in without and query.current is not None:
            errors.append(FieldError(f"current.{index}", f"no distance known to '{code}'"))
    return errors


async def place(
    reads: Reads, calls: PeerCalls, *, query: PlacementQuery, on: dt.date
) -> PlacementAnswer:
    """The optimal network for the query, and the current one valued alike."""
    measure, radius = _terms_problems(query)
    problems = placement_problems(query.candidates, query.k, query.fixed)
    if problems:
        raise InfeasiblePlacement([FieldError(field, message) for field, message in problems])
    current_source, current = "request", sorted(set(query.current or ()))
    if query.area_id is not None:
        current_source = "area"
        offices = await open_places(reads, query.area_id, on, ["office"])
        current = sorted({p.municipality_code for p in offices})
    terms = EstimateTerms(road_factor=query.road_factor, speed_kmh=query.speed_kmh)
    legs = await legs_between(
        reads, calls, query.demand, [*query.candidates, *current], terms=terms
    )
    unknown = _unknown_distances(query, legs, current)
    if unknown:
        raise DistanceUnknown(unknown)

    def distance(a: str, b: str) -> float:
        leg: Leg | None = legs.leg(a, b)
        if leg is None:  # every pair was checked above
            raise LookupError(f"no distance from {a} to {b}")
        return leg.km if measure is DistanceMeasure.km else leg.minutes

    args = (query.demand, query.candidates, query.k, distance)
    fixed, seconds = query.fixed, query.time_limit_seconds
    solve = (
        partial(solve_p_median, *args, fixed=fixed, time_limit_seconds=seconds)
        if radius is None
        else partial(
            solve_max_coverage, *args, radius=radius, fixed=fixed, time_limit_seconds=seconds
        )
    )
    # The solve is CPU work of up to the time limit: off the event loop.
    placement = await run_in_threadpool(solve)
    network = None
    if query.current is not None or query.area_id is not None:
        value = None
        if current:
            value = (
                network_value(query.demand, current, distance)
                if radius is None
                else covered_weight(query.demand, current, distance, radius)
            )
        network = CurrentNetwork(current_source, current, value)
    return PlacementAnswer(placement, measure, radius, legs, network)

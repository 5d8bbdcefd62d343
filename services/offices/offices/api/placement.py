"""The exact placement route: where k places of service should be (DOMAIN.md §4)."""

from fastapi import APIRouter

from offices.api.distances import AnyReader, estimate_terms
from offices.errors import DistanceUnknown, InfeasiblePlacement
from offices.schemas.placement import (
    AssignmentRead,
    NetworkRead,
    PlacementQuery,
    PlacementRead,
)
from offices.service import placement as service
from offices.service.placement import PlacementAnswer
from servicekit.auth import ensure_area_readable
from servicekit.clock import today_in_finland
from servicekit.db import DbReads
from servicekit.errors import DependencyUnavailable, NotFound, UnprocessableContent, raises
from servicekit.peers import AsCaller

router = APIRouter(tags=["placement"])


@router.post("/placement")
@raises(NotFound, UnprocessableContent, InfeasiblePlacement, DistanceUnknown, DependencyUnavailable)
async def solve_placement(
    body: PlacementQuery, reads: DbReads, calls: AsCaller, principal: AnyReader
) -> PlacementRead:
    """The optimal set of `k` places among `candidates`, holding the `fixed` ones, solved
    exactly as a mixed-integer programme (HiGHS), not by a heuristic.

    `p_median` minimises the sum over `demand` of weight x distance to the nearest open
    place; `max_coverage` maximises the weight within `radius_minutes` (or `radius_km`) of
    one. `distance` is km or minutes: recorded road distances, else estimates from the
    coordinates (`road_factor`, `speed_kmh`). `status` is `optimal` (gap 0) or `time_limit`
    (the best network found within `time_limit_seconds`, with its proven gap). The current
    network is valued alike: the `current` codes, or the offices (kind office) of `area_id`
    open on `on`. Infeasible terms (k below the fixed places or above the candidates, a
    fixed place not a candidate) are 422 `infeasible-placement`.
    """
    if body.area_id is not None:
        ensure_area_readable(principal, body.area_id)
    answer = await service.place(reads, calls, query=body, on=body.on or today_in_finland())
    return placement_read(body, answer)


def placement_read(query: PlacementQuery, answer: PlacementAnswer) -> PlacementRead:
    placement = answer.placement
    total = sum(query.demand.values())
    assignments = []
    for a in placement.assignments:
        leg = answer.legs.leg(a.demand_code, a.place_code)
        if leg is None:
            raise LookupError(f"no distance from {a.demand_code} to {a.place_code}")
        assignments.append(
            AssignmentRead(
                demand_code=a.demand_code,
                weight=a.weight,
                place_code=a.place_code,
                km=leg.km,
                minutes=leg.minutes,
                is_estimate=leg.is_estimate,
                covered=None if answer.radius is None else a.distance <= answer.radius,
            )
        )
    current = answer.current
    return PlacementRead(
        objective=query.objective,
        distance=answer.measure,
        k=query.k,
        radius=answer.radius,
        open=list(placement.open),
        objective_value=round(placement.objective_value, 2),
        weighted_mean=round(placement.objective_value / total, 4) if total > 0 else None,
        total_weight=total,
        bound=round(placement.bound, 2),
        gap=placement.gap,
        status=placement.status,
        solve_seconds=round(placement.solve_seconds, 3),
        solver=service.SOLVER,
        assignments=assignments,
        current=None
        if current is None
        else NetworkRead(
            source=current.source,
            open=current.open,
            objective_value=None
            if current.objective_value is None
            else round(current.objective_value, 2),
            weighted_mean=None
            if current.objective_value is None or total <= 0
            else round(current.objective_value / total, 4),
        ),
        estimate=estimate_terms(query.road_factor, query.speed_kmh),
        estimated_pairs=answer.legs.estimated_pairs,
    )

"""Exact placement of k places of service among candidate municipalities (DOMAIN.md §4: the
plan's "4 + 6" network; placement is judged from the distances between municipalities).

Two classic location models, each solved exactly as a mixed-integer programme by HiGHS
(`highspy`), never by a heuristic:

- p-median: open k candidates, minimising the weighted sum of each demand point's distance
  to its nearest open place. The strong (disaggregated) formulation: y_j = 1 opens j,
  x_ij = share of i served from j, sum_j x_ij = 1, x_ij <= y_j, sum_j y_j = k. Its LP
  relaxation was integral at the root on every benchmark instance (bench/README.md). Pairs
  farther than a fixed place's distance are left out (a fixed place is always open, so no
  demand point is ever served from farther away), and each point first sees only its
  nearest candidates (`solve_p_median`).
- maximal covering: open k candidates, maximising the weight within a radius of an open
  place: z_i <= sum_{j within radius of i} y_j, sum_j y_j = k.

`fixed` candidates must be open (leased premises, plan §4). The greedy solution (add the
best candidate one at a time) is passed to HiGHS as its starting point, so a solve that hits
the time limit still answers a feasible network with its proven gap.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from offices.rules.milp import coverage_model, p_median_model, run_model

DEFAULT_TIME_LIMIT_SECONDS = 10.0
Distance = Callable[[str, str], float]


class PlacementStatus(StrEnum):
    optimal = "optimal"  # proven optimal: gap 0
    time_limit = "time_limit"  # the best network found within the time limit, with its gap


class InfeasiblePlacement(ValueError):
    """The input admits no network: `problems` are (field, message) pairs."""

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class Assignment:
    demand_code: str
    weight: float
    place_code: str  # the nearest open place
    distance: float


@dataclass(frozen=True)
class Placement:
    open: tuple[str, ...]  # sorted codes
    objective_value: float  # p-median: weighted distance; coverage: weight covered
    bound: float  # the best bound HiGHS proved on the objective
    gap: float  # relative gap |value - bound| / |value|; 0 when proven optimal
    status: PlacementStatus
    solve_seconds: float
    assignments: tuple[Assignment, ...]  # in the order of `demand`


def placement_problems(
    candidates: Sequence[str], k: int, fixed: Collection[str]
) -> list[tuple[str, str]]:
    """Why no network of k among `candidates` holding `fixed` exists (empty: one does)."""
    problems = []
    candidate_set = set(candidates)
    for index, code in enumerate(fixed):
        if code not in candidate_set:
            problems.append((f"fixed.{index}", f"'{code}' is not one of the candidates"))
    fixed_count = len(set(fixed))
    if k < fixed_count:
        problems.append(("k", f"{k} is fewer than the {fixed_count} fixed places"))
    if k > len(candidate_set):
        problems.append(("k", f"{k} is more than the {len(candidate_set)} candidates"))
    return problems


def network_value(
    demand: Mapping[str, float], open_codes: Collection[str], distance: Distance
) -> float:
    """The p-median value of a given network: weighted distance to the nearest open place."""
    return sum(
        weight * min(distance(code, place) for place in open_codes)
        for code, weight in demand.items()
    )


def covered_weight(
    demand: Mapping[str, float], open_codes: Collection[str], distance: Distance, radius: float
) -> float:
    """The weight within `radius` of an open place of a given network."""
    return sum(
        weight
        for code, weight in demand.items()
        if min(distance(code, place) for place in open_codes) <= radius
    )


def greedy_p_median(
    demand: Mapping[str, float],
    candidates: Sequence[str],
    k: int,
    distance: Distance,
    fixed: Collection[str] = (),
) -> tuple[str, ...]:
    """The greedy network: the fixed places, then one candidate at a time, each the one that
    lowers the weighted distance most. Not optimal in general: HiGHS's starting point."""
    matrix = _matrix(demand, candidates, distance)
    weights = np.array(list(demand.values()), dtype=float)
    return _greedy(matrix, weights, candidates, k, fixed, lambda d: float(weights @ d))


def greedy_coverage(
    demand: Mapping[str, float],
    candidates: Sequence[str],
    k: int,
    distance: Distance,
    radius: float,
    fixed: Collection[str] = (),
) -> tuple[str, ...]:
    matrix = _matrix(demand, candidates, distance)
    weights = np.array(list(demand.values()), dtype=float)
    return _greedy(matrix, weights, candidates, k, fixed, lambda d: -float(weights @ (d <= radius)))


def solve_p_median(
    demand: Mapping[str, float],
    candidates: Sequence[str],
    k: int,
    distance: Distance,
    *,
    fixed: Collection[str] = (),
    time_limit_seconds: float = DEFAULT_TIME_LIMIT_SECONDS,
) -> Placement:
    """The k candidates (holding `fixed`) of least weighted distance, proven optimal unless the
    time limit ends the search first (then the best found, with its gap).

    `demand` maps each demand point to its weight (population, customers); `distance(i, j)`
    is the distance from demand point i to candidate j. Raises `InfeasiblePlacement`.

    Each demand point first sees only its `reach` nearest candidates, and a slack that serves
    it at the distance of the next one: a relaxation (no network costs less in it than in
    truth), so its optimum is a lower bound. When the optimal network serves every point
    from a candidate it sees, its true value meets that bound and it is optimal; otherwise
    the points served from farther see twice as many candidates and it is solved again.
    """
    candidates = list(dict.fromkeys(candidates))
    _check(candidates, k, fixed)
    matrix = _matrix(demand, candidates, distance)
    weights = np.array(list(demand.values()), dtype=float)
    network = _greedy(matrix, weights, candidates, k, fixed, lambda d: float(weights @ d))
    order = np.argsort(matrix, axis=1, kind="stable")
    reach = np.full(len(weights), min(len(candidates), max(10, 3 * -(-len(candidates) // k))))
    began = time.perf_counter()
    while True:
        left = time_limit_seconds - (time.perf_counter() - began)
        model = p_median_model(matrix, weights, order, reach, candidates, k, fixed)
        outcome = run_model(model, network, max(left, 0.01), minimise=True)
        network = outcome.network
        value = float(weights @ _nearest_distances(matrix, candidates, network))
        proven = outcome.proven and value <= outcome.bound + 1e-9 * max(abs(value), 1.0)
        seen = _sees_its_place(matrix, order, reach, candidates, network)
        if proven or not outcome.proven or seen.all():
            break
        reach = np.where(seen, reach, np.minimum(2 * reach, len(candidates)))
    return _placement(
        network,
        value,
        outcome.bound,
        proven,
        time.perf_counter() - began,
        demand,
        candidates,
        matrix,
    )


def solve_max_coverage(
    demand: Mapping[str, float],
    candidates: Sequence[str],
    k: int,
    distance: Distance,
    *,
    radius: float,
    fixed: Collection[str] = (),
    time_limit_seconds: float = DEFAULT_TIME_LIMIT_SECONDS,
) -> Placement:
    """The k candidates (holding `fixed`) that bring the most weight within `radius` of an
    open place; exact like `solve_p_median`."""
    candidates = list(dict.fromkeys(candidates))
    _check(candidates, k, fixed)
    matrix = _matrix(demand, candidates, distance)
    weights = np.array(list(demand.values()), dtype=float)
    start = _greedy(
        matrix, weights, candidates, k, fixed, lambda d: -float(weights @ (d <= radius))
    )
    began = time.perf_counter()
    model = coverage_model(matrix <= radius, weights, candidates, k, fixed)
    outcome = run_model(model, start, time_limit_seconds, minimise=False)
    nearest = _nearest_distances(matrix, candidates, outcome.network)
    value = float(weights @ (nearest <= radius))
    return _placement(
        outcome.network,
        value,
        outcome.bound,
        outcome.proven,
        time.perf_counter() - began,
        demand,
        candidates,
        matrix,
    )


def _check(candidates: Sequence[str], k: int, fixed: Collection[str]) -> None:
    problems = placement_problems(candidates, k, fixed)
    if problems:
        raise InfeasiblePlacement(problems)


def _matrix(
    demand: Mapping[str, float], candidates: Sequence[str], distance: Distance
) -> np.ndarray:
    return np.array(
        [[distance(code, place) for place in candidates] for code in demand], dtype=float
    ).reshape(len(demand), len(candidates))


def _greedy(
    matrix: np.ndarray,
    weights: np.ndarray,
    candidates: Sequence[str],
    k: int,
    fixed: Collection[str],
    cost: Callable[[np.ndarray], float],
) -> tuple[str, ...]:
    index = {code: j for j, code in enumerate(candidates)}
    chosen = [index[code] for code in dict.fromkeys(fixed)]
    nearest = np.full(len(weights), np.inf)
    for j in chosen:
        nearest = np.minimum(nearest, matrix[:, j])
    while len(chosen) < k:
        best = min(
            (j for j in range(len(candidates)) if j not in chosen),
            key=lambda j: cost(np.minimum(nearest, matrix[:, j])),
        )
        chosen.append(best)
        nearest = np.minimum(nearest, matrix[:, best])
    return tuple(sorted(candidates[j] for j in chosen))


def _nearest_distances(
    matrix: np.ndarray, candidates: Sequence[str], network: Collection[str]
) -> np.ndarray:
    is_open = np.array([code in network for code in candidates])
    nearest: np.ndarray = np.where(is_open[None, :], matrix, np.inf).min(axis=1)
    return nearest


def _sees_its_place(
    matrix: np.ndarray,
    order: np.ndarray,
    reach: np.ndarray,
    candidates: Sequence[str],
    network: Collection[str],
) -> np.ndarray:
    """Whether each demand point's nearest open place is as near as one it sees."""
    is_open = np.array([code in network for code in candidates])
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(len(candidates))[None, :], axis=1)
    seen = np.where((rank < reach[:, None]) & is_open[None, :], matrix, np.inf).min(axis=1)
    sees: np.ndarray = seen <= _nearest_distances(matrix, candidates, network)
    return sees


def _placement(
    network: tuple[str, ...],
    value: float,
    bound: float,
    proven: bool,
    seconds: float,
    demand: Mapping[str, float],
    candidates: Sequence[str],
    matrix: np.ndarray,
) -> Placement:
    is_open = np.array([code in network for code in candidates])
    return Placement(
        open=network,
        objective_value=value,
        bound=value if proven else bound,
        gap=0.0 if proven else _relative_gap(value, bound),
        status=PlacementStatus.optimal if proven else PlacementStatus.time_limit,
        solve_seconds=seconds,
        assignments=_assignments(demand, candidates, matrix, is_open),
    )


def _relative_gap(value: float, bound: float) -> float:
    if not np.isfinite(bound):
        return 1.0
    return abs(value - bound) / max(abs(value), 1e-9)


def _assignments(
    demand: Mapping[str, float], candidates: Sequence[str], matrix: np.ndarray, is_open: np.ndarray
) -> tuple[Assignment, ...]:
    masked = np.where(is_open[None, :], matrix, np.inf)
    nearest = masked.argmin(axis=1)
    return tuple(
        Assignment(code, float(weight), candidates[int(j)], float(matrix[i, j]))
        for i, ((code, weight), j) in enumerate(zip(demand.items(), nearest, strict=True))
    )

"""The exact placement models against brute force, on instances where greedy is not optimal."""

import itertools
import math
import random
from collections.abc import Callable

import pytest

from offices.rules.placement import (
    InfeasiblePlacement,
    PlacementStatus,
    covered_weight,
    greedy_p_median,
    network_value,
    placement_problems,
    solve_max_coverage,
    solve_p_median,
)

Distance = Callable[[str, str], float]


def on_a_line(positions: dict[str, float]) -> Distance:
    return lambda a, b: abs(positions[a] - positions[b])


def in_a_plane(rng: random.Random, codes: list[str]) -> Distance:
    points = {c: (rng.uniform(0, 100), rng.uniform(0, 100)) for c in codes}
    return lambda a, b: round(math.dist(points[a], points[b]), 1)


def brute_force_p_median(
    demand: dict[str, float],
    candidates: list[str],
    k: int,
    distance: Distance,
    fixed: tuple[str, ...] | list[str] = (),
) -> float:
    return min(
        network_value(demand, network, distance)
        for network in itertools.combinations(candidates, k)
        if set(fixed) <= set(network)
    )


def brute_force_coverage(
    demand: dict[str, float], candidates: list[str], k: int, distance: Distance, radius: float
) -> float:
    return max(
        covered_weight(demand, network, distance, radius)
        for network in itertools.combinations(candidates, k)
    )


def test_two_clusters_defeat_the_greedy_choice_but_not_the_model() -> None:
    # Two towns 10 apart with a hamlet midway: greedy opens the middle first (10 either way,
    # the middle wins on the hamlet), then one town: 5.0; the optimum opens both towns: 0.5.
    distance = on_a_line({"A": 0, "M": 5, "B": 10})
    demand = {"A": 1.0, "M": 0.1, "B": 1.0}
    greedy = greedy_p_median(demand, ["A", "M", "B"], 2, distance)
    assert network_value(demand, greedy, distance) == pytest.approx(5.0)
    placement = solve_p_median(demand, ["A", "M", "B"], 2, distance)
    assert placement.open == ("A", "B")
    assert placement.objective_value == pytest.approx(0.5)
    assert placement.status is PlacementStatus.optimal
    assert placement.gap == 0.0
    assignment = {a.demand_code: (a.place_code, a.distance) for a in placement.assignments}
    assert assignment == {"A": ("A", 0.0), "M": ("A", 5.0), "B": ("B", 0.0)}


def test_the_p_median_equals_brute_force_on_random_instances() -> None:
    rng = random.Random(10)
    greedy_worse = 0
    for _ in range(40):
        codes = [f"{n:03d}" for n in range(rng.randint(6, 11))]
        distance = in_a_plane(rng, codes)
        demand = {c: float(rng.randint(0, 5000)) for c in codes}
        k = rng.randint(2, 4)
        optimum = brute_force_p_median(demand, codes, k, distance)
        placement = solve_p_median(demand, codes, k, distance)
        assert placement.status is PlacementStatus.optimal
        assert placement.objective_value == pytest.approx(optimum)
        assert network_value(demand, placement.open, distance) == pytest.approx(optimum)
        assert len(placement.open) == k
        greedy = network_value(demand, greedy_p_median(demand, codes, k, distance), distance)
        greedy_worse += greedy > optimum + 1e-6
    # The instances are ones the greedy heuristic gets wrong, not only easy ones.
    assert greedy_worse >= 5


def test_fixed_places_stay_open_and_the_rest_is_optimal() -> None:
    rng = random.Random(7)
    codes = [f"{n:03d}" for n in range(10)]
    distance = in_a_plane(rng, codes)
    demand = {c: float(rng.randint(1, 1000)) for c in codes}
    fixed = ["003", "008"]
    placement = solve_p_median(demand, codes, 4, distance, fixed=fixed)
    assert set(fixed) <= set(placement.open)
    assert placement.objective_value == pytest.approx(
        brute_force_p_median(demand, codes, 4, distance, fixed)
    )


def test_demand_points_need_not_be_candidates() -> None:
    distance = on_a_line({"A": 0, "B": 4, "C": 9, "X": 1, "Y": 8})
    placement = solve_p_median({"X": 2.0, "Y": 3.0}, ["A", "B", "C"], 1, distance)
    # B: 2*3 + 3*4 = 18; A: 2 + 21 = 23; C: 16 + 3 = 19.
    assert placement.open == ("B",)
    assert placement.objective_value == pytest.approx(18.0)


def test_maximal_coverage_equals_brute_force() -> None:
    rng = random.Random(3)
    for _ in range(25):
        codes = [f"{n:03d}" for n in range(rng.randint(6, 10))]
        distance = in_a_plane(rng, codes)
        demand = {c: float(rng.randint(0, 100)) for c in codes}
        k, radius = rng.randint(1, 3), rng.uniform(10, 40)
        placement = solve_max_coverage(demand, codes, k, distance, radius=radius)
        assert placement.status is PlacementStatus.optimal
        assert placement.objective_value == pytest.approx(
            brute_force_coverage(demand, codes, k, distance, radius)
        )


@pytest.mark.parametrize(
    ("k", "fixed", "fields"),
    [
        (1, ["A", "B"], ["k"]),
        (4, [], ["k"]),
        (2, ["Z"], ["fixed.0"]),
    ],
)
def test_infeasible_input_is_named(k: int, fixed: list[str], fields: list[str]) -> None:
    assert [field for field, _ in placement_problems(["A", "B", "C"], k, fixed)] == fields
    with pytest.raises(InfeasiblePlacement):
        solve_p_median(
            {"A": 1.0}, ["A", "B", "C"], k, on_a_line({"A": 0, "B": 1, "C": 2}), fixed=fixed
        )


def test_a_solve_cut_short_answers_a_feasible_network_with_its_gap() -> None:
    rng = random.Random(1)
    codes = [f"{n:03d}" for n in range(250)]
    distance = in_a_plane(rng, codes)
    demand = {c: float(rng.randint(100, 10000)) for c in codes}
    placement = solve_p_median(demand, codes, 30, distance, time_limit_seconds=0.001)
    assert placement.status is PlacementStatus.time_limit
    assert len(placement.open) == 30
    assert placement.objective_value == pytest.approx(
        network_value(demand, placement.open, distance)
    )
    assert 0 < placement.gap <= 1

"""Nearest places and the weighted figures over the members."""

import math

import numpy as np
import pytest

from offices.rules.accessibility import Thresholds, nearest_places
from offices.rules.distances import SAME_MUNICIPALITY, Leg


def leg(km: float, minutes: float, estimate: bool = False) -> Leg:
    return Leg(km, minutes, is_estimate=estimate, source=None, method=None)


LEGS = {
    ("A", "B"): leg(20, 40),  # a slow road
    ("A", "C"): leg(35, 25),
    ("D", "B"): leg(50, 45, estimate=True),
}


def lookup(a: str, b: str) -> Leg | None:
    if a == b:
        return SAME_MUNICIPALITY
    return LEGS.get((a, b)) or LEGS.get((b, a))


def lengths(members: list[str], places: list[str], by: str = "km") -> np.ndarray:
    return np.array(
        [
            [math.nan if (leg := lookup(m, p)) is None else getattr(leg, by) for p in places]
            for m in members
        ]
    )


def test_each_member_gets_its_nearest_place_and_the_weighted_figures() -> None:
    result = nearest_places(
        ["A", "B", "D", "E"],
        ["B", "C"],
        lookup,
        lengths(["A", "B", "D", "E"], ["B", "C"]),
        population={"A": 1000, "B": 3000, "D": 1000},
        customers={"A": 10, "B": 30},
    )
    rows = {r.municipality_code: r for r in result.members}
    assert rows["A"].place_index == 0
    assert rows["A"].leg == LEGS[("A", "B")]
    assert rows["A"].within_km
    assert not rows["A"].within_minutes
    assert rows["B"].leg == SAME_MUNICIPALITY
    assert rows["D"].leg is not None
    assert rows["D"].leg.is_estimate
    assert rows["E"].place_index is None
    assert result.without_distance == ("E",)
    assert result.without_population == ("E",)
    # Population 1000 at 20 km, 3000 at 0, 1000 at 50 km: mean 14 km.
    assert result.population.total == 5000
    assert result.population.mean_km == pytest.approx(14.0)
    assert result.population.mean_minutes == pytest.approx((40_000 + 45_000) / 5000)
    assert result.population.share_within_km == pytest.approx(0.8)
    assert result.population.share_within_minutes == pytest.approx(0.6)
    assert result.population.share_within_both == pytest.approx(0.6)
    assert result.customers is not None
    assert result.customers.total == 40  # D has none given: weight 0
    assert result.customers.mean_km == pytest.approx(5.0)


def test_nearest_by_minutes_and_thresholds_are_parameters() -> None:
    result = nearest_places(
        ["A"],
        ["B", "C"],
        lookup,
        lengths(["A"], ["B", "C"], by="minutes"),
        population={"A": 1},
        thresholds=Thresholds(km=40, minutes=25),
    )
    (row,) = result.members
    assert row.place_index == 1
    assert row.within_km
    assert row.within_minutes
    assert result.customers is None
    assert result.population.share_within_both == 1.0

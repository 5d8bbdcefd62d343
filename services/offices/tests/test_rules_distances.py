"""Distance estimates from coordinates, checked against geometry, not against our constants."""

import math

import pytest

from offices.rules.distances import estimate_leg, great_circle_km, pair_key


def test_equator_to_pole_is_the_metre_definition_quarter_meridian() -> None:
    # The metre was defined as 1/10,000,000 of the quarter meridian: about 10,000 km (a sphere
    # of the mean radius gives 10,007.5 km; the ellipsoid's meridian quadrant is 10,001.97 km).
    assert great_circle_km(0.0, 24.0, 90.0, 24.0) == pytest.approx(10_000, rel=1e-3)


def test_haversine_agrees_with_the_spherical_law_of_cosines() -> None:
    # Helsinki to Tampere town centres: about 160 km as the crow flies.
    lat1, lon1, lat2, lon2 = 60.1699, 24.9384, 61.4978, 23.7610
    km = great_circle_km(lat1, lon1, lat2, lon2)
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    central_angle = math.acos(
        math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    )
    assert km == pytest.approx(central_angle * 6371.0088, rel=1e-9)
    assert 155 < km < 165


def test_an_estimate_is_road_factor_times_great_circle_and_minutes_at_the_speed() -> None:
    # Alajärvi (63.0 N) and Vimpeli (63.1617 N) on one meridian: 0.1617 degrees of latitude,
    # 17.98 km; x 1.3 = 23.4 km; at 70 km/h 20.0 minutes.
    leg = estimate_leg((63.0, 23.817), (63.1617, 23.817))
    assert leg.km == 23.4
    assert leg.minutes == 20.0
    assert leg.is_estimate
    assert leg.method is not None
    assert "1.3" in leg.method
    assert "70 km/h" in leg.method
    slower = estimate_leg((63.0, 23.817), (63.1617, 23.817), road_factor=1.5, speed_kmh=50)
    assert slower.km == pytest.approx(27.0, abs=0.05)
    assert slower.minutes == pytest.approx(27.0 / 50 * 60, abs=0.1)


def test_a_pair_is_the_same_either_way() -> None:
    assert pair_key("989", "005") == pair_key("005", "989") == ("005", "989")

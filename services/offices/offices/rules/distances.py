"""Road distances between municipalities, and their estimate where none is recorded.

DOMAIN.md §4: placement and accessibility are judged from the distances between
municipalities. A recorded road distance (with its source) is used as given; a pair without
one is estimated from the municipalities' coordinates: the great-circle distance
(haversine, on a sphere of the Earth's mean radius) times a road factor, and the minutes at a
stated average speed. Both are parameters with the issue's defaults (1.3 and 70 km/h): roads
are longer than the straight line, and how much longer is an assumption, never a fact.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

# The Earth's mean radius R1 (IUGG), in km.
EARTH_RADIUS_KM = 6371.0088
DEFAULT_ROAD_FACTOR = 1.3
DEFAULT_SPEED_KMH = 70.0


@dataclass(frozen=True)
class Leg:
    """The way from one municipality to another: recorded, or estimated by `method`."""

    km: float
    minutes: float
    is_estimate: bool
    source: str | None  # a recorded distance's source
    method: str | None  # an estimate's method


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The haversine distance between two WGS84 points on a sphere of radius EARTH_RADIUS_KM."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = math.radians(lon2 - lon1) / 2
    h = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def great_circle_km_matrix(origins: np.ndarray, destinations: np.ndarray) -> np.ndarray:
    """`great_circle_km` from each (lat, lon) row of `origins` to each of `destinations`."""
    phi1, phi2 = np.radians(origins[:, :1]), np.radians(destinations[None, :, 0])
    dlambda = np.radians(destinations[None, :, 1]) - np.radians(origins[:, 1:2])
    h = np.sin((phi2 - phi1) / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlambda / 2) ** 2
    km: np.ndarray = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
    return km


def estimate_method(road_factor: float, speed_kmh: float) -> str:
    return (
        f"great-circle distance (haversine, R = {EARTH_RADIUS_KM} km) x road factor "
        f"{road_factor:g}; minutes at {speed_kmh:g} km/h"
    )


def estimate_leg(
    a: tuple[float, float],
    b: tuple[float, float],
    *,
    road_factor: float = DEFAULT_ROAD_FACTOR,
    speed_kmh: float = DEFAULT_SPEED_KMH,
    method: str | None = None,
) -> Leg:
    """The estimated road leg between two (lat, lon) points, to 0.1 km and 0.1 minutes.
    `method` is `estimate_method(road_factor, speed_kmh)`, given when already made."""
    km = great_circle_km(a[0], a[1], b[0], b[1]) * road_factor
    return Leg(
        km=round(km, 1),
        minutes=round(km / speed_kmh * 60, 1),
        is_estimate=True,
        source=None,
        method=method or estimate_method(road_factor, speed_kmh),
    )


# Within one municipality: the place of service is "in the municipality" (the model works
# municipality to municipality, each at its centre).
SAME_MUNICIPALITY = Leg(0.0, 0.0, is_estimate=False, source="the same municipality", method=None)


def pair_key(a: str, b: str) -> tuple[str, str]:
    """Distances are symmetric: one row per unordered pair, the smaller code first."""
    return (a, b) if a <= b else (b, a)

"""The Kymppi members as the reference data gives them (the areas service's demo copy), and
a great-circle formula of the tests' own to check the service's estimates against."""

import csv
import math
from pathlib import Path

import areas

CSV = Path(areas.__file__).parent / "demo" / "kymppi_municipalities.csv"
with CSV.open(encoding="utf-8") as file:
    ROWS = list(csv.DictReader(file))
COORDINATES = {r["code"]: (float(r["lat"]), float(r["lon"])) for r in ROWS}
POPULATION = {r["code"]: int(r["population_recent"]) for r in ROWS}
MEMBERS = sorted(COORDINATES)


def _road(a: str, b: str, factor: float) -> float:
    """The spherical law of cosines on the IUGG mean radius, x the road factor."""
    if a == b:
        return 0.0
    (lat1, lon1), (lat2, lon2) = COORDINATES[a], COORDINATES[b]
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    angle = math.acos(math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl))
    return angle * 6371.0088 * factor


def road_km(a: str, b: str, factor: float = 1.3) -> float:
    return round(_road(a, b, factor), 1)


def road_minutes(a: str, b: str, factor: float = 1.3, speed_kmh: float = 70) -> float:
    return round(_road(a, b, factor) / speed_kmh * 60, 1)

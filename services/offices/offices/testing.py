"""Request bodies the offices tests share (here, not in tests/, so that every tests folder
imports them under pytest's importlib mode)."""

import csv
import math
from typing import Any

import httpx

from offices.demo import MUNICIPALITIES_CSV
from servicekit.contract import BulkWrite, MutableResource

OFFICES = "/v1/areas/kymppi/offices"


def office(**changes: Any) -> dict[str, Any]:
    body = {
        "kind": "office",
        "name": {"fi": "Alajärven toimipiste", "sv": "Alajärvi verksamhetsställe"},
        "municipality_code": "005",
        "address": {"street": "Kauppatie 12", "postal_code": "62900", "post_office": "Alajärvi"},
        "lat": 63.0,
        "lon": 23.817,
        "status": "open",
        "services": ["job_matching", "multi_sectoral_services"],
    }
    return {**body, **changes}


def _hours(mark: int) -> dict[str, Any]:
    # Every weekday's hours close at the mark's minute, so a read shows which write it saw.
    closes = f"16:{mark:02d}"
    return {"weekly": [{"weekday": d, "opens": "08:00", "closes": closes} for d in range(1, 6)]}


# The concurrency gate's resource (servicekit.contract.MutableResource): an office, and
# its weekly opening hours replaced all at once.
MUTABLE_RESOURCE = MutableResource(
    collection=OFFICES,
    new=lambda n: office(note=f"concurrency gate {n}"),
    replaced=lambda body, i: {**body, "name": {"fi": f"Kierros {i}"}},
    bulk=BulkWrite(
        path="{resource}/hours",
        body=_hours,
        marks=lambda answer: [row["closes"] for row in answer["weekly"]],
        rows=5,
    ),
    areas=("kymppi",),
)


async def create_office(
    client: httpx.AsyncClient, headers: dict[str, str], **changes: Any
) -> httpx.Response:
    response = await client.post(OFFICES, json=office(**changes), headers=headers)
    assert response.status_code == 201, response.text
    return response


class KymppiReference:
    """The Kymppi members as the reference data gives them (the areas service's demo copy),
    and a great-circle formula of the tests' own to check the service's estimates against."""

    # The areas service's copy of the reference file, as the demo reads it.
    CSV = MUNICIPALITIES_CSV

    def __init__(self) -> None:
        with self.CSV.open(encoding="utf-8") as file:
            rows = list(csv.DictReader(file))
        self.coordinates = {r["code"]: (float(r["lat"]), float(r["lon"])) for r in rows}
        self.population = {r["code"]: int(r["population_recent"]) for r in rows}
        self.members = sorted(self.coordinates)

    def _road(self, a: str, b: str, factor: float) -> float:
        """The spherical law of cosines on the IUGG mean radius, x the road factor."""
        if a == b:
            return 0.0
        (lat1, lon1), (lat2, lon2) = self.coordinates[a], self.coordinates[b]
        p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
        cosine = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
        return math.acos(cosine) * 6371.0088 * factor

    def road_km(self, a: str, b: str, factor: float = 1.3) -> float:
        return round(self._road(a, b, factor), 1)

    def road_minutes(self, a: str, b: str, factor: float = 1.3, speed_kmh: float = 70) -> float:
        return round(self._road(a, b, factor) / speed_kmh * 60, 1)

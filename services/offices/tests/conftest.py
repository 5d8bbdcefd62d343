import csv
import math
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

import areas
from areas.testing import areas_in_process
from offices.config import DB_ROLE, MIGRATIONS_DIR, SCHEMA, OfficesSettings
from offices.demo import load_demo_data
from offices.main import build_app
from servicekit.testing import (
    migrated_service_url,
    peers_in_process,
    running_app,
    test_auth_env,
)


@pytest.fixture(scope="session")
async def areas_app(database_url: str) -> AsyncIterator[FastAPI]:
    """The real areas service, which the offices service asks for an area's members
    (Kymppi and six other areas, from its demo data)."""
    async with areas_in_process(database_url) as running:
        yield running


@pytest.fixture(scope="session")
async def app(database_url: str, areas_app: FastAPI) -> AsyncIterator[FastAPI]:
    url = await migrated_service_url(
        database_url, schema=SCHEMA, role=DB_ROLE, migrations_dir=MIGRATIONS_DIR
    )
    settings = OfficesSettings.model_validate({"database_url": url, **test_auth_env()})
    async with (
        running_app(build_app(settings)) as running,
        peers_in_process(running, {"areas": areas_app}),
    ):
        yield running


@pytest.fixture
def planner(auth: Callable[..., dict[str, str]]) -> dict[str, str]:
    return auth("planner", areas=["kymppi"])


@pytest.fixture
def viewer(auth: Callable[..., dict[str, str]]) -> dict[str, str]:
    return auth("viewer", areas=["kymppi"])


@pytest.fixture
async def demo(db_session: AsyncSession) -> None:
    """The demo data `alue run` loads, committed inside the test's rolled-back transaction."""
    await load_demo_data(db_session)
    await db_session.commit()


class KymppiReference:
    """The Kymppi members as the reference data gives them (the areas service's demo copy),
    and a great-circle formula of the tests' own to check the service's estimates against."""

    CSV = Path(areas.__file__).parent / "demo" / "kymppi_municipalities.csv"

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


@pytest.fixture(scope="session")
def kymppi() -> KymppiReference:
    return KymppiReference()

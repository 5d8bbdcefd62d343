from collections.abc import AsyncIterator, Callable

import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from areas.testing import areas_in_process
from offices.config import DB_ROLE, MIGRATIONS_DIR, SCHEMA, OfficesSettings
from offices.demo import load_demo_data
from offices.main import build_app
from offices.testing import KymppiReference
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


@pytest.fixture(scope="session")
def kymppi() -> KymppiReference:
    return KymppiReference()

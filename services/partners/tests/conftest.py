from collections.abc import AsyncIterator, Callable

import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from areas.testing import areas_in_process
from partners.config import DB_ROLE, MIGRATIONS_DIR, SCHEMA, PartnersSettings
from partners.demo import load_demo_data
from partners.main import build_app
from servicekit.testing import (
    migrated_service_url,
    peers_in_process,
    running_app,
    test_auth_env,
)


@pytest.fixture(scope="session")
async def areas_app(database_url: str) -> AsyncIterator[FastAPI]:
    """The real areas service, which the partners service asks for an area's members
    (Kymppi and six other areas, from its demo data)."""
    async with areas_in_process(database_url) as running:
        yield running


@pytest.fixture(scope="session")
async def app(database_url: str, areas_app: FastAPI) -> AsyncIterator[FastAPI]:
    url = await migrated_service_url(
        database_url, schema=SCHEMA, role=DB_ROLE, migrations_dir=MIGRATIONS_DIR
    )
    settings = PartnersSettings.model_validate({"database_url": url, **test_auth_env()})
    async with (
        running_app(build_app(settings)) as running,
        peers_in_process(running, {"areas": areas_app}),
    ):
        yield running


@pytest.fixture
async def demo(db_session: AsyncSession) -> None:
    """The demo data `alue run` loads, committed inside the test's rolled-back transaction."""
    await load_demo_data(db_session)
    await db_session.commit()


@pytest.fixture
def planner(auth: Callable[..., dict[str, str]]) -> dict[str, str]:
    return auth("planner", areas=["kymppi"])


@pytest.fixture
def viewer(auth: Callable[..., dict[str, str]]) -> dict[str, str]:
    return auth("viewer", areas=["kymppi"])


@pytest.fixture
def admin(auth: Callable[..., dict[str, str]]) -> dict[str, str]:
    return auth("admin")

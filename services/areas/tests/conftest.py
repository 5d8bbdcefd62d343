from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from areas.config import DB_ROLE, MIGRATIONS_DIR, SCHEMA, AreasSettings
from areas.demo import load_demo_data
from areas.main import build_app
from servicekit.testing import migrated_service_url, running_app, test_auth_env


@pytest.fixture(scope="session")
async def app(database_url: str) -> AsyncIterator[FastAPI]:
    url = await migrated_service_url(
        database_url, schema=SCHEMA, role=DB_ROLE, migrations_dir=MIGRATIONS_DIR
    )
    settings = AreasSettings.model_validate({"database_url": url, **test_auth_env()})
    async with running_app(build_app(settings)) as running:
        yield running


@pytest.fixture
async def demo(db_session: AsyncSession) -> None:
    """The demo data `alue run` loads, committed inside the test's rolled-back transaction."""
    await load_demo_data(db_session)
    await db_session.commit()

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fastapi import FastAPI

# The sample service's Alembic env.py imports it by name, as a service's env.py does.
sys.path.insert(0, str(Path(__file__).parent))

from sample_app import MIGRATIONS_DIR, ROLE, SCHEMA, SampleSettings, build_app

from servicekit.testing import migrated_service_url, running_app, test_auth_env


@pytest.fixture(scope="session")
async def service_url(database_url: str) -> str:
    return await migrated_service_url(
        database_url, schema=SCHEMA, role=ROLE, migrations_dir=MIGRATIONS_DIR
    )


@pytest.fixture(scope="session")
async def app(service_url: str) -> AsyncIterator[FastAPI]:
    settings = SampleSettings.model_validate({"database_url": service_url, **test_auth_env()})
    async with running_app(build_app(settings)) as running:
        yield running

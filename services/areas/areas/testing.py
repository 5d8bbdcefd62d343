"""The areas service in process, for other services' tests: the real app that answers their
calls for an area's members, on the test database, with its demo data committed."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from areas.config import DB_ROLE, MIGRATIONS_DIR, SCHEMA, AreasSettings
from areas.demo import load_demo_data
from areas.main import build_app
from servicekit.testing import migrated_service_url, running_app, test_auth_env


@asynccontextmanager
async def areas_in_process(database_url: str) -> AsyncIterator[FastAPI]:
    url = await migrated_service_url(
        database_url, schema=SCHEMA, role=DB_ROLE, migrations_dir=MIGRATIONS_DIR
    )
    settings = AreasSettings.model_validate({"database_url": url, **test_auth_env()})
    async with running_app(build_app(settings)) as running:
        async with running.state.sessionmaker() as session:
            await load_demo_data(session)
            await session.commit()
        yield running

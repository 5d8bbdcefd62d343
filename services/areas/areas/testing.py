"""The areas service in process, for other services' tests: the real app that answers their
calls for an area's members, with its demo data committed, in a database of its own beside
the test database (so the areas service's own tests, which may run in the same worker on
that test database, start from its empty schema)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from areas.config import DB_ROLE, MIGRATIONS_DIR, SCHEMA, AreasSettings
from areas.demo import load_demo_data
from areas.main import build_app
from servicekit.contract import ServedService
from servicekit.db import seeding_session
from servicekit.testing import (
    database_beside,
    migrated_service_url,
    running_app,
    test_auth_env,
)


@asynccontextmanager
async def areas_in_process(database_url: str) -> AsyncIterator[FastAPI]:
    async with database_beside(database_url, "areas") as own_url:
        url = await migrated_service_url(
            own_url, schema=SCHEMA, role=DB_ROLE, migrations_dir=MIGRATIONS_DIR
        )
        settings = AreasSettings.model_validate({"database_url": url, **test_auth_env()})
        async with running_app(build_app(settings)) as running:
            async with seeding_session(running.state.engine) as session:
                await load_demo_data(session)
                await session.commit()
            yield running


# The areas service as the contract tests run it: on its own, or before a service that asks it.
AREAS_SERVED = ServedService(
    name="areas",
    schema=SCHEMA,
    role=DB_ROLE,
    migrations_dir=MIGRATIONS_DIR,
    settings=AreasSettings,
    build_app=build_app,
    load_demo_data=load_demo_data,
)

"""The areas service in process, for other services' tests: the real app that answers their
calls for an area's members, with its demo data committed, in a database of its own beside
the test database (so the areas service's own tests, which may run in the same worker on
that test database, start from its empty schema)."""

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy.engine import make_url

from areas.config import DB_ROLE, MIGRATIONS_DIR, SCHEMA, AreasSettings
from areas.demo import load_demo_data
from areas.main import build_app
from servicekit import provision
from servicekit.contract import ServedService
from servicekit.testing import migrated_service_url, running_app, test_auth_env


@asynccontextmanager
async def areas_in_process(database_url: str) -> AsyncIterator[FastAPI]:
    # Each service's tests start their own (a session fixture per tests folder): one name each.
    database = f"{make_url(database_url).database}_areas_{uuid.uuid4().hex[:8]}"
    await provision.create_database(database_url, database, exist_ok=False)
    own_url = provision.with_database(database_url, database)
    try:
        url = await migrated_service_url(
            own_url, schema=SCHEMA, role=DB_ROLE, migrations_dir=MIGRATIONS_DIR
        )
        settings = AreasSettings.model_validate({"database_url": url, **test_auth_env()})
        async with running_app(build_app(settings)) as running:
            async with running.state.sessionmaker() as session:
                await load_demo_data(session)
                await session.commit()
            yield running
    finally:
        await provision.drop_database(database_url, database)


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

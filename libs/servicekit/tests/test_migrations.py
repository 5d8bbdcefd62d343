import asyncpg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sample_app import ROLE, SCHEMA, Base
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from servicekit import provision
from servicekit.db import async_url
from servicekit.migrations import schema_filter


async def test_version_table_lives_in_the_service_schema(service_url: str) -> None:
    conn = await asyncpg.connect(provision.libpq_url(service_url))
    try:
        tables = await conn.fetch(
            "SELECT table_schema FROM information_schema.tables"
            " WHERE table_name = 'alembic_version'"
        )
        assert [t["table_schema"] for t in tables] == [SCHEMA]
        assert await conn.fetchval(f"SELECT version_num FROM {SCHEMA}.alembic_version") == "s001"
    finally:
        await conn.close()


async def test_migrations_match_the_models(service_url: str) -> None:
    engine = create_async_engine(async_url(service_url))
    try:
        async with engine.connect() as conn:
            diff = await conn.run_sync(
                lambda sync: compare_metadata(
                    MigrationContext.configure(
                        sync,
                        opts={
                            "include_schemas": True,
                            "include_name": schema_filter(SCHEMA, sync.dialect.default_schema_name),
                        },
                    ),
                    Base.metadata,
                )
            )
    finally:
        await engine.dispose()
    assert diff == []


@pytest.mark.parametrize(
    "statement",
    [
        "CREATE TABLE public.intruder (id int)",
        "CREATE SCHEMA another",
        "CREATE TABLE other_schema.t (id int)",
    ],
)
async def test_service_role_may_write_only_its_own_schema(
    service_url: str, database_url: str, statement: str
) -> None:
    await provision.ensure_service_role(database_url, role="alue_sk_other", schema="other_schema")
    conn = await asyncpg.connect(provision.libpq_url(service_url))
    try:
        assert await conn.fetchval("SELECT current_user") == ROLE
        await conn.execute(f"CREATE TABLE {SCHEMA}.allowed (id int)")
        await conn.execute(f"DROP TABLE {SCHEMA}.allowed")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute(statement)
    finally:
        await conn.close()


async def test_provisioning_twice_is_harmless(database_url: str) -> None:
    for _ in range(2):
        await provision.ensure_service_role(database_url, role=ROLE, schema=SCHEMA)
    engine = create_async_engine(async_url(provision.role_url(database_url, ROLE, None)))
    try:
        async with engine.connect() as conn:
            owner = await conn.scalar(
                text("SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = :s"),
                {"s": SCHEMA},
            )
    finally:
        await engine.dispose()
    assert owner == ROLE

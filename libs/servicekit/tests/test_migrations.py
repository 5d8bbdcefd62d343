import asyncpg
import pytest
from fastapi import FastAPI
from sample_app import ROLE, SCHEMA, Base
from sqlalchemy import Column, Integer, MetaData, Table, text
from sqlalchemy.ext.asyncio import create_async_engine

from servicekit import provision
from servicekit.db import async_url
from servicekit.testing import assert_migrations_match


async def test_version_table_lives_in_the_service_schema(service_url: str) -> None:
    conn = await asyncpg.connect(provision.libpq_url(service_url))
    try:
        tables = await conn.fetch(
            "SELECT table_schema FROM information_schema.tables"
            " WHERE table_name = 'alembic_version'"
        )
        assert [t["table_schema"] for t in tables] == [SCHEMA]
        assert await conn.fetchval(f"SELECT version_num FROM {SCHEMA}.alembic_version") == "s002"
    finally:
        await conn.close()


async def test_migrations_match_the_models(app: FastAPI) -> None:
    await assert_migrations_match(app, Base.metadata)


async def test_a_model_the_migrations_lack_is_reported(app: FastAPI) -> None:
    models = MetaData(schema=SCHEMA)
    for table in Base.metadata.tables.values():
        table.to_metadata(models)
    Table("unmigrated", models, Column("id", Integer, primary_key=True))
    with pytest.raises(AssertionError, match="unmigrated"):
        await assert_migrations_match(app, models)


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
    """The owner role, which runs the migrations (the service connects as its runtime role)."""
    await provision.ensure_service_role(database_url, role="alue_sk_other", schema="other_schema")
    owner_url = provision.role_url(database_url, ROLE, None)
    conn = await asyncpg.connect(provision.libpq_url(owner_url))
    try:
        assert await conn.fetchval("SELECT current_user") == ROLE
        await conn.execute(f"CREATE TABLE {SCHEMA}.allowed (id int)")
        await conn.execute(f"DROP TABLE {SCHEMA}.allowed")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute(statement)
    finally:
        await conn.close()


async def test_the_runtime_role_may_not_change_even_its_own_schema(service_url: str) -> None:
    conn = await asyncpg.connect(provision.libpq_url(service_url))
    try:
        assert await conn.fetchval("SELECT current_user") == provision.runtime_role(ROLE)
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute(f"CREATE TABLE {SCHEMA}.allowed (id int)")
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

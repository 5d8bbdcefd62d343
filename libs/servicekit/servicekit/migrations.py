"""Alembic for one service: its own schema, its own version table, only its own objects.

A service's `migrations/env.py` is two lines:

    from servicekit.migrations import run_env
    run_env(Base.metadata)
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from alembic import context
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from servicekit.db import async_url

VERSION_TABLE = "alembic_version"
# Set to True in `Config.attributes` by a caller that autogenerates a revision.
AUTOGENERATE = "autogenerate"


def alembic_config(migrations_dir: Path, url: str, schema: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.set_main_option("sqlalchemy.url", async_url(url).replace("%", "%%"))
    config.attributes["schema"] = schema
    return config


def head_revision(migrations_dir: Path) -> str | None:
    heads = ScriptDirectory.from_config(
        alembic_config(migrations_dir, "postgresql://", "")
    ).get_heads()
    return heads[0] if heads else None


async def current_revision(engine: AsyncEngine, schema: str) -> str | None:
    async with engine.connect() as conn:
        return await conn.run_sync(
            lambda sync: MigrationContext.configure(
                sync, opts={"version_table_schema": schema, "version_table": VERSION_TABLE}
            ).get_current_revision()
        )


def upgrade(migrations_dir: Path, url: str, schema: str, revision: str = "head") -> None:
    """Runs the service's migrations to `revision` (blocking; call from a thread or the CLI)."""
    from alembic import command

    command.upgrade(alembic_config(migrations_dir, url, schema), revision)


def run_env(metadata: MetaData) -> None:
    """The body of a service's env.py."""
    schema = metadata.schema
    if schema is None:
        raise RuntimeError(
            "the service's metadata must name its schema (use servicekit.db.schema_metadata)"
        )
    url = context.config.get_main_option("sqlalchemy.url")
    if context.is_offline_mode():
        context.configure(url=url, **_options(metadata, schema, None))
        with context.begin_transaction():
            context.run_migrations()
        return
    asyncio.run(_run_online(str(url), metadata, schema))


async def _run_online(url: str, metadata: MetaData, schema: str) -> None:
    connect_args: dict[str, Any] = {}
    if context.config.attributes.get(AUTOGENERATE):
        # A service role's search_path is its own schema, and reflection leaves out the schema
        # of whatever is on the search_path: every foreign key would differ from the models and
        # the version table would look like a stray table. Compared from `public`, they match.
        connect_args["server_settings"] = {"search_path": "public"}
    engine = create_async_engine(url, poolclass=NullPool, connect_args=connect_args)
    try:
        async with engine.connect() as conn:
            # Checked first: CREATE SCHEMA IF NOT EXISTS needs the CREATE right on the
            # database even when the schema exists, and a service role does not have it.
            exists = await conn.scalar(
                text("SELECT 1 FROM pg_namespace WHERE nspname = :schema"), {"schema": schema}
            )
            if not exists:
                await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
                await conn.commit()
            await conn.run_sync(_run_sync, metadata, schema)
            await conn.commit()
    finally:
        await engine.dispose()


def _run_sync(connection: Connection, metadata: MetaData, schema: str) -> None:
    default_schema = connection.dialect.default_schema_name
    context.configure(connection=connection, **_options(metadata, schema, default_schema))
    with context.begin_transaction():
        context.run_migrations()


def _options(metadata: MetaData, schema: str, default_schema: str | None) -> dict[str, Any]:
    return {
        "target_metadata": metadata,
        "version_table_schema": schema,
        "version_table": VERSION_TABLE,
        "include_schemas": True,
        "include_name": schema_filter(schema, default_schema),
    }


def schema_filter(schema: str, default_schema: str | None) -> Any:
    """Autogenerate compares only this service's schema (reflected as None when it is the
    connection's default schema, as it is for the service's own role)."""

    def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
        if type_ != "schema":
            return True
        return name == schema or (name is None and default_schema == schema)

    return include_name

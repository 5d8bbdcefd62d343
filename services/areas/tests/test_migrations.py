"""The migrations build what the models describe (so autogenerate starts from a clean slate)."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from areas.config import SCHEMA
from areas.models import Base
from servicekit.migrations import schema_filter


async def test_migrations_match_the_models(app: FastAPI) -> None:
    # Compared from `public`, as `alue revision` does: on the role's own search_path,
    # reflection would leave the schema out of every foreign key.
    engine = create_async_engine(
        app.state.engine.url,
        poolclass=NullPool,
        connect_args={"server_settings": {"search_path": "public"}},
    )
    try:
        async with engine.connect() as conn:
            diff = await conn.run_sync(
                lambda sync: compare_metadata(
                    MigrationContext.configure(
                        sync,
                        opts={
                            "include_schemas": True,
                            "version_table_schema": SCHEMA,
                            "include_name": schema_filter(SCHEMA, "public"),
                        },
                    ),
                    Base.metadata,
                )
            )
    finally:
        await engine.dispose()
    assert diff == []

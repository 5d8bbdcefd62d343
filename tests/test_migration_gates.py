"""The migration gate, for every service in the registry (so a new service is covered by
adding it there): one head; upgrade from empty, downgrade to base and upgrade again; the
models matching the migrated database; and no row lost by an upgrade over the demo data.

Each service is migrated as `alue migrate` migrates it (`alue.database`), on a database of
its own; rows are counted as the admin, which sees every row of every table.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import anyio
import asyncpg
import pytest
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from alue.database import load_demo_data, provision_services, service_config
from alue.registry import SERVICES, ServiceSpec
from servicekit import provision
from servicekit.migrations import AUTOGENERATE, VERSION_TABLE, alembic_config

pytestmark = pytest.mark.parametrize("spec", SERVICES, ids=[spec.name for spec in SERVICES])


@dataclass(frozen=True)
class Schema:
    spec: ServiceSpec
    admin_url: str  # the admin on the gate's own database
    service_url: str  # the service's owner role, as `alue migrate` runs the migrations
    runtime_url: str  # the role the service connects as, as `alue seed` loads the demo
    migrations_dir: Path

    def revisions(self) -> list[str]:
        """Every revision, oldest first (one line: the single-head test says so)."""
        script = ScriptDirectory(str(self.migrations_dir))
        return [r.revision for r in reversed(list(script.walk_revisions("base", "heads")))]

    async def upgrade(self, revision: str = "head") -> None:
        await anyio.to_thread.run_sync(command.upgrade, self._config(), revision)

    async def downgrade(self, revision: str) -> None:
        await anyio.to_thread.run_sync(command.downgrade, self._config(), revision)

    async def check_models_match(self) -> None:
        """Alembic's own check: autogenerate against the migrated schema finds nothing."""
        config = self._config()
        config.attributes[AUTOGENERATE] = True
        await anyio.to_thread.run_sync(command.check, config)

    def _config(self) -> Config:
        return alembic_config(self.migrations_dir, self.service_url, self.spec.schema)

    async def row_counts(self) -> dict[str, int]:
        """Rows in each table of the schema but the version table."""
        conn = await asyncpg.connect(provision.libpq_url(self.admin_url))
        try:
            tables = await conn.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename <> $2",
                self.spec.schema,
                VERSION_TABLE,
            )
            return {
                t["tablename"]: await conn.fetchval(
                    f'SELECT count(*) FROM "{self.spec.schema}"."{t["tablename"]}"'
                )
                for t in tables
            }
        finally:
            await conn.close()

    async def objects(self) -> list[str]:
        """What the schema holds besides the version table: relations, functions, types."""
        conn = await asyncpg.connect(provision.libpq_url(self.admin_url))
        try:
            rows = await conn.fetch(
                """SELECT c.relname AS name FROM pg_class c
                       JOIN pg_namespace n ON n.oid = c.relnamespace
                       WHERE n.nspname = $1 AND c.relname NOT LIKE $2 || '%'
                   UNION ALL SELECT p.proname FROM pg_proc p
                       JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1
                   UNION ALL SELECT t.typname FROM pg_type t
                       JOIN pg_namespace n ON n.oid = t.typnamespace
                       WHERE n.nspname = $1 AND t.typrelid = 0 AND t.typelem = 0""",
                self.spec.schema,
                VERSION_TABLE,
            )
            return sorted(r["name"] for r in rows)
        finally:
            await conn.close()


@pytest.fixture
async def schema(postgres_admin_url: str, spec: ServiceSpec) -> AsyncIterator[Schema]:
    name = f"alue_migrations_{spec.name}_{uuid.uuid4().hex[:8]}"
    await provision.create_database(postgres_admin_url, name, exist_ok=False)
    admin_url = provision.with_database(postgres_admin_url, name)
    try:
        urls = await provision_services(admin_url, (spec,))
        urls_of = urls[spec.name]
        yield Schema(
            spec, admin_url, urls_of.owner, urls_of.runtime, service_config(spec).MIGRATIONS_DIR
        )
    finally:
        await provision.drop_database(postgres_admin_url, name)


def test_the_migrations_have_one_head(spec: ServiceSpec) -> None:
    script = ScriptDirectory(str(service_config(spec).MIGRATIONS_DIR))
    assert len(script.get_heads()) == 1, script.get_heads()


async def test_upgrade_from_empty_downgrade_to_base_and_upgrade_again(schema: Schema) -> None:
    await schema.upgrade()
    assert await schema.row_counts(), "head has no table"
    await schema.check_models_match()

    await schema.downgrade("base")
    assert await schema.objects() == [], "the downgrade to base left these behind"

    await schema.upgrade()
    await schema.check_models_match()


async def test_no_upgrade_over_the_demo_data_loses_a_row(schema: Schema) -> None:
    # Loaded at head (the demo loader writes through today's models), then taken down to each
    # earlier revision in turn and brought back: every row there before an upgrade is there
    # after it. A downgrade may drop what its revision added; an upgrade must keep all else.
    await schema.upgrade()
    await load_demo_data({schema.spec.name: schema.runtime_url}, (schema.spec,))
    loaded = await schema.row_counts()
    assert sum(loaded.values()) > 0, "the demo data filled no table"
    *earlier, head = schema.revisions()
    for revision in reversed(earlier):
        await schema.downgrade(revision)
        before = await schema.row_counts()
        await schema.upgrade()
        after = await schema.row_counts()
        lost = {t: (n, after.get(t)) for t, n in before.items() if after.get(t) != n}
        assert lost == {}, f"upgrading {revision} -> {head}: table (rows before, after): {lost}"

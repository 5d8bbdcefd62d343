"""`alue backup` and `alue restore` of the running demo system, as a person runs them.

The demo system (with a plan version published through the gateway) is backed up, the
archive restored into an empty database on the same server, and every table of every
service's schema compared: its row count and a checksum of its rows, its owner and
grants, and every published plan's SHA-256.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url

from alue.backups import BackupError, client_tools, tools_for
from alue.registry import SERVICES
from alue.system import System
from servicekit import provision

Bearer = Callable[..., dict[str, str]]
SCHEMAS = [spec.schema for spec in SERVICES]


def alue(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).parent / "alue"), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)


def database_of(system: System) -> str:
    areas = next(spec for spec in SERVICES if spec.name == "areas")
    name = make_url(system.services["areas"].env[f"{areas.env_prefix}DATABASE_URL"]).database
    assert name is not None
    return name


@pytest.fixture
async def restored(postgres_admin_url: str) -> AsyncIterator[str]:
    name = f"alue_restored_{uuid.uuid4().hex[:8]}"
    yield name
    await provision.drop_database(postgres_admin_url, name)


async def fingerprint(url: str) -> dict[str, Any]:
    """Per table: rows, an MD5 of its rows in a fixed order, owner and grants; per schema:
    owner and grants."""
    conn = await asyncpg.connect(provision.libpq_url(url))
    try:
        tables = await conn.fetch(
            "SELECT n.nspname, c.relname, pg_get_userbyid(c.relowner) AS owner,"
            " coalesce(c.relacl::text, '') AS acl, c.relkind::text AS relkind"
            " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p', 'v', 'm', 'S')"
            " ORDER BY 1, 2",
            SCHEMAS,
        )
        found: dict[str, Any] = {}
        for table in tables:
            name = f'"{table["nspname"]}"."{table["relname"]}"'
            key = f"{table['nspname']}.{table['relname']}"
            entry: dict[str, Any] = {"owner": table["owner"], "acl": table["acl"]}
            if table["relkind"] in ("r", "p"):
                entry["rows"], entry["md5"] = await conn.fetchrow(
                    f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n'"
                    f" ORDER BY t::text), '')) FROM {name} t"
                )
            found[key] = entry
        for schema in await conn.fetch(
            "SELECT nspname, pg_get_userbyid(nspowner) AS owner, coalesce(nspacl::text, '')"
            " AS acl FROM pg_namespace WHERE nspname = ANY($1::text[])",
            SCHEMAS,
        ):
            found[f"schema {schema['nspname']}"] = {"owner": schema["owner"], "acl": schema["acl"]}
    finally:
        await conn.close()
    return found


async def published(url: str) -> list[tuple[Any, ...]]:
    """Every snapshot: its plan, version, stored SHA-256 and that of its document now."""
    conn = await asyncpg.connect(provision.libpq_url(url))
    try:
        rows = await conn.fetch(
            "SELECT plan_id::text, version, sha256,"
            " encode(sha256(convert_to(canonical_document, 'UTF8')), 'hex') AS actual"
            " FROM areas.plan_snapshot ORDER BY 1, 2"
        )
    finally:
        await conn.close()
    return [tuple(row.values()) for row in rows]


def publish(system: System, headers: dict[str, str], year: int) -> dict[str, Any]:
    body: dict[str, Any] = {"year": year}
    keyed = {**headers, "Idempotency-Key": uuid.uuid4().hex}
    with httpx.Client(base_url=system.gateway_url, timeout=60) as http:
        response = http.post("/v1/plans/kymppi/publish", json=body, headers=keyed)
        if response.status_code == 409 and "plan-incomplete" in response.text:
            body |= {"force": True, "reason": "Varmuuskopiotesti"}
            response = http.post("/v1/plans/kymppi/publish", json=body, headers=keyed)
    assert response.status_code == 201, response.text
    published_version: dict[str, Any] = response.json()
    return published_version


@pytest.mark.system
async def test_a_backup_of_the_demo_system_restores_every_row_grant_and_published_plan(
    system: System,
    bearer: Bearer,
    postgres_admin_url: str,
    restored: str,
    tmp_path: Path,
) -> None:
    publish(system, bearer("planner", areas=["kymppi"]), 2025)
    source = database_of(system)
    env = {**os.environ, "DATABASE_URL": postgres_admin_url, "ALUE_STATE_DIR": str(tmp_path)}
    archive = tmp_path / "alue.dump"

    backed_up = alue(env, "backup", str(archive), "--database", source, "--json")
    assert backed_up.returncode == 0, backed_up.stderr
    assert json.loads(backed_up.stdout)["schemas"] == SCHEMAS
    assert "table areas.plan_snapshot" in backed_up.stderr  # progress, beside the JSON

    done = alue(env, "restore", str(archive), "--database", restored, "--json")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["ok"] is True

    source_url = provision.with_database(postgres_admin_url, source)
    restored_url = provision.with_database(postgres_admin_url, restored)
    before, after = await fingerprint(source_url), await fingerprint(restored_url)
    assert after == before
    tables = {key: entry["rows"] for key, entry in before.items() if "rows" in entry}
    assert answer["tables"] == tables
    assert {key.split(".")[0] for key in tables} == set(SCHEMAS)
    assert sum(tables.values()) > 1000  # the demo's figures, not empty tables
    snapshots = await published(restored_url)
    assert snapshots == await published(source_url)
    assert snapshots
    assert all(stored == actual for *_, stored, actual in snapshots)

    # Each service connects to the restored database as it does to its own.
    for spec in SERVICES:
        own = make_url(system.services[spec.name].env[f"{spec.env_prefix}DATABASE_URL"])
        there = own.set(database=restored).render_as_string(hide_password=False)
        conn = await asyncpg.connect(provision.libpq_url(there))
        try:
            assert await conn.fetchval(f"SELECT count(*) FROM {spec.schema}.alembic_version") == 1
        finally:
            await conn.close()

    again = alue(env, "restore", str(archive), "--database", restored)
    assert again.returncode == 1
    (reason,) = again.stderr.strip().splitlines()
    assert reason.startswith("Error: database")
    assert "already holds tables" in reason


def test_a_file_that_is_no_backup_is_refused_in_one_line(tmp_path: Path) -> None:
    junk = tmp_path / "junk.dump"
    junk.write_text("not an archive")
    env = {**os.environ, "ALUE_STATE_DIR": str(tmp_path)}
    refused = alue(env, "restore", str(junk), "--database", "alue_never_created", "--json")
    assert refused.returncode == 1
    assert json.loads(refused.stdout) == {"ok": False, "error": refused.stderr[7:].strip()}
    assert "is not a backup pg_restore can read" in refused.stderr


@pytest.mark.parametrize("name", ["pg_dump", "pg_restore"])
def test_the_tools_of_the_servers_major_version_are_chosen(name: str) -> None:
    found = client_tools(name)
    assert found, f"no {name} at all"
    for tool in found:
        assert tools_for(name, tool.major)[0].major == tool.major
    oldest = min(tool.major for tool in found)
    assert all(t.major >= oldest for t in tools_for(name, oldest))
    with pytest.raises(BackupError, match="ALUE_PG_BIN"):
        tools_for(name, max(tool.major for tool in found) + 1)

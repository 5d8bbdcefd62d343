"""A pytest plugin for service tests on a real PostgreSQL.

- `DATABASE_URL` if set, otherwise an embedded server (pgserver) started once per run;
- a fresh database per run and per xdist worker, dropped at the end;
- each service's real migrations run once, as the service's owner role, and the app
  connects as its runtime role (servicekit.provision), under row-level security;
- each test inside a transaction that is rolled back;
- an in-process `httpx.AsyncClient` over `ASGITransport`, and a token factory.

A service's `tests/conftest.py` provides an `app` fixture built with `running_app`.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping
from contextlib import asynccontextmanager, nullcontext
from pathlib import Path
from typing import Any

import anyio
import asyncpg
import httpx
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from fastapi import FastAPI
from sqlalchemy import MetaData, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import NullPool

from servicekit import provision
from servicekit.audit import TRIGGER as AUDIT_TRIGGER
from servicekit.auth import mint_token
from servicekit.context import ALL_AREAS, DatabaseScope
from servicekit.db import SCOPE_INFO, Reads, ScopedSession
from servicekit.embedded import start_embedded
from servicekit.generation import UNTRACKED, AnswerCache
from servicekit.migrations import VERSION_TABLE, schema_filter, upgrade
from servicekit.peers import Peers
from servicekit.provision import AUDIT_TABLE
from servicekit.settings import AuthSettings
from servicekit.statement_audit import STATEMENT_TRIGGERS, UNAUDITED

TEST_JWT_SECRET = "test-secret-for-alue-test-suites-only-0123456789"

TokenFactory = Callable[..., str]


def test_auth_env() -> dict[str, str]:
    """Environment for settings objects under test: a fixed secret, not dev mode."""
    return {"ALUE_JWT_SECRET": TEST_JWT_SECRET, "ALUE_DEV_MODE": "false"}


test_auth_env.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test


# Each service's connection pool in the tests and in the systems they start (the processes
# inherit the environment): two workers' running systems, their services in process and the
# gates' must fit together in a server's default max_connections (100), the machine's
# PostgreSQL on DATABASE_URL as well as the embedded one. A test may still set its own.
TEST_DB_POOL_SIZE = "4"
# And each statement's bound: 2 s answers a frozen database in production, but a demo load
# or a bulk write of a test may take longer on a machine the suite itself keeps busy. The
# tests of the bound set their own (servicekit's test_unavailable, the fault tests).
TEST_DB_TIMEOUT_SECONDS = "15"


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("ALUE_DB_POOL_SIZE", TEST_DB_POOL_SIZE)
    os.environ.setdefault("ALUE_DB_TIMEOUT_SECONDS", TEST_DB_TIMEOUT_SECONDS)


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """An admin URL: the given DATABASE_URL, or an embedded server shared by all workers."""
    given = os.environ.get("DATABASE_URL")
    if given:
        yield given
        return
    # One server for every run and worker of this user, outside pytest's temp folders: pytest
    # deletes all but its three newest, which would stop a server another run still uses.
    # Each run gets databases of its own; pgserver stops the server when its last user exits.
    shared = Path(tempfile.gettempdir()) / f"alue-test-pgdata-{os.getuid()}"
    url, server = start_embedded(shared)
    yield url
    server.cleanup()


@pytest.fixture(scope="session")
async def database_url(postgres_admin_url: str) -> AsyncIterator[str]:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"alue_test_{worker}_{uuid.uuid4().hex[:8]}"
    await provision.create_database(postgres_admin_url, name, exist_ok=False)
    url = provision.with_database(postgres_admin_url, name)
    yield url
    await provision.drop_database(postgres_admin_url, name)


@asynccontextmanager
async def database_beside(database_url: str, label: str) -> AsyncIterator[str]:
    """A fresh database next to the test database, dropped after: for another service a
    test runs in process, whose committed data must not meet this worker's other tests."""
    name = f"{make_url(database_url).database}_{label}_{uuid.uuid4().hex[:8]}"
    await provision.create_database(database_url, name, exist_ok=False)
    try:
        yield provision.with_database(database_url, name)
    finally:
        await provision.drop_database(database_url, name)


async def migrated_service_url(
    database_url: str, *, schema: str, role: str, migrations_dir: Path
) -> str:
    """Provisions the service's roles and schema, migrates to head as the owner `role`, and
    returns the URL of its runtime role, as the service connects in production."""
    await provision.ensure_service_role(database_url, role=role, schema=schema)
    runtime = await provision.ensure_runtime_role(database_url, owner=role, schema=schema)
    owner_url = provision.role_url(database_url, role, None)
    await anyio.to_thread.run_sync(upgrade, migrations_dir, owner_url, schema)
    return provision.role_url(database_url, runtime, None)


async def assert_migrations_match(app: FastAPI, metadata: MetaData) -> None:
    """The migrated schema holds exactly what the models describe, so the next autogenerated
    revision starts from a clean slate. Call it from a service's test with its running app."""
    schema = metadata.schema
    assert schema is not None, "the service's metadata must name its schema"
    # Compared from `public`, as `alue revision` does: on the role's own search_path,
    # reflection would leave the schema out of every foreign key.
    engine = create_async_engine(
        app.state.engine.url,
        poolclass=NullPool,
        connect_args={"server_settings": {"search_path": "public"}},
    )
    opts = {
        "include_schemas": True,
        "version_table_schema": schema,
        "version_table": VERSION_TABLE,
        "include_name": schema_filter(schema, "public"),
    }
    try:
        async with engine.connect() as conn:
            diff = await conn.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync, opts=opts), metadata)
            )
    finally:
        await engine.dispose()
    assert diff == [], f"the migrations and the models differ: {diff}"


async def assert_changes_tracked(app: FastAPI) -> None:
    """Every table of the service's schema advances its data generation when written
    (servicekit.generation): a table a migration added without `track_changes` fails here."""
    table = app.state.generation_table
    async with app.state.engine.connect() as conn:
        untracked = (
            await conn.execute(
                text(
                    """SELECT t.tablename FROM pg_tables t WHERE t.schemaname = :schema
                    AND t.tablename <> ALL(:untracked) AND NOT EXISTS (
                        SELECT 1 FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
                        JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname = t.schemaname AND c.relname = t.tablename
                        AND g.tgname = 'data_generation')"""
                ),
                {"schema": table.schema, "untracked": sorted(UNTRACKED)},
            )
        ).all()
    assert untracked == [], f"tables whose writes do not advance the generation: {untracked}"


async def assert_commits_advance_generation(app: FastAPI, *, write: str, undo: str) -> None:
    """`write`, committed on a plain asyncpg connection of the service's role (no servicekit
    in it, as `psql` or another process writes), advances `GET /v1/generation` by one when
    it commits and not before; `undo`, the write taken back and committed, by one more.

    What the gateway's kept plans rely on (servicekit.generation): the first ask after a
    commit sees the next number. Both run outside the test's rolled-back transaction, so
    `undo` must leave the data as it found it.
    """
    url = provision.libpq_url(app.state.engine.url.render_as_string(hide_password=False))
    # Another process writing area data sets its area as the services do (servicekit.tenancy).
    writer = await asyncpg.connect(url, server_settings={"alue.area": ALL_AREAS})
    try:
        before = await _told_generation(app)
        try:
            async with writer.transaction():
                await writer.execute(write)
                assert await _told_generation(app) == before, "moved before the commit"
            assert await _told_generation(app) == before + 1, "one commit, one step"
        finally:
            await writer.execute(undo)
        assert await _told_generation(app) == before + 2, "the undo is a write too"
    finally:
        await writer.close()


async def _told_generation(app: FastAPI) -> int:
    settings: AuthSettings = app.state.settings
    bearer = mint_token(settings, sub="generation-test", roles=["viewer"])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        response = await http.get("/v1/generation", headers={"Authorization": f"Bearer {bearer}"})
    assert response.status_code == 200, response.text
    generation: int = response.json()["generation"]
    return generation


@asynccontextmanager
async def running_app(app: FastAPI) -> AsyncIterator[FastAPI]:
    """Runs the app's lifespan (ASGITransport does not) around the tests that use it."""
    async with app.router.lifespan_context(app):
        yield app


@asynccontextmanager
async def peers_in_process(app: FastAPI, peers: Mapping[str, FastAPI]) -> AsyncIterator[None]:
    """The running `app` asks the other services' real apps in process (`httpx.ASGITransport`)
    instead of over the network, for as long as the context lasts."""
    original: Peers = app.state.peers
    app.state.peers = Peers(
        {name: f"http://{name}.test" for name in peers},
        timeout=original.timeout,
        transports={name: httpx.ASGITransport(app=peer) for name, peer in peers.items()},
    )
    try:
        yield
    finally:
        await app.state.peers.aclose()
        app.state.peers = original


@pytest.fixture
async def db_connection(app: FastAPI) -> AsyncIterator[AsyncConnection]:
    """The test's connection; everything the test and the app write is rolled back after it."""
    original = app.state.sessionmaker, app.state.read_sessionmaker, app.state.reads
    async with app.state.engine.connect() as conn:
        transaction = await conn.begin()
        if getattr(app.state, "generation_table", None) is not None:
            # The test never commits, so the data generation (servicekit.generation) moves
            # at each writing statement instead; and no answer of another test is kept.
            schema = app.state.generation_table.schema
            await conn.execute(text(f"SET CONSTRAINTS {schema}.data_generation IMMEDIATE"))
            app.state.answer_cache = AnswerCache()
        # Reads too, so that they see what the test wrote in its transaction.
        # The test's own statements see and write every area (servicekit.tenancy); a
        # request sets its own scope, and the `client` fixture gives this one back after it.
        await conn.execute(text(_TEST_SCOPE))
        app.state.sessionmaker = app.state.read_sessionmaker = async_sessionmaker(
            bind=conn,
            expire_on_commit=False,
            join_transaction_mode="create_savepoint",
            sync_session_class=ScopedSession,
        )
        app.state.reads = Reads(lambda: nullcontext(conn), conn.dialect)
        try:
            yield conn
        finally:
            app.state.sessionmaker, app.state.read_sessionmaker, app.state.reads = original
            if transaction.is_active:
                await transaction.rollback()


# What the test itself (not a request) asks as: every area, as the tests' own writer.
TEST_SCOPE = DatabaseScope(area=ALL_AREAS, sub="test")
_TEST_SCOPE = (
    f"SELECT set_config('alue.area', '{TEST_SCOPE.area}', true), "
    f"set_config('alue.sub', '{TEST_SCOPE.sub}', true), set_config('alue.request_id', '', true)"
)


@pytest.fixture
async def db_session(db_connection: AsyncConnection, app: FastAPI) -> AsyncIterator[AsyncSession]:
    async with app.state.sessionmaker(info={SCOPE_INFO: TEST_SCOPE}) as session:
        yield session


@pytest.fixture
async def client(app: FastAPI, db_connection: AsyncConnection) -> AsyncIterator[httpx.AsyncClient]:
    async def test_scope_again(response: httpx.Response) -> None:
        # A request's area setting is local to the test's one transaction: take it back.
        if db_connection.in_transaction():
            await db_connection.execute(text(_TEST_SCOPE))

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(
        transport=transport,
        base_url="http://testserver",
        event_hooks={"response": [test_scope_again]},
    ) as http:
        yield http


@pytest.fixture
def make_token(app: FastAPI) -> TokenFactory:
    """`make_token("planner", areas=["kymppi"])`: a token the app under test accepts."""
    settings: AuthSettings = app.state.settings

    def factory(
        *roles: str, areas: Iterable[str] = (), sub: str = "tester", ttl: int = 600, **_: Any
    ) -> str:
        return mint_token(settings, sub=sub, roles=roles, areas=areas, ttl_seconds=ttl)

    return factory


@pytest.fixture
def auth(make_token: TokenFactory) -> Callable[..., dict[str, str]]:
    """`auth("admin")`: an Authorization header for the given roles."""

    def headers(*roles: str, areas: Iterable[str] = (), sub: str = "tester") -> dict[str, str]:
        return {"Authorization": f"Bearer {make_token(*roles, areas=areas, sub=sub)}"}

    return headers


async def assert_area_tables_secured(app: FastAPI) -> None:
    """Every table of the service's schema that holds area data is under row-level security
    (servicekit.tenancy) and records its writes in the audit trail (servicekit.audit): a
    table with an `area_id` column, or referring to such a table, fails here while a
    migration left it out. And the role the service connects as owns nothing and does not
    bypass row-level security."""
    schema = app.state.audit_table.schema
    async with app.state.engine.connect() as conn:
        role = (
            await conn.execute(
                text(
                    """SELECT rolsuper, rolbypassrls, (SELECT count(*) FROM pg_class c
                    WHERE c.relowner = r.oid) AS owned, (SELECT count(*) FROM pg_namespace n
                    WHERE n.nspowner = r.oid) AS schemas
                    FROM pg_roles r WHERE rolname = current_user"""
                )
            )
        ).one()
        assert (role.rolsuper, role.rolbypassrls) == (False, False), "the role bypasses RLS"
        assert (role.owned, role.schemas) == (0, 0), "the service's own role owns objects"
        unsecured = (
            await conn.execute(
                text(
                    """WITH RECURSIVE area_tables(oid) AS (
                        SELECT c.oid FROM pg_class c
                        JOIN pg_namespace n ON n.oid = c.relnamespace
                        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'area_id'
                        WHERE n.nspname = :schema AND c.relkind = 'r'
                        AND c.relname <> :audit
                      UNION
                        SELECT k.conrelid FROM pg_constraint k
                        JOIN area_tables t ON k.confrelid = t.oid WHERE k.contype = 'f'
                    )
                    SELECT c.relname FROM pg_class c JOIN area_tables t ON t.oid = c.oid
                    WHERE NOT (c.relrowsecurity AND c.relforcerowsecurity)
                    OR NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid)
                    OR NOT EXISTS (SELECT 1 FROM pg_trigger g
                                   WHERE g.tgrelid = c.oid AND g.tgname = :trigger)
                    ORDER BY 1"""
                ),
                {"schema": schema, "audit": AUDIT_TABLE, "trigger": AUDIT_TRIGGER},
            )
        ).all()
    assert unsecured == [], f"area tables without row security or audit: {unsecured}"


async def assert_every_table_audited(app: FastAPI) -> None:
    """Every table of the service's schema records its writes in the audit trail: an area's
    table with its row trigger (servicekit.audit), any other with the three statement
    triggers (servicekit.statement_audit). A table a migration added without either fails
    here unless `UNAUDITED` names it, with its reason."""
    schema = app.state.audit_table.schema
    async with app.state.engine.connect() as conn:
        unaudited = (
            await conn.execute(
                text(
                    """SELECT t.tablename FROM pg_tables t
                    JOIN pg_class c ON c.relname = t.tablename
                    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = t.schemaname
                    WHERE t.schemaname = :schema AND t.tablename <> ALL(:unaudited)
                    AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid
                        AND g.tgname = :row_trigger AND g.tgenabled <> 'D')
                    AND (SELECT count(*) FROM pg_trigger g WHERE g.tgrelid = c.oid
                        AND g.tgname = ANY(:statement_triggers) AND g.tgenabled <> 'D'
                        AND (g.tgnewtable IS NOT NULL OR g.tgoldtable IS NOT NULL)) < 3
                    ORDER BY 1"""
                ),
                {
                    "schema": schema,
                    "unaudited": sorted(UNAUDITED),
                    "row_trigger": AUDIT_TRIGGER,
                    "statement_triggers": list(STATEMENT_TRIGGERS),
                },
            )
        ).all()
    assert unaudited == [], f"tables whose writes are not audited: {unaudited}"


async def assert_area_rows_hidden(
    conn: AsyncConnection, table: str, *, area_id: str, area_column: str = "area_id"
) -> None:
    """On the test's connection (the service's runtime role) with data of `area_id` in
    `table`: without `alue.area` a query returns no row, with another area none of this
    area's, and with this area its rows. The test's own scope is set again after."""
    count = text(f"SELECT count(*) FROM {table}")
    own = text(f"SELECT count(*) FROM {table} WHERE {area_column} = :area")
    scope = text("SELECT set_config('alue.area', :area, true)")
    try:
        assert await conn.scalar(own, {"area": area_id}), f"no {area_id} rows in {table} to hide"
        for hidden in ("", "another-area"):
            await conn.execute(scope, {"area": hidden})
            if hidden == "":
                assert await conn.scalar(count) == 0, f"{table} shows rows without an area"
            assert await conn.scalar(own, {"area": area_id}) == 0, f"{table} shows {area_id}"
        await conn.execute(scope, {"area": f"another-area,{area_id}"})
        assert await conn.scalar(own, {"area": area_id}), f"{table} hides {area_id} from it"
    finally:
        await conn.execute(text(_TEST_SCOPE))


async def assert_audit_append_only(conn: AsyncConnection) -> None:
    """The service's role may add to the audit trail but neither change nor delete it."""
    table = f"{AUDIT_TABLE}"
    for statement in (f"UPDATE {table} SET sub = 'forged'", f"DELETE FROM {table}"):
        with pytest.raises(DBAPIError, match="permission denied"):
            async with conn.begin_nested():
                await conn.execute(text(statement))


async def assert_write_audited(
    client: httpx.AsyncClient,
    auth: Callable[..., dict[str, str]],
    *,
    area_id: str,
    resource: str,
    write: Callable[[dict[str, str]], Any],
) -> list[dict[str, Any]]:
    """`write(headers)` (requests through the API as a planner of `area_id`) is in the audit
    trail (servicekit.audit): each entry with the writer's `sub`, the request's id, the area
    and the row after it; the area's planners and admins read it, a planner of another area
    sees none of it and a viewer gets 403. Returns the entries, for the test to look into."""
    sub, request_id = f"audit-{area_id}", f"audit-{uuid.uuid4().hex}"
    planner = auth("planner", areas=[area_id], sub=sub)
    await write({**planner, "X-Request-ID": request_id})
    query: dict[str, str | int] = {"resource": resource, "limit": 500}
    entries = []
    for reader in (planner, auth("admin")):
        trail = await client.get("/v1/audit", params=query, headers=reader)
        assert trail.status_code == 200, trail.text
        entries = [e for e in trail.json()["items"] if e["request_id"] == request_id]
        assert entries, f"no audit entry of the write in {trail.json()}"
    for entry in entries:
        assert (entry["sub"], entry["area_id"], entry["resource"]) == (sub, area_id, resource)
        assert entry["after"] is not None or entry["operation"] == "DELETE", entry
    elsewhere = await client.get("/v1/audit", params=query, headers=auth("planner", areas=["x"]))
    assert elsewhere.status_code == 200, elsewhere.text
    assert [e for e in elsewhere.json()["items"] if e["area_id"] == area_id] == []
    viewer = await client.get("/v1/audit", headers=auth("viewer", areas=[area_id]))
    assert viewer.status_code == 403, viewer.text
    assert viewer.headers["content-type"] == "application/problem+json"
    return entries


async def assert_reference_write_audited(
    client: httpx.AsyncClient,
    auth: Callable[..., dict[str, str]],
    *,
    resource: str,
    write: Callable[[dict[str, str]], Any],
    roles: Iterable[str] = ("admin",),
) -> list[dict[str, Any]]:
    """`write(headers)` (requests through the API with `roles`) to a table of no area is in
    the audit trail (servicekit.statement_audit): each entry with the writer's `sub`, the
    request's id and no area. Admins read it; planners (the writer too, if one) see none of
    it, and viewers and reviewers get 403. Returns the entries, for the test to look into."""
    sub, request_id = "audit-reference", f"audit-{uuid.uuid4().hex}"
    writer = auth(*roles, areas=["kymppi"], sub=sub)
    await write({**writer, "X-Request-ID": request_id})
    query: dict[str, str | int] = {"resource": resource, "limit": 500}
    trail = await client.get("/v1/audit", params=query, headers=auth("admin"))
    assert trail.status_code == 200, trail.text
    entries = [e for e in trail.json()["items"] if e["request_id"] == request_id]
    assert entries, f"no audit entry of the write in {trail.json()}"
    for entry in entries:
        assert (entry["sub"], entry["area_id"], entry["resource"]) == (sub, None, resource)
        assert entry["after"] is not None or entry["operation"] == "DELETE", entry
    planners = [auth("planner", areas=["kymppi"]), *([writer] if "planner" in roles else [])]
    for planner in planners:
        seen = await client.get("/v1/audit", params=query, headers=planner)
        assert seen.status_code == 200, seen.text
        assert [e for e in seen.json()["items"] if e["area_id"] is None] == []
    for role in ("viewer", "reviewer"):
        refused = await client.get("/v1/audit", headers=auth(role, areas=["kymppi"]))
        assert refused.status_code == 403, refused.text
    return entries


async def assert_reference_entries_hidden(conn: AsyncConnection) -> None:
    """On the test's connection, with entries of no area in the audit trail: a transaction
    scoped to every area (admins) reads them, one scoped to listed areas (a planner's) or to
    none reads none of them (servicekit.statement_audit)."""
    count = text(f"SELECT count(*) FROM {AUDIT_TABLE} WHERE area_id IS NULL")
    scope = text("SELECT set_config('alue.area', :area, true)")
    try:
        await conn.execute(scope, {"area": ALL_AREAS})
        assert await conn.scalar(count), "no entry of no area to hide"
        for hidden in ("", "kymppi", "kymppi,suupohja"):
            await conn.execute(scope, {"area": hidden})
            assert await conn.scalar(count) == 0, f"entries of no area shown to {hidden!r}"
    finally:
        await conn.execute(text(_TEST_SCOPE))


async def scope_every_area(connection: AsyncConnection) -> None:
    """A test's own transaction on the app's engine (a clean-up after committed requests)
    sees and writes every area's rows, as the tests' fixtures do (servicekit.tenancy)."""
    await connection.execute(text(_TEST_SCOPE))

"""A pytest plugin for service tests on a real PostgreSQL.

- `DATABASE_URL` if set, otherwise an embedded server (pgserver) started once per run;
- a fresh database per run and per xdist worker, dropped at the end;
- each service's real migrations run once, as the service's own role;
- each test inside a transaction that is rolled back;
- an in-process `httpx.AsyncClient` over `ASGITransport`, and a token factory.

A service's `tests/conftest.py` provides an `app` fixture built with `running_app`.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from servicekit import provision
from servicekit.auth import mint_token
from servicekit.embedded import start_embedded
from servicekit.migrations import upgrade
from servicekit.settings import AuthSettings

TEST_JWT_SECRET = "test-secret-for-alue-test-suites-only-0123456789"

TokenFactory = Callable[..., str]


def test_auth_env() -> dict[str, str]:
    """Environment for settings objects under test: a fixed secret, not dev mode."""
    return {"ALUE_JWT_SECRET": TEST_JWT_SECRET, "ALUE_DEV_MODE": "false"}


test_auth_env.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test


@pytest.fixture(scope="session")
def postgres_admin_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An admin URL: the given DATABASE_URL, or an embedded server shared by all workers."""
    given = os.environ.get("DATABASE_URL")
    if given:
        yield given
        return
    # The base temp dir's parent is shared by xdist workers, so they share one server.
    shared = tmp_path_factory.getbasetemp().parent
    url, server = start_embedded(shared / "pgdata")
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


async def migrated_service_url(
    database_url: str, *, schema: str, role: str, migrations_dir: Path
) -> str:
    """Provisions the service's role and schema, migrates to head, returns the role's URL."""
    await provision.ensure_service_role(database_url, role=role, schema=schema)
    url = provision.role_url(database_url, role, None)
    await anyio.to_thread.run_sync(upgrade, migrations_dir, url, schema)
    return url


@asynccontextmanager
async def running_app(app: FastAPI) -> AsyncIterator[FastAPI]:
    """Runs the app's lifespan (ASGITransport does not) around the tests that use it."""
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def db_connection(app: FastAPI) -> AsyncIterator[AsyncConnection]:
    """The test's connection; everything the test and the app write is rolled back after it."""
    original = app.state.sessionmaker, app.state.read_sessionmaker
    async with app.state.engine.connect() as conn:
        transaction = await conn.begin()
        # Reads too, so that they see what the test wrote in its transaction.
        app.state.sessionmaker = app.state.read_sessionmaker = async_sessionmaker(
            bind=conn, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
        try:
            yield conn
        finally:
            app.state.sessionmaker, app.state.read_sessionmaker = original
            if transaction.is_active:
                await transaction.rollback()


@pytest.fixture
async def db_session(db_connection: AsyncConnection, app: FastAPI) -> AsyncIterator[AsyncSession]:
    async with app.state.sessionmaker() as session:
        yield session


@pytest.fixture
async def client(app: FastAPI, db_connection: AsyncConnection) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
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

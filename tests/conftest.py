"""System-test fixtures: the real processes, started as `alue run` starts them.

Every service and the gateway run under uvicorn on free ports against a fresh
database on the test server (the embedded one, or `DATABASE_URL`), which is
dropped afterwards; their logs go to a temporary folder.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import pytest

from alue.database import prepare_database
from alue.in_process import InProcessSystem, in_process_system
from alue.processes import free_port
from alue.signing import token
from alue.system import GATEWAY, System, build_system
from servicekit import provision
from servicekit.testing import TEST_JWT_SECRET

TokenFactory = Callable[..., str]


@asynccontextmanager
async def running_system(
    admin_url: str, log_dir: Path, extra_env: Mapping[str, str]
) -> AsyncIterator[System]:
    """The whole system on free ports against a fresh database of `admin_url`'s server."""
    database = f"alue_system_{uuid.uuid4().hex[:8]}"
    service_urls = await prepare_database(admin_url, database)
    ports = {name: free_port() for name in [GATEWAY, *service_urls]}
    running = build_system(
        service_urls=service_urls,
        ports=ports,
        jwt_secret=TEST_JWT_SECRET,
        log_dir=log_dir,
        extra_env=extra_env,
    )
    try:
        running.start()
        running.wait_ready(timeout=60)
        yield running
    finally:
        running.stop()
        await provision.drop_database(admin_url, database)


SystemStarter = Callable[[str, Path, Mapping[str, str]], AbstractAsyncContextManager[System]]


@pytest.fixture(scope="session")
def start_system() -> SystemStarter:
    """`running_system`, for a module that runs the system on its own server or settings."""
    return running_system


@pytest.fixture(scope="module")
async def system(
    postgres_admin_url: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[System]:
    # These tests check what a plan is composed of, on a machine that also runs the rest
    # of the suite: a plan's fan-out to five services may then outlast the default 3 s.
    # The deadline itself is the gateway's unit tests' (a slow service, within it) and
    # test_faults_system's.
    # The system contract run asks as one principal faster than the gateway's default limit
    # per principal allows; the limit's own tests set theirs (gateway/tests).
    extra_env = {"GATEWAY_PLAN_DEADLINE_SECONDS": "20", "GATEWAY_RATE_LIMIT": "1000000000/minute"}
    async with running_system(
        postgres_admin_url, tmp_path_factory.mktemp("logs"), extra_env
    ) as running:
        yield running


@pytest.fixture(scope="session")
async def in_process(postgres_admin_url: str) -> AsyncIterator[InProcessSystem]:
    """Every service and the gateway in this process on one demo database, for the gates
    over every route (nothing they send may write; no rate limit is ever reached)."""
    async with in_process_system(postgres_admin_url, rate_limit="1000000000/minute") as running:
        yield running


@pytest.fixture
def mint() -> TokenFactory:
    """`mint("viewer", areas=["kymppi"], ttl=-60)`: a token the running system verifies."""

    def factory(*roles: str, areas: Iterable[str] = (), ttl: int = 600) -> str:
        return token(TEST_JWT_SECRET, roles=roles, areas=areas, ttl_seconds=ttl, sub="system-test")

    return factory


@pytest.fixture
def bearer(mint: TokenFactory) -> Callable[..., dict[str, str]]:
    def headers(*roles: str, areas: Iterable[str] = ()) -> dict[str, str]:
        return {"Authorization": f"Bearer {mint(*roles, areas=areas)}"}

    return headers

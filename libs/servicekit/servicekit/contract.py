"""The contract test every service runs: schemathesis over its OpenAPI, against real servers.

A service's `tests/test_contract.py` names the services it runs (`ServedService`, the
service itself last, after the ones it asks), and
gets them migrated with their demo data on one throwaway database (`demo_database`),
served by uvicorn on loopback ports, each knowing where the earlier ones listen
(`ALUE_SERVICES`, as `alue run` sets it; `serving`), and driven by the `st` command as any
HTTP client would drive them (`run_schemathesis`: all phases, a fixed seed, every check).

A service's `testing` module also names the mutable resource the system's concurrency gate
races on (`MutableResource`, as `MUTABLE_RESOURCE`; tests/test_concurrency_gates.py).
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import threading
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit import provision
from servicekit.auth import mint_token
from servicekit.db import create_engine, seeding_session
from servicekit.settings import ServiceSettings
from servicekit.testing import migrated_service_url, test_auth_env


@dataclass(frozen=True)
class ServedService:
    """What it takes to run a service for its contract test."""

    name: str
    schema: str
    role: str
    migrations_dir: Path
    settings: type[ServiceSettings]
    build_app: Callable[[Any], FastAPI]
    load_demo_data: Callable[[AsyncSession], Awaitable[object]]


Body = dict[str, Any]


@dataclass(frozen=True)
class BulkWrite:
    """A PUT that writes many rows at once, and the GET that reads them back.

    `path` and `read_path` are the service's own paths; `{resource}` in them stands for
    the created resource's path (its `Location`). `body(mark)` writes `rows` rows, every
    one carrying `mark`; `marks(answer)` is the mark of each row a read shows. With
    `conditional`, each write sends the ETag of the read before it as `If-Match`.
    """

    path: str
    body: Callable[[int], Body]
    marks: Callable[[Body], list[object]]
    rows: int
    read_path: str | None = None  # the GET, when it is not `path`
    conditional: bool = True


@dataclass(frozen=True)
class MutableResource:
    """What the concurrency gate races on in a service (DESIGN.md, API conventions).

    `POST collection` with `new(n)` creates the n-th resource (and takes an
    `Idempotency-Key`), answering its `Location`; `PUT put_path` with `replaced(body, i)`
    is the i-th concurrent writer's change to it, conditional on the ETag that `GET` of the
    resource answers (a different change for every i); `bulk` is a write of many rows that
    a concurrent read must see whole or not at all. Paths are the service's own (`/v1/...`);
    the token has `roles` within `areas`.
    """

    collection: str
    new: Callable[[int], Body]
    replaced: Callable[[Body, int], Body]
    bulk: BulkWrite
    roles: tuple[str, ...] = ("planner",)
    areas: tuple[str, ...] = ()
    put_path: str = "{resource}"


@asynccontextmanager
async def demo_database(
    admin_url: str, services: Sequence[ServedService]
) -> AsyncIterator[dict[str, str]]:
    """Each service's own URL (its role) on one fresh database, migrated, demo data loaded;
    the database is dropped after."""
    name = f"alue_contract_{uuid.uuid4().hex[:8]}"
    await provision.create_database(admin_url, name)
    database = provision.with_database(admin_url, name)
    try:
        urls: dict[str, str] = {}
        for service in services:
            url = await migrated_service_url(
                database,
                schema=service.schema,
                role=service.role,
                migrations_dir=service.migrations_dir,
            )
            engine = create_engine(url)
            async with seeding_session(engine) as session:
                await service.load_demo_data(session)
                await session.commit()
            await engine.dispose()
            urls[service.name] = url
        yield urls
    finally:
        await provision.drop_database(admin_url, name)


@contextmanager
def serving(
    services: Sequence[ServedService], urls: dict[str, str]
) -> Iterator[tuple[str, ServiceSettings]]:
    """The last service's base URL and settings, every service serving meanwhile."""
    with _serving(services, urls, {}) as running:
        yield running


@contextmanager
def _serving(
    services: Sequence[ServedService], urls: dict[str, str], peers: dict[str, str]
) -> Iterator[tuple[str, ServiceSettings]]:
    first, *rest = services
    settings = first.settings.model_validate(
        {
            "database_url": urls[first.name],
            "db_pool_size": 4,
            "ALUE_SERVICES": peers,
            **test_auth_env(),
        }
    )
    with served(first.build_app(settings)) as base_url:
        if not rest:
            yield base_url, settings
            return
        with _serving(rest, urls, {**peers, first.name: base_url}) as running:
            yield running


@contextmanager
def served(app: FastAPI) -> Iterator[str]:
    """The app under uvicorn on a free loopback port, in a thread: its base URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None))
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError(f"{app.title} did not start")
        threading.Event().wait(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def run_schemathesis(
    base_url: str,
    settings: ServiceSettings,
    *,
    config_file: Path,
    seed: int,
    workdir: Path,
    max_examples: int = 25,
) -> subprocess.CompletedProcess[str]:
    """`st run` over the service's OpenAPI as an admin: all phases, `seed`, every check."""
    token = mint_token(settings, sub="schemathesis", roles=["admin"], ttl_seconds=3600)
    return run_st(
        base_url,
        token,
        config_file=config_file,
        seed=seed,
        workdir=workdir,
        max_examples=max_examples,
    )


def run_st(
    base_url: str,
    token: str,
    *,
    config_file: Path,
    seed: int,
    workdir: Path,
    max_examples: int = 25,
) -> subprocess.CompletedProcess[str]:
    """`st run` over `base_url`'s OpenAPI with `token`: all phases (the stateful one follows
    the documents' links, servicekit.openapi), `seed`, every check."""
    command = [
        str(Path(sys.executable).with_name("st")),
        f"--config-file={config_file}",
        "run",
        f"{base_url}/openapi.json",
        "--phases=examples,coverage,fuzzing,stateful",
        f"--seed={seed}",
        f"--max-examples={max_examples}",
        "--checks=all",
        "--workers=1",
        "--no-color",
        "--generation-database=none",
        "-H",
        f"Authorization: Bearer {token}",
    ]
    # In a scratch folder: schemathesis keeps a cache of failures in its working directory.
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=900,
        cwd=workdir,
        env={**os.environ, "NO_COLOR": "1"},
    )

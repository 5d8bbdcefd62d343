"""Schemathesis over the funding service's OpenAPI: all phases, a fixed seed, a real server.

The funding service runs in uvicorn on a loopback port against its own throwaway database
with the demo data, and asks the areas service (also in uvicorn, on the same database with
its demo data) for members and organisation forms, as `alue run` has it. The `st` command
drives it as any HTTP client would.
"""

import asyncio
import os
import socket
import subprocess
import sys
import threading
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from areas import config as areas_config
from areas.demo import load_demo_data as load_areas_demo
from areas.main import build_app as build_areas_app
from funding.config import DB_ROLE, MIGRATIONS_DIR, SCHEMA, FundingSettings
from funding.demo import load_demo_data
from funding.main import build_app
from servicekit import provision
from servicekit.auth import mint_token
from servicekit.db import create_engine
from servicekit.testing import migrated_service_url, test_auth_env

SEED = 20261201


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _load(url: str, loader: object) -> None:
    engine = create_engine(url)
    async with AsyncSession(engine) as session:
        await loader(session)  # type: ignore[operator]
        await session.commit()
    await engine.dispose()


@pytest.fixture(scope="module")
async def contract_databases(postgres_admin_url: str) -> AsyncIterator[tuple[str, str]]:
    name = f"alue_contract_{uuid.uuid4().hex[:8]}"
    await provision.create_database(postgres_admin_url, name)
    database = provision.with_database(postgres_admin_url, name)
    areas_url = await migrated_service_url(
        database,
        schema=areas_config.SCHEMA,
        role=areas_config.DB_ROLE,
        migrations_dir=areas_config.MIGRATIONS_DIR,
    )
    funding_url = await migrated_service_url(
        database, schema=SCHEMA, role=DB_ROLE, migrations_dir=MIGRATIONS_DIR
    )
    await _load(areas_url, load_areas_demo)
    await _load(funding_url, load_demo_data)
    yield areas_url, funding_url
    await provision.drop_database(postgres_admin_url, name)


def _serve(app: FastAPI) -> tuple[str, uvicorn.Server, threading.Thread]:
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the service did not start")
        threading.Event().wait(0.05)
    return f"http://127.0.0.1:{port}", server, thread


@pytest.fixture(scope="module")
def served(contract_databases: tuple[str, str]) -> Iterator[tuple[str, FundingSettings]]:
    areas_url, funding_url = contract_databases
    areas_settings = areas_config.AreasSettings.model_validate(
        {"database_url": areas_url, "db_pool_size": 4, **test_auth_env()}
    )
    areas_base, areas_server, areas_thread = _serve(build_areas_app(areas_settings))
    settings = FundingSettings.model_validate(
        {
            "database_url": funding_url,
            "db_pool_size": 4,
            "ALUE_SERVICES": {"areas": areas_base},
            **test_auth_env(),
        }
    )
    base_url, server, thread = _serve(build_app(settings))
    yield base_url, settings
    for running, running_thread in ((server, thread), (areas_server, areas_thread)):
        running.should_exit = True
        running_thread.join(timeout=10)


def test_openapi_contract_holds_under_schemathesis(
    served: tuple[str, FundingSettings], tmp_path: Path
) -> None:
    base_url, settings = served
    token = mint_token(settings, sub="schemathesis", roles=["admin"], ttl_seconds=3600)
    command = [
        str(Path(sys.executable).with_name("st")),
        f"--config-file={Path(__file__).with_name('schemathesis.toml')}",
        "run",
        f"{base_url}/openapi.json",
        "--phases=examples,coverage,fuzzing,stateful",
        f"--seed={SEED}",
        "--max-examples=25",
        "--checks=all",
        "--workers=1",
        "--no-color",
        "--generation-database=none",
        "-H",
        f"Authorization: Bearer {token}",
    ]
    # Run in a scratch folder: schemathesis keeps a cache of failures in its working directory.
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=900,
        cwd=tmp_path,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-5000:]

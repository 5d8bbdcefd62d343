"""Schemathesis over the partners service's OpenAPI: all phases, a fixed seed, real servers.

The partners service and the areas service it asks (for areas and their members) run in
uvicorn on loopback ports against a throwaway database with both services' demo data, and
the `st` command drives the partners service as any HTTP client would.
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

import areas.config
import areas.demo
import areas.main
from partners.config import DB_ROLE, MIGRATIONS_DIR, SCHEMA, PartnersSettings
from partners.demo import load_demo_data
from partners.main import build_app
from servicekit import provision
from servicekit.auth import mint_token
from servicekit.db import create_engine
from servicekit.testing import migrated_service_url, test_auth_env

SEED = 20261203


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
async def contract_databases(postgres_admin_url: str) -> AsyncIterator[tuple[str, str]]:
    """The areas and partners services' URLs on one fresh database, demo data loaded."""
    name = f"alue_contract_{uuid.uuid4().hex[:8]}"
    await provision.create_database(postgres_admin_url, name)
    database = provision.with_database(postgres_admin_url, name)
    urls = []
    for schema, role, migrations, load in (
        (
            areas.config.SCHEMA,
            areas.config.DB_ROLE,
            areas.config.MIGRATIONS_DIR,
            areas.demo.load_demo_data,
        ),
        (SCHEMA, DB_ROLE, MIGRATIONS_DIR, load_demo_data),
    ):
        url = await migrated_service_url(
            database, schema=schema, role=role, migrations_dir=migrations
        )
        engine = create_engine(url)
        async with AsyncSession(engine) as session:
            await load(session)
            await session.commit()
        await engine.dispose()
        urls.append(url)
    yield urls[0], urls[1]
    await provision.drop_database(postgres_admin_url, name)


def serve(app: FastAPI) -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None))
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError(f"{app.title} did not start")
        threading.Event().wait(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def served(contract_databases: tuple[str, str]) -> Iterator[tuple[str, PartnersSettings]]:
    areas_url, partners_url = contract_databases
    areas_settings = areas.config.AreasSettings.model_validate(
        {"database_url": areas_url, "db_pool_size": 4, **test_auth_env()}
    )
    for areas_base in serve(areas.main.build_app(areas_settings)):
        settings = PartnersSettings.model_validate(
            {
                "database_url": partners_url,
                "db_pool_size": 4,
                "ALUE_SERVICES": {"areas": areas_base},
                **test_auth_env(),
            }
        )
        for base in serve(build_app(settings)):
            yield base, settings


def test_openapi_contract_holds_under_schemathesis(
    served: tuple[str, PartnersSettings], tmp_path: Path
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

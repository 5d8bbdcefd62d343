"""Schemathesis over the areas service's OpenAPI: all phases, a fixed seed, a real server.

The service runs in uvicorn on a loopback port against its own throwaway database with
the demo data, and the `st` command drives it as any HTTP client would.
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
from sqlalchemy.ext.asyncio import AsyncSession

from areas.config import DB_ROLE, MIGRATIONS_DIR, SCHEMA, AreasSettings
from areas.demo import load_demo_data
from areas.main import build_app
from servicekit import provision
from servicekit.auth import mint_token
from servicekit.db import create_engine
from servicekit.testing import migrated_service_url, test_auth_env

SEED = 20261128


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
async def contract_database(postgres_admin_url: str) -> AsyncIterator[str]:
    name = f"alue_contract_{uuid.uuid4().hex[:8]}"
    await provision.create_database(postgres_admin_url, name)
    url = await migrated_service_url(
        provision.with_database(postgres_admin_url, name),
        schema=SCHEMA,
        role=DB_ROLE,
        migrations_dir=MIGRATIONS_DIR,
    )
    engine = create_engine(url)
    async with AsyncSession(engine) as session:
        await load_demo_data(session)
        await session.commit()
    await engine.dispose()
    yield url
    await provision.drop_database(postgres_admin_url, name)


@pytest.fixture(scope="module")
def served(contract_database: str) -> Iterator[tuple[str, AreasSettings]]:
    settings = AreasSettings.model_validate(
        {"database_url": contract_database, "db_pool_size": 4, **test_auth_env()}
    )
    port = free_port()
    config = uvicorn.Config(build_app(settings), host="127.0.0.1", port=port, log_config=None)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the areas service did not start")
        threading.Event().wait(0.05)
    yield f"http://127.0.0.1:{port}", settings
    server.should_exit = True
    thread.join(timeout=10)


def test_openapi_contract_holds_under_schemathesis(
    served: tuple[str, AreasSettings], tmp_path: Path
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

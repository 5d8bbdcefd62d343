"""`alue run` itself, as a person runs it: banner, a working token, Ctrl-C stops everything."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from alue.processes import free_port
from alue.registry import SERVICES
from servicekit import provision

pytestmark = pytest.mark.system

READY_LINE = "Press Ctrl-C to stop everything."


@pytest.fixture
async def database(postgres_admin_url: str) -> AsyncIterator[str]:
    name = f"alue_run_{uuid.uuid4().hex[:8]}"
    yield name
    await provision.drop_database(postgres_admin_url, name)


class Output:
    """Collects a process's output lines in a thread, so the test can wait for one."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        assert process.stdout is not None
        stream = process.stdout
        self.reader = threading.Thread(target=lambda: self.lines.extend(stream), daemon=True)
        self.reader.start()

    def wait_for(self, text: str, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(text in line for line in self.lines):
                return True
            time.sleep(0.1)
        return False

    def value_after(self, prefix: str) -> str:
        return next(line.split(prefix, 1)[1].strip() for line in self.lines if prefix in line)


def refuses_connections(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def test_run_serves_the_printed_token_and_stops_everything_on_sigint(
    postgres_admin_url: str, database: str, tmp_path: Path
) -> None:
    ports = {spec.name: free_port() for spec in SERVICES}
    gateway_port = free_port()
    env = {**os.environ, "DATABASE_URL": postgres_admin_url, "ALUE_STATE_DIR": str(tmp_path)}
    env.pop("ALUE_JWT_SECRET", None)
    command = [
        str(Path(sys.executable).parent / "alue"),
        "run",
        "--database",
        database,
        "--gateway-port",
        str(gateway_port),
        *(arg for name, port in ports.items() for arg in ("--port", f"{name}={port}")),
    ]
    with subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as process:
        output = Output(process)
        try:
            assert output.wait_for(READY_LINE, timeout=90), "".join(output.lines)
            token = output.value_after("export ALUE_TOKEN=")
            response = httpx.get(
                f"http://127.0.0.1:{gateway_port}/areas/v1/municipalities?limit=3",
                headers={"Authorization": f"Bearer {token}"},
            )
            assert response.status_code == 200, response.text
            assert len(response.json()["items"]) == 3
        finally:
            process.send_signal(signal.SIGINT)
            code = process.wait(timeout=60)
            output.reader.join(timeout=5)

    assert code == 0, "".join(output.lines)
    assert any("Stopped." in line for line in output.lines)
    assert all(refuses_connections(port) for port in [gateway_port, *ports.values()])
    assert stat.S_IMODE((tmp_path / "jwt_secret").stat().st_mode) == 0o600
    logs = sorted(p.name for p in (tmp_path / "logs").glob("*.log"))
    assert logs == sorted(["gateway.log", *(f"{name}.log" for name in ports)])

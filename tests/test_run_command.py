"""`alue run` itself, as a person runs it: banner, a working token, Ctrl-C stops everything;
with `--workers 2`, two processes behind each port that see each other's writes."""

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
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil
import pytest
from prometheus_client.multiprocess import MultiProcessCollector

from alue.processes import Child, ChildFailed, RestartPolicy, Supervisor, free_port
from alue.registry import SERVICES
from servicekit import provision
from simulators.registry import SIMULATORS

pytestmark = pytest.mark.system

READY_LINE = "Press Ctrl-C to stop everything."


@pytest.fixture
async def database(postgres_admin_url: str) -> AsyncIterator[str]:
    name = f"alue_run_{uuid.uuid4().hex[:8]}"
    yield name
    await provision.drop_database(postgres_admin_url, name)


@dataclass
class Run:
    """One `alue run` on free ports: its output lines, and its exit code once stopped."""

    ports: dict[str, int]
    lines: list[str] = field(default_factory=list)
    code: int | None = None
    pid: int | None = None

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['gateway']}"

    def printed(self, prefix: str) -> str:
        return next(line.split(prefix, 1)[1].strip() for line in self.lines if prefix in line)

    def wait_for(self, text: str, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(text in line for line in self.lines):
                return True
            time.sleep(0.1)
        return False


@contextmanager
def alue_run(env: dict[str, str], *args: str) -> Iterator[Run]:
    """Starts `alue run`, yields once it is ready, then stops it with SIGINT (Ctrl-C)."""
    run = Run(ports={"gateway": free_port(), **{spec.name: free_port() for spec in SERVICES}})
    ports = [("--port", f"{n}={p}") for n, p in run.ports.items() if n != "gateway"]
    command = [
        str(Path(sys.executable).parent / "alue"),
        "run",
        *args,
        "--gateway-port",
        str(run.ports["gateway"]),
        *(arg for pair in ports for arg in pair),
    ]
    with subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as process:
        run.pid = process.pid
        stream = process.stdout
        assert stream is not None
        reader = threading.Thread(target=lambda: run.lines.extend(stream), daemon=True)
        reader.start()
        try:
            assert run.wait_for(READY_LINE, timeout=120), "".join(run.lines)
            yield run
        finally:
            process.send_signal(signal.SIGINT)
            run.code = process.wait(timeout=60)
            reader.join(timeout=5)


def refuses_connections(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def bearer(run: Run, variable: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {run.printed(f'export {variable}=')}"}


def test_run_on_a_given_server_serves_the_printed_token_and_stops_on_sigint(
    postgres_admin_url: str, database: str, tmp_path: Path
) -> None:
    env = {**os.environ, "DATABASE_URL": postgres_admin_url, "ALUE_STATE_DIR": str(tmp_path)}
    env.pop("ALUE_JWT_SECRET", None)
    with alue_run(env, "--database", database) as run:
        response = httpx.get(
            f"{run.gateway_url}/areas/v1/municipalities?limit=3", headers=bearer(run, "ALUE_TOKEN")
        )
        assert response.status_code == 200, response.text
        assert len(response.json()["items"]) == 3

    assert run.code == 0, "".join(run.lines)
    assert any("Stopped." in line for line in run.lines)
    assert all(refuses_connections(port) for port in run.ports.values())
    assert stat.S_IMODE((tmp_path / "jwt_secret").stat().st_mode) == 0o600
    logs = sorted(p.name for p in (tmp_path / "logs").glob("*.log"))
    assert logs == sorted(f"{name}.log" for name in run.ports)


def test_run_on_the_embedded_server_keeps_data_and_stops_the_database(tmp_path: Path) -> None:
    env = {**os.environ, "ALUE_STATE_DIR": str(tmp_path)}
    for name in ("DATABASE_URL", "ALUE_JWT_SECRET"):
        env.pop(name, None)
    code = "999"
    with alue_run(env) as first:
        created = httpx.post(
            f"{first.gateway_url}/areas/v1/municipalities",
            json={"code": code, "name_fi": "Pysyvä", "name_sv": "Bestående"},
            headers=bearer(first, "ALUE_ADMIN_TOKEN"),
        )
        assert created.status_code == 201, created.text
    with alue_run(env) as second:
        read = httpx.get(
            f"{second.gateway_url}/areas/v1/municipalities/{code}",
            headers=bearer(second, "ALUE_TOKEN"),
        )
        assert read.status_code == 200, read.text

    assert (first.code, second.code) == (0, 0)
    pgdata = str(tmp_path / "pgdata")
    left = [
        p for p in psutil.process_iter(["cmdline"]) if pgdata in " ".join(p.info["cmdline"] or [])
    ]
    assert left == []


# `alue run --workers 2`: two processes behind each port, sharing only the database.

ROUTE = "/v1/eligibility"
CODE, AS_OF = "005", "2099"  # a year after every demo figure: the latest one counts


def answered_by_pid(metrics_dir: Path) -> dict[int, float]:
    """Requests to ROUTE each worker has timed so far, from its own file."""
    counts: dict[int, float] = {}
    for path in metrics_dir.glob("histogram_*.db"):
        pid = int(path.stem.rpartition("_")[2])
        merged = MultiProcessCollector.merge([str(path)], accumulate=True)  # type: ignore[no-untyped-call]
        for metric in merged:
            for sample in metric.samples:
                if sample.name.endswith("_count") and sample.labels.get("route") == ROUTE:
                    counts[pid] = counts.get(pid, 0) + sample.value
    return counts


def labour_force_totals(run: Run, headers: dict[str, str], times: int) -> set[float]:
    """The check `times` times, each on a new connection (so the kernel picks a worker
    for each), 8 at a time (so one busy worker leaves connections to the other)."""

    def one(_: int) -> float:
        response = httpx.post(
            f"{run.gateway_url}/areas{ROUTE}",
            json={"municipality_codes": [CODE], "as_of": AS_OF},
            headers={**headers, "Connection": "close"},
            timeout=30,
        )
        assert response.status_code == 200, response.text
        total: float = response.json()["labour_force_total"]
        return total

    with ThreadPoolExecutor(8) as pool:
        return set(pool.map(one, range(times)))


def until_both_answer(
    run: Run, headers: dict[str, str], metrics_dir: Path, before: dict[int, float]
) -> set[float]:
    seen: set[float] = set()
    for _ in range(25):
        seen |= labour_force_totals(run, headers, 16)
        now = answered_by_pid(metrics_dir)
        grew = {pid for pid, count in now.items() if count > before.get(pid, 0)}
        if len(grew) >= 2:
            return seen
    raise AssertionError(f"not both workers answered: {before} -> {now}")


def test_two_workers_serve_each_port_and_see_each_others_writes(
    postgres_admin_url: str,
    database: str,
    tmp_path: Path,
) -> None:
    env = {**os.environ, "DATABASE_URL": postgres_admin_url, "ALUE_STATE_DIR": str(tmp_path)}
    env.pop("ALUE_JWT_SECRET", None)
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    workers_seen: list[psutil.Process] = []
    with alue_run(env, "--database", database, "--workers", "2") as run:
        for name, port in run.ports.items():
            (supervisor,) = [
                p
                for p in psutil.process_iter(["cmdline"])
                if "--port" in (p.info["cmdline"] or [])
                and p.info["cmdline"][p.info["cmdline"].index("--port") + 1] == str(port)
            ]
            # uvicorn's workers (multiprocessing's spawn), besides its resource tracker
            workers = [c for c in supervisor.children() if "spawn_main" in " ".join(c.cmdline())]
            assert len(workers) == 2, f"{name} runs {supervisor.children()}"
            workers_seen += workers

        admin, viewer = bearer(run, "ALUE_ADMIN_TOKEN"), bearer(run, "ALUE_TOKEN")
        areas_metrics = tmp_path / "metrics" / "areas"
        # Both workers answer, so both hold the reference data in their caches.
        (old,) = until_both_answer(run, viewer, areas_metrics, {})
        added = 1000 + uuid.uuid4().int % 1000
        written = httpx.put(
            f"{run.gateway_url}/areas/v1/statistics",
            json={
                "statistics": [
                    {
                        "municipality_code": CODE,
                        "indicator": "labour_force",
                        "period": "2098",
                        "value": old + added,
                        "unit": "persons",
                        "source": "test_workers_system",
                        "is_estimate": False,
                        "retrieved_at": "2098-03-01T09:00:00Z",
                    }
                ]
            },
            headers=admin,
            timeout=30,
        )
        assert written.status_code == 200, written.text
        # Whichever worker took the write, both answer with the new figure only.
        after_write = answered_by_pid(areas_metrics)
        assert until_both_answer(run, viewer, areas_metrics, after_write) == {old + added}

        # One scrape adds up both workers: the same count as their files together.
        text = httpx.get(f"{run.gateway_url.rsplit(':', 1)[0]}:{run.ports['areas']}/metrics").text
        counted = sum(
            float(line.rpartition(" ")[2])
            for line in text.splitlines()
            if line.startswith("http_server_request_duration_seconds_count")
            and f'route="{ROUTE}"' in line
        )
        assert counted == sum(answered_by_pid(areas_metrics).values())
        assert counted >= 32
    assert run.code == 0, "".join(run.lines)
    assert all(refuses_connections(port) for port in run.ports.values())
    assert not [worker for worker in workers_seen if worker.is_running()]
    assert {p.name for p in (tmp_path / "metrics").iterdir()} == {"gateway"} | {
        spec.name for spec in SERVICES
    }


def test_run_with_simulators_starts_the_stand_ins_and_points_the_services_at_them(
    postgres_admin_url: str, database: str, tmp_path: Path
) -> None:
    env = {**os.environ, "DATABASE_URL": postgres_admin_url, "ALUE_STATE_DIR": str(tmp_path)}
    env.pop("ALUE_JWT_SECRET", None)
    ports = {spec.name: free_port() for spec in SIMULATORS}
    keha = ports["keha"]
    given = [arg for name, port in ports.items() for arg in ("--port", f"{name}={port}")]
    with alue_run(env, "--database", database, "--simulators", *given) as run:
        assert run.printed("Stand-ins").startswith(f"http://127.0.0.1:{keha}  (keha:")
        imported = httpx.post(
            f"{run.gateway_url}/caseload/v1/areas/kymppi/imports/keha",
            json={"from": "2025-06", "to": "2025-06", "what": "customers"},
            headers=bearer(run, "ALUE_TOKEN"),
            timeout=30,
        )
        assert imported.status_code == 200, imported.text
        assert imported.json()["customers"]["unchanged"] == 1
        calls = httpx.get(f"http://127.0.0.1:{keha}/_sim/calls").json()
        assert [c["service"] for c in calls] == ["customer-counts"]
        for name, port in ports.items():
            ready = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5)
            assert ready.json()["service"] == name
    assert run.code == 0, "".join(run.lines)
    assert all(refuses_connections(port) for port in ports.values())


def child_serving(run: Run, app: str) -> psutil.Process:
    """The uvicorn process `alue run` started for `app` ("areas.main:build_app")."""
    assert run.pid is not None
    children = psutil.Process(run.pid).children(recursive=True)
    return next(p for p in children if app in " ".join(p.cmdline()))


def test_run_restarts_a_child_that_died_says_so_and_serves_again(
    postgres_admin_url: str, database: str, tmp_path: Path
) -> None:
    env = {**os.environ, "DATABASE_URL": postgres_admin_url, "ALUE_STATE_DIR": str(tmp_path)}
    with alue_run(env, "--database", database, "--no-seed") as run:
        areas = child_serving(run, "areas.main:build_app")
        areas.kill()
        assert run.wait_for("areas was killed by SIGKILL; restarting it in 1 s", 30), run.lines
        assert run.wait_for("areas is ready again", 60), "".join(run.lines)
        response = httpx.get(
            f"{run.gateway_url}/areas/v1/municipalities?limit=1", headers=bearer(run, "ALUE_TOKEN")
        )
        assert response.status_code == 200, response.text
        assert child_serving(run, "areas.main:build_app").pid != areas.pid

    assert run.code == 0, "".join(run.lines)


def check_until_it_gives_up(supervisor: Supervisor, *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        supervisor.check()
        time.sleep(0.05)


def test_a_child_that_keeps_dying_at_once_is_given_up_with_its_log(tmp_path: Path) -> None:
    """A child that cannot start (here: its app does not exist) is restarted with backoff
    until its quick failures pass the limit; then the supervisor stops, naming it."""
    child = Child(
        name="broken",
        app="alue_no_such_package.main:build_app",
        host="127.0.0.1",
        port=free_port(),
        env=dict(os.environ),
        log_path=tmp_path / "broken.log",
    )
    said: list[str] = []
    policy = RestartPolicy(first_delay=0.05, max_delay=0.1, stable_after=60, limit=2)
    supervisor = Supervisor([child], said.append, policy)
    child.start()
    try:
        with pytest.raises(ChildFailed) as failed:
            check_until_it_gives_up(supervisor, timeout=60)
    finally:
        supervisor.close()
        child.stop()
    message = str(failed.value)
    assert "broken exited unexpectedly with code 1, 3 times in a row" in message
    assert "not restarting it again" in message
    assert "alue_no_such_package" in message  # the end of its log, which says why
    restarts = [line for line in said if "restarting it in" in line]
    assert [line.split(";")[1].split("(")[0].strip() for line in restarts] == [
        "restarting it in 0.05 s",
        "restarting it in 0.1 s",
    ]

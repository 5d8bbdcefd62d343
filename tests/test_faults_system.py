"""Faults, with real processes (issue 13): each service stopped and frozen, then the database.

One system runs for the whole module, on a PostgreSQL server of its own (embedded, in a
temporary folder): freezing the database must not freeze anyone else's. The faults are
parametrized over the registry, so a new service is covered by the same tests: its plan
sections, a keyed write to it (`WRITES` must name one) and its readiness.

- A service stopped (SIGTERM) or frozen (SIGSTOP of its process group): the plan answers
  200 within its deadline + 100 ms with that service's sections unavailable and the others
  ok; without the areas service there is no plan (502 stopped, 504 frozen). A write sent
  meanwhile with an `Idempotency-Key`, retried once the service is back, is applied once.
  The service comes back (started again, SIGCONT) without the gateway being restarted.
- The database frozen (SIGSTOP of every process of the server): every service's `/readyz`
  answers 503 within its timeout, reads and writes through the gateway fail with a 503
  problem that names no internals, and everything answers again once it resumes.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from contextlib import AbstractAsyncContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest

from alue.processes import Child, wait_ready
from alue.registry import SERVICES
from alue.signing import token
from alue.system import System
from servicekit.embedded import start_embedded
from servicekit.testing import TEST_JWT_SECRET

pytestmark = pytest.mark.system

Bearer = Callable[..., dict[str, str]]
SystemStarter = Callable[[str, Path, Mapping[str, str]], AbstractAsyncContextManager[System]]

PLAN_DEADLINE = 2.0  # GATEWAY_PLAN_DEADLINE_SECONDS here; the default is 3 s
PLAN_MARGIN = 0.1  # issue 7: the answer never exceeds the deadline by more than 100 ms
GATEWAY_TIMEOUT = 3.0  # GATEWAY_REQUEST_TIMEOUT_SECONDS: a proxied call's wait
DB_TIMEOUT = 1.0  # <PREFIX>DB_TIMEOUT_SECONDS: each connect and statement of a service
READINESS_TIMEOUT = 0.8  # servicekit's default readiness_timeout_seconds
RECOVERY_SECONDS = 15.0  # for everything to answer whole again once a fault ends
PLAN = "/v1/plans/kymppi"
PLAN_PARAMS = {"year": 2026}
FAULTS = ("stopped", "frozen")
# Words of the machinery a problem must not show a client.
INTERNALS = ("asyncpg", "sqlalchemy", "traceback", "postgres", "pgdata", "select ", "errno")


@dataclass(frozen=True)
class Write:
    """A creating POST of a service that takes `Idempotency-Key`, and how to count what it
    made: the list at `listed`, whose items carry `marker` under `field`."""

    path: str
    body: Callable[[str], dict[str, Any]]
    listed: str
    field: Callable[[dict[str, Any]], Any]


WRITES: dict[str, Write] = {
    "areas": Write(
        "/areas/v1/areas/kymppi/exemptions",
        lambda marker: {
            "criterion": "contiguity",
            "decision_reference": marker,
            "decided_on": "2025-02-01",
            "valid_from": "2025-03-01",
        },
        "/areas/v1/areas/kymppi/exemptions",
        lambda item: item["decision_reference"],
    ),
    "funding": Write(
        "/funding/v1/allocations",
        lambda marker: {
            "year": 2025,
            "pool_eur": "1000.00",
            "criteria": [{"name": "working_age_population", "weight": "1"}],
            "values": {"005": {"working_age_population": 4900}},
            "label": marker,
            "source": "Fault test",
        },
        "/funding/v1/allocations",
        lambda item: item["label"],
    ),
    "caseload": Write(
        "/caseload/v1/areas/kymppi/staff",
        lambda marker: {
            "fte": 0.5,
            "function": "common_services",
            "origin": "new_hire",
            "start_date": "2026-01-01",
            "title": marker,
        },
        "/caseload/v1/areas/kymppi/staff",
        lambda item: item["title"],
    ),
    "offices": Write(
        "/offices/v1/areas/kymppi/offices",
        lambda marker: {
            "kind": "local_service_point",
            "name": {"fi": marker, "sv": marker},
            "municipality_code": "934",
            "address": {
                "street": "Vimpelintie 1",
                "postal_code": "62800",
                "post_office": "Vimpeli",
            },
            "lat": 63.1617,
            "lon": 23.817,
            "status": "open",
            "services": ["job_matching"],
        },
        "/offices/v1/areas/kymppi/offices",
        lambda item: item["name"]["fi"],
    ),
    "partners": Write(
        "/partners/v1/areas/kymppi/projects",
        lambda marker: {"name": marker, "status": "planned"},
        "/partners/v1/areas/kymppi/projects",
        lambda item: item["name"],
    ),
}


@dataclass
class Postgres:
    url: str
    server: Any  # pgserver's handle

    def processes(self) -> list[psutil.Process]:
        """The postmaster and every backend and helper it forked."""
        postmaster = psutil.Process(self.server.get_pid())
        return [postmaster, *postmaster.children(recursive=True)]


@pytest.fixture(scope="module")
def dedicated_postgres() -> Iterator[Postgres]:
    """Never the shared test server: other runs and engineers use it while this one freezes.
    Not in pytest's temporary folders: pytest closes them (0700) to the server's own user."""
    folder = Path(tempfile.mkdtemp(prefix="alue-faults-"))
    pgdata = folder / "pgdata"
    try:
        url, server = start_embedded(pgdata)
    except subprocess.TimeoutExpired:
        # pgserver waits 10 s for `pg_ctl start`; a busy machine can take longer. The server
        # is then still starting, and the second call finds it running.
        url, server = start_embedded(pgdata)
    try:
        yield Postgres(url, server)
    finally:
        server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
async def system(
    dedicated_postgres: Postgres,
    start_system: SystemStarter,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[System]:
    env = {
        "GATEWAY_PLAN_DEADLINE_SECONDS": str(PLAN_DEADLINE),
        "GATEWAY_REQUEST_TIMEOUT_SECONDS": str(GATEWAY_TIMEOUT),
        **{f"{spec.env_prefix}DB_TIMEOUT_SECONDS": str(DB_TIMEOUT) for spec in SERVICES},
    }
    logs = tmp_path_factory.mktemp("logs")
    async with start_system(dedicated_postgres.url, logs, env) as running:
        yield running


@pytest.fixture(scope="module")
def gateway_pid(system: System) -> int:
    """The gateway's process when the module began: no fault may need it restarted."""
    assert system.gateway.pid is not None
    return system.gateway.pid


@pytest.fixture
async def http(system: System) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=system.gateway_url, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
async def sections_by_service(system: System) -> dict[str, set[str]]:
    """Which service each section of the complete plan comes from, as the plan says."""
    viewer = token(TEST_JWT_SECRET, roles=["viewer"], areas=["kymppi"], sub="fault-test")
    headers = {"Authorization": f"Bearer {viewer}"}
    async with httpx.AsyncClient(base_url=system.gateway_url, timeout=30) as client:
        response = await client.get(PLAN, params=PLAN_PARAMS, headers=headers)
    assert response.status_code == 200, response.text
    plan = response.json()
    assert plan["complete"] is True, plan
    owned: dict[str, set[str]] = {spec.name: set() for spec in SERVICES}
    for section in plan["sections"]:
        owned.setdefault(section["service"], set()).add(section["key"])
    return owned


def fault_on(child: Child, fault: str) -> Callable[[], None]:
    """Brings the fault about; returns what ends it."""
    if fault == "stopped":
        child.stop()

        def start_again() -> None:
            child.start(append=True)
            wait_ready([child], timeout=60)

        return start_again
    assert child.pid is not None
    group = os.getpgid(child.pid)  # its own session: the server and any worker it forked
    os.killpg(group, signal.SIGSTOP)
    return lambda: os.killpg(group, signal.SIGCONT)


@contextmanager
def faulted(system: System, service: str, fault: str) -> Iterator[None]:
    end = fault_on(system.services[service], fault)
    try:
        yield
    finally:
        end()


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("service", [spec.name for spec in SERVICES])
async def test_the_plan_answers_in_time_without_a_stopped_or_frozen_service(
    system: System,
    http: httpx.AsyncClient,
    bearer: Bearer,
    sections_by_service: dict[str, set[str]],
    gateway_pid: int,
    service: str,
    fault: str,
) -> None:
    headers = bearer("viewer", areas=["kymppi"])
    with faulted(system, service, fault):
        started = time.monotonic()
        response = await http.get(PLAN, params=PLAN_PARAMS, headers=headers)
        elapsed = time.monotonic() - started
    assert elapsed <= PLAN_DEADLINE + PLAN_MARGIN, (elapsed, response.text)
    if service == "areas":
        # Issue 7: no plan without its area; the gateway names the service.
        assert response.status_code == (502 if fault == "stopped" else 504), response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["service"] == "areas"
    else:
        assert response.status_code == 200, response.text
        plan = response.json()
        assert plan["complete"] is False
        status = {s["key"]: s["status"] for s in plan["sections"]}
        down = {key for key, state in status.items() if state == "unavailable"}
        assert down == sections_by_service[service], status
        for section in plan["sections"]:
            if section["key"] in down:
                assert section["problem"]["service"] == service, section
        assert {status[key] for key in status.keys() - down} == {"ok"}, status

    # Back without the gateway being restarted: the plan is whole again (a service just
    # resumed first answers what it was sent while frozen, hence a few tries).
    await whole_plan_again(http, headers)
    assert system.gateway.pid == gateway_pid
    assert system.gateway.running()


async def whole_plan_again(http: httpx.AsyncClient, headers: dict[str, str]) -> None:
    deadline = time.monotonic() + RECOVERY_SECONDS
    while True:
        again = await http.get(PLAN, params=PLAN_PARAMS, headers=headers)
        assert again.status_code in (200, 502, 504), again.text
        if again.status_code == 200 and again.json()["complete"]:
            return
        assert time.monotonic() < deadline, again.text
        await asyncio.sleep(0.2)


async def made(http: httpx.AsyncClient, write: Write, marker: str, headers: dict[str, str]) -> int:
    """How many of the listed resources carry `marker`, over every page."""
    count, cursor = 0, None
    while True:
        params = {"limit": 100, **({"cursor": cursor} if cursor else {})}
        page = await http.get(write.listed, params=params, headers=headers)
        assert page.status_code == 200, page.text
        body = page.json()
        count += sum(1 for item in body["items"] if write.field(item) == marker)
        cursor = body.get("next_cursor")
        if not cursor:
            return count


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("service", [spec.name for spec in SERVICES])
async def test_a_keyed_write_sent_during_the_fault_and_retried_after_is_applied_once(
    system: System,
    http: httpx.AsyncClient,
    bearer: Bearer,
    gateway_pid: int,
    service: str,
    fault: str,
) -> None:
    write = WRITES.get(service)
    if write is None:
        pytest.fail(f"WRITES names no keyed creating POST of the {service} service; add one")
    admin = bearer("admin")
    marker = f"Vikatesti {service} {fault} {uuid.uuid4().hex[:8]}"
    keyed = {**admin, "Idempotency-Key": f"fault-{uuid.uuid4().hex}"}
    body = write.body(marker)
    with faulted(system, service, fault):
        lost = await http.post(write.path, json=body, headers=keyed)
        # The gateway answers for the service that could not: refused at once, or its wait.
        assert lost.status_code == (502 if fault == "stopped" else 504), lost.text
        assert lost.headers["content-type"] == "application/problem+json"
    # The frozen service now reads the request it was sent meanwhile, and may apply it:
    # the retry with the key then replays that answer instead of writing again.
    retry = await http.post(write.path, json=body, headers=keyed)
    assert retry.status_code == 201, retry.text
    again = await http.post(write.path, json=body, headers=keyed)
    assert again.status_code == 201, again.text
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == retry.json()
    await asyncio.sleep(0.2)  # any request still in flight from the fault has ended by now
    assert await made(http, write, marker, admin) == 1
    assert system.gateway.pid == gateway_pid


def freeze(postgres: Postgres) -> Callable[[], None]:
    frozen = postgres.processes()
    for process in frozen:
        process.send_signal(signal.SIGSTOP)

    def resume() -> None:
        for process in reversed(frozen):
            process.send_signal(signal.SIGCONT)

    return resume


async def readiness(client: httpx.AsyncClient, child: Child) -> tuple[int, float]:
    started = time.monotonic()
    response = await client.get(f"{child.url}/readyz")
    return response.status_code, time.monotonic() - started


def assert_unavailable(response: httpx.Response) -> None:
    """503 `service-unavailable`, naming no internals. A write that first asks another
    service (offices asks areas whether the municipality is a member) hears that one's 503
    and answers as its gateway: 502 `dependency-unavailable` naming it."""
    where = (response.request.url, response.text)
    assert response.headers["content-type"] == "application/problem+json", where
    problem = response.json()
    if response.status_code == 502 and response.request.method == "POST":
        assert problem["type"] == "/problems/dependency-unavailable", where
        assert problem["service"] in {spec.name for spec in SERVICES}, where
        assert "503" in problem["detail"], where
    else:
        assert response.status_code == 503, where
        assert problem["type"] == "/problems/service-unavailable", where
    text = response.text.lower()
    assert not [word for word in INTERNALS if word in text], where


async def test_a_frozen_database_makes_every_service_unready_and_503_until_it_resumes(
    system: System,
    http: httpx.AsyncClient,
    bearer: Bearer,
    dedicated_postgres: Postgres,
    gateway_pid: int,
) -> None:
    admin = bearer("admin")
    children = list(system.services.values())
    resume = freeze(dedicated_postgres)
    try:
        answers = await asyncio.gather(*(readiness(http, child) for child in children))
        for child, (status, took) in zip(children, answers, strict=True):
            assert status == 503, child.name
            assert took <= READINESS_TIMEOUT + 0.3, (child.name, took)
        services = await http.get("/v1/services", headers=admin)
        assert services.status_code == 200, services.text
        # The gateway waits 1 s for each /readyz: a 503 (not_ready), or on a busy machine
        # none in time (unreachable); never ready.
        states = {s["status"] for s in services.json()["items"]}
        assert states <= {"not_ready", "unreachable"}, services.text

        reads = [http.get(WRITES[spec.name].listed, headers=admin) for spec in SERVICES]
        writes = [
            http.post(
                WRITES[spec.name].path, json=WRITES[spec.name].body("Jäätynyt"), headers=admin
            )
            for spec in SERVICES
        ]
        for response in await asyncio.gather(*reads, *writes):
            assert_unavailable(response)
    finally:
        resume()

    await asyncio.gather(*(asyncio.to_thread(wait_ready, [c], timeout=30) for c in children))
    for spec in SERVICES:
        listed = await http.get(WRITES[spec.name].listed, headers=admin)
        assert listed.status_code == 200, listed.text
        assert await made(http, WRITES[spec.name], "Jäätynyt", admin) == 0
    await whole_plan_again(http, bearer("viewer", areas=["kymppi"]))
    assert system.gateway.pid == gateway_pid


def test_the_fault_tests_name_a_write_for_every_service() -> None:
    assert sorted(WRITES) == sorted(spec.name for spec in SERVICES)

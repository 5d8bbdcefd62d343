"""The whole system through the gateway: real processes, a real database, real tokens."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from alue.cli import app as cli
from alue.processes import Child, wait_ready
from alue.system import System
from servicekit.testing import TEST_JWT_SECRET

pytestmark = pytest.mark.system

Bearer = Callable[..., dict[str, str]]
TokenFactory = Callable[..., str]
PROBLEM_JSON = "application/problem+json"


@pytest.fixture
def http(system: System) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=system.gateway_url, timeout=10) as client:
        yield client


def unused_code(http: httpx.Client, bearer: Bearer) -> str:
    """A municipality code no one uses yet (the highest real one is 992, Äänekoski)."""
    for number in range(999, 899, -1):
        code = f"{number:03d}"
        if http.get(f"/areas/v1/municipalities/{code}", headers=bearer("admin")).status_code == 404:
            return code
    raise AssertionError("no free municipality code between 900 and 999")


def municipality(code: str, name: str) -> dict[str, Any]:
    return {"code": code, "name_fi": name, "name_sv": name}


def test_viewer_reads_municipalities_through_the_gateway(
    http: httpx.Client, bearer: Bearer
) -> None:
    headers = bearer("viewer", areas=["kymppi"])
    page = http.get("/areas/v1/municipalities", params={"limit": 3}, headers=headers)
    assert page.status_code == 200, page.text
    items = page.json()["items"]
    assert len(items) == 3
    assert page.json()["next_cursor"]

    one = http.get(f"/areas/v1/municipalities/{items[0]['code']}", headers=headers)
    assert one.status_code == 200
    assert one.json() == items[0]
    assert one.headers["ETag"].startswith('"')


def test_request_without_a_token_is_401_problem(http: httpx.Client) -> None:
    response = http.get("/areas/v1/municipalities")
    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_expired_token_is_401_problem(http: httpx.Client, mint: TokenFactory) -> None:
    expired = mint("viewer", areas=["kymppi"], ttl=-60)
    response = http.get("/areas/v1/municipalities", headers={"Authorization": f"Bearer {expired}"})
    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM_JSON
    assert "expired" in response.json()["detail"]


def test_token_from_the_cli_is_accepted(http: httpx.Client) -> None:
    result = CliRunner().invoke(
        cli,
        ["token", "--role", "viewer", "--area", "kymppi"],
        env={"ALUE_JWT_SECRET": TEST_JWT_SECRET},
    )
    assert result.exit_code == 0, result.output
    headers = {"Authorization": f"Bearer {result.output.strip()}"}
    assert http.get("/areas/v1/municipalities?limit=1", headers=headers).status_code == 200


def test_create_replayed_with_the_same_idempotency_key_creates_one_row(
    http: httpx.Client, bearer: Bearer
) -> None:
    code = unused_code(http, bearer)
    body = municipality(code, "Testilä")
    key = {"Idempotency-Key": f"system-{uuid.uuid4().hex}", **bearer("admin")}

    first = http.post("/areas/v1/municipalities", json=body, headers=key)
    replay = http.post("/areas/v1/municipalities", json=body, headers=key)
    fresh_key = {"Idempotency-Key": f"system-{uuid.uuid4().hex}", **bearer("admin")}
    not_a_replay = http.post("/areas/v1/municipalities", json=body, headers=fresh_key)

    assert first.status_code == 201, first.text
    assert (replay.status_code, replay.json()) == (201, first.json())
    assert not_a_replay.status_code == 409  # the row exists: only the replay answered 201
    listing = http.get("/areas/v1/municipalities", params={"codes": code}, headers=bearer("viewer"))
    assert [m["code"] for m in listing.json()["items"]] == [code]


def test_put_with_a_stale_if_match_is_412_and_writes_nothing(
    http: httpx.Client, bearer: Bearer
) -> None:
    code = unused_code(http, bearer)
    created = http.post(
        "/areas/v1/municipalities", json=municipality(code, "Vanha"), headers=bearer("admin")
    )
    assert created.status_code == 201, created.text
    stale = created.headers["ETag"]
    path = f"/areas/v1/municipalities/{code}"

    first = http.put(
        path,
        json={"name_fi": "Uusi", "name_sv": "Ny"},
        headers={"If-Match": stale, **bearer("admin")},
    )
    second = http.put(
        path,
        json={"name_fi": "Toinen", "name_sv": "Annan"},
        headers={"If-Match": stale, **bearer("admin")},
    )

    assert first.status_code == 200, first.text
    assert second.status_code == 412
    assert second.headers["content-type"] == PROBLEM_JSON
    assert http.get(path, headers=bearer("viewer")).json()["name_fi"] == "Uusi"


def test_request_id_comes_back_and_is_in_the_service_log(
    system: System, http: httpx.Client, bearer: Bearer
) -> None:
    request_id = f"system-test-{uuid.uuid4().hex}"
    response = http.get(
        "/areas/v1/municipalities?limit=1",
        headers={"X-Request-ID": request_id, **bearer("viewer")},
    )
    assert response.status_code == 200
    assert response.headers["X-Request-ID"] == request_id
    assert _logged_request_ids(system.services["areas"], request_id)


def _logged_request_ids(child: Child, request_id: str, timeout: float = 5.0) -> bool:
    """Whether the child's JSON log has a line with this request id (it may lag a little)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        lines = child.log_path.read_text(encoding="utf-8").splitlines()
        records = [json.loads(line) for line in lines if line.startswith("{")]
        if any(record.get("request_id") == request_id for record in records):
            return True
        time.sleep(0.1)
    return False


def test_stopped_service_is_502_naming_it_and_recovers_without_a_gateway_restart(
    system: System, http: httpx.Client, bearer: Bearer
) -> None:
    areas = system.services["areas"]
    gateway_pid = system.gateway.pid
    headers = bearer("viewer")

    areas.stop()
    down = http.get("/areas/v1/municipalities?limit=1", headers=headers)
    areas.start(append=True)
    wait_ready([areas], timeout=60)
    up = http.get("/areas/v1/municipalities?limit=1", headers=headers)

    assert down.status_code == 502
    assert down.headers["content-type"] == PROBLEM_JSON
    assert down.json()["service"] == "areas"
    assert "areas" in down.json()["detail"]
    assert up.status_code == 200, up.text
    assert system.gateway.running()
    assert system.gateway.pid == gateway_pid

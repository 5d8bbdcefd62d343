"""The KEHA stand-in implements exactly our written contract, and answers as X-Road does."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from fastapi.routing import APIRoute, iter_route_contexts

from simulators.keha.app import PROVIDER, build_app

CONTRACT = Path(__file__).parents[1] / "keha" / "openapi.yaml"
BASE = "/r1/FI/GOV/0000000-0/asiakastieto"
CLIENT = {"X-Road-Client": "FI/MUN/0000000-0/kymppi"}
COUNTS = f"{BASE}/customer-counts/v1/areas/kymppi/counts"
POSITIONS = f"{BASE}/staff-transfers/v1/areas/kymppi/positions"
SUBMISSIONS = f"{BASE}/plan-submissions/v1/areas/kymppi/submissions"


def contract() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(CONTRACT.read_text(encoding="utf-8"))
    return loaded


def _shape(path: str) -> str:
    """A path with its parameters' names left out: `/a/{}/b`."""
    return re.sub(r"\{[^}]+\}", "{}", path)


@pytest.fixture
async def sim() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=build_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://keha.test") as client:
        yield client


def test_the_routes_are_exactly_the_contracts_operations() -> None:
    written = {
        (method.upper(), _shape(path))
        for path, operations in contract()["paths"].items()
        for method in operations
    }
    served = {
        (method, _shape(path.removeprefix(PROVIDER)))
        for route in iter_route_contexts(build_app().routes)
        if isinstance(route.original_route, APIRoute)
        and (path := route.path_format or "").startswith(PROVIDER + "/")
        for method in route.methods or ()
    }
    assert served == written


def test_the_contract_names_the_xroad_path_and_headers() -> None:
    document = contract()
    assert document["servers"][0]["url"] == (
        "{security_server}/r1/{instance}/{memberClass}/{memberCode}/{subsystem}"
    )
    headers = document["components"]["headers"]
    assert {"XRoadId", "XRoadRequestHash", "XRoadError"} <= set(headers)


async def test_counts_are_paged_and_carry_xroad_headers(sim: httpx.AsyncClient) -> None:
    query = {"from": "2025-06", "to": "2025-06", "page_size": "100"}
    first = await sim.get(COUNTS, params=query, headers=CLIENT)
    assert first.status_code == 200, first.text
    body = first.json()
    assert first.headers["X-Road-Id"]
    expected_hash = hashlib.sha512(
        f"GET {COUNTS}?{first.request.url.query.decode()}\n".encode()
    ).digest()
    assert first.headers["X-Road-Request-Hash"] == base64.b64encode(expected_hash).decode()
    assert (body["page"], len(body["items"])) == (1, 100)
    rows = []
    for page in range(1, body["total_pages"] + 1):
        answer = await sim.get(COUNTS, params={**query, "page": str(page)}, headers=CLIENT)
        rows += answer.json()["items"]
    assert len(rows) == body["total_items"]
    # The plan's June figure, seasonal factor 100: the lines' totals add up to 3,762.
    assert sum(r["customers"] for r in rows if r["segment"] == "all") == 3762


async def test_a_call_without_an_xroad_client_is_an_xroad_error(sim: httpx.AsyncClient) -> None:
    answer = await sim.get(COUNTS, params={"from": "2025-01", "to": "2025-01"})
    assert answer.status_code == 400
    assert answer.headers["X-Road-Error"] == "Client.InvalidClientIdentifier"
    assert set(answer.json()) == {"type", "message", "detail"}
    assert answer.json()["type"] == "Client.InvalidClientIdentifier"


async def test_another_provider_or_service_is_unknown(sim: httpx.AsyncClient) -> None:
    other = COUNTS.replace("/GOV/", "/COM/")
    answer = await sim.get(other, params={"from": "2025-01", "to": "2025-01"}, headers=CLIENT)
    assert answer.headers["X-Road-Error"] == "Server.ServerProxy.UnknownService"
    answer = await sim.get(f"{BASE}/no-such-service/v1", headers=CLIENT)
    assert answer.status_code == 404
    assert answer.headers["X-Road-Error"] == "Server.ServerProxy.UnknownService"


async def test_a_client_without_access_rights_is_denied(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEHA_SIM_CLIENTS", "FI/MUN/0000000-0/other")
    transport = httpx.ASGITransport(app=build_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://keha.test") as sim:
        params = {"start_from": "2025-01-01", "start_to": "2025-12-31"}
        answer = await sim.get(POSITIONS, params=params, headers=CLIENT)
    assert answer.status_code == 403
    assert answer.headers["X-Road-Error"] == "Server.ServerProxy.AccessDenied"


async def test_a_bad_parameter_is_the_services_own_400(sim: httpx.AsyncClient) -> None:
    answer = await sim.get(COUNTS, params={"from": "2025-13", "to": "2025-01"}, headers=CLIENT)
    assert answer.status_code == 400
    assert "X-Road-Error" not in answer.headers
    assert answer.json()["code"] == "bad_request"


async def test_the_transfer_list_is_the_demos_forty_positions(sim: httpx.AsyncClient) -> None:
    params = {"start_from": "2025-01-01", "start_to": "2025-12-31", "page_size": "15"}
    answer = await sim.get(POSITIONS, params=params, headers=CLIENT)
    body = answer.json()
    assert (body["total_items"], body["total_pages"]) == (40, 3)
    assert {p["origin"] for p in body["items"]} == {"state_transfer"}


async def test_injected_failures_answer_then_stop(sim: httpx.AsyncClient) -> None:
    faults = {"fail_times": 2, "fail_status": 503, "fail_type": "Server.ServerProxy.ServiceFailed"}
    assert (await sim.put("/_sim/faults", json=faults)).status_code == 200
    params = {"from": "2025-01", "to": "2025-01"}
    statuses = [(await sim.get(COUNTS, params=params, headers=CLIENT)).status_code
                for _ in range(3)]  # fmt: skip
    assert statuses == [503, 503, 200]
    calls = (await sim.get("/_sim/calls")).json()
    assert [c["xroad_error"] for c in calls] == [
        "Server.ServerProxy.ServiceFailed", "Server.ServerProxy.ServiceFailed", None
    ]  # fmt: skip


def _submission(version: int = 1) -> dict[str, Any]:
    snapshot = {"area_id": "kymppi", "title": "Järjestämissuunnitelma", "version": version}
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    sha = hashlib.sha256(canonical.encode()).hexdigest()
    return {"year": 2026, "version": version, "sha256": sha, "snapshot": snapshot}


async def test_a_submission_is_stored_once_per_idempotency_key(sim: httpx.AsyncClient) -> None:
    headers = {**CLIENT, "Idempotency-Key": "k-1"}
    first = await sim.post(SUBMISSIONS, json=_submission(), headers=headers)
    again = await sim.post(SUBMISSIONS, json=_submission(), headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["submission_id"] == first.json()["submission_id"]
    assert again.json()["replayed"] is True
    other = await sim.post(SUBMISSIONS, json=_submission(2), headers=headers)
    assert other.status_code == 409
    assert len((await sim.get("/_sim/submissions")).json()) == 1
    read = await sim.get(f"{SUBMISSIONS}/{first.json()['submission_id']}", headers=CLIENT)
    assert read.json()["sha256"] == _submission()["sha256"]


async def test_a_submission_needs_a_key_and_the_snapshots_sha256(
    sim: httpx.AsyncClient,
) -> None:
    without_key = await sim.post(SUBMISSIONS, json=_submission(), headers=CLIENT)
    assert without_key.status_code == 400
    wrong = {**_submission(), "sha256": "0" * 64}
    answer = await sim.post(SUBMISSIONS, json=wrong, headers={**CLIENT, "Idempotency-Key": "x"})
    assert answer.status_code == 400
    assert answer.json()["code"] == "sha256_mismatch"


async def test_the_slow_mode_delays_every_answer(sim: httpx.AsyncClient) -> None:
    await sim.put("/_sim/faults", json={"delay_seconds": 0.5})
    started = time.monotonic()
    answer = await sim.get(COUNTS, params={"from": "2025-01", "to": "2025-01"}, headers=CLIENT)
    assert answer.status_code == 200
    assert time.monotonic() - started >= 0.5

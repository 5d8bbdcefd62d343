"""Conditional writes and idempotency keys against real processes, through the gateway.

In-process tests share one database connection, so they cannot show two writers racing or
a process dying mid-transaction; these run the services as `alue run` does.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import asyncpg
import httpx
import pytest

from alue.processes import wait_ready
from alue.system import System

pytestmark = pytest.mark.system

Bearer = Callable[..., dict[str, str]]
WRITERS = 10
ROUNDS = 5
ONE_WINNER = [200] + [412] * (WRITERS - 1)


@pytest.fixture
async def http(system: System) -> AsyncIterator[httpx.AsyncClient]:
    limits = httpx.Limits(max_connections=WRITERS * 2)
    async with httpx.AsyncClient(base_url=system.gateway_url, timeout=30, limits=limits) as client:
        yield client


async def created(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def new_area(http: httpx.AsyncClient, admin: dict[str, str]) -> tuple[str, str]:
    """A fresh area whose home is a fresh municipality (not a member of any area)."""
    suffix = uuid.uuid4().hex[:6]
    for number in range(999, 899, -1):
        code = f"{number:03d}"
        municipality = {"code": code, "name_fi": f"Kunta {suffix}", "name_sv": f"Kommun {suffix}"}
        response = await http.post("/areas/v1/municipalities", json=municipality, headers=admin)
        if response.status_code == 201:
            break
        assert response.status_code == 409, response.text
    area_id = f"rinnakkain-{suffix}"
    area = {
        "id": area_id,
        "name_fi": "Rinnakkainen alue",
        "name_sv": "Parallellt område",
        "organisation_form": "single_municipality",
        "home_municipality_code": code,
    }
    await created(await http.post("/areas/v1/areas", json=area, headers=admin))
    return area_id, code


async def race(
    http: httpx.AsyncClient,
    admin: dict[str, str],
    method: str,
    url: str,
    bodies: Callable[[int], list[dict[str, Any]]],
    *,
    etag_from: str | None = None,
    rounds: int = ROUNDS,
) -> None:
    """Each round: read the resource's ETag, then send every body at once with it as If-Match;
    exactly one write may win. A race is not lost every time, hence the rounds."""
    for round_ in range(rounds):
        read = await http.get(etag_from or url, headers=admin)
        assert read.status_code == 200, read.text
        headers = {**admin, "If-Match": read.headers["ETag"]}
        answers = await asyncio.gather(
            *(http.request(method, url, json=body, headers=headers) for body in bodies(round_))
        )
        for answer in answers:
            assert answer.status_code in (200, 412), answer.text
        assert sorted(answer.status_code for answer in answers) == ONE_WINNER, round_


@pytest.fixture
def admin(bearer: Bearer) -> dict[str, str]:
    return bearer("admin")


async def test_ten_concurrent_municipality_puts_with_one_etag_let_one_win(
    http: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    _, code = await new_area(http, admin)

    def bodies(round_: int) -> list[dict[str, Any]]:
        return [{"name_fi": f"Nimi {round_}.{i}", "name_sv": "Namn"} for i in range(WRITERS)]

    await race(http, admin, "PUT", f"/areas/v1/municipalities/{code}", bodies)


async def test_ten_concurrent_area_patches_with_one_etag_let_one_win(
    http: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    area_id, _ = await new_area(http, admin)

    def bodies(round_: int) -> list[dict[str, Any]]:
        return [{"name_fi": f"Alue {round_}.{i}"} for i in range(WRITERS)]

    await race(http, admin, "PATCH", f"/areas/v1/areas/{area_id}", bodies)


async def test_ten_concurrent_member_patches_with_one_etag_let_one_win(
    http: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    area_id, code = await new_area(http, admin)
    member = {"municipality_code": code, "valid_from": "2025-01-01"}
    response = await http.post(f"/areas/v1/areas/{area_id}/members", json=member, headers=admin)
    membership = await created(response)
    url = f"/areas/v1/areas/{area_id}/members/{membership['id']}"

    def bodies(round_: int) -> list[dict[str, Any]]:
        return [{"valid_to": f"203{round_}-01-{i + 1:02d}"} for i in range(WRITERS)]

    await race(http, admin, "PATCH", url, bodies)


async def test_ten_concurrent_exemption_patches_with_one_etag_let_one_win(
    http: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    area_id, _ = await new_area(http, admin)
    exemption = {
        "criterion": "labour_force_minimum",
        "decision_reference": "VN/1234/2024",
        "decided_on": "2024-06-01",
        "valid_from": "2025-01-01",
    }
    response = await http.post(
        f"/areas/v1/areas/{area_id}/exemptions", json=exemption, headers=admin
    )
    url = f"/areas/v1/areas/{area_id}/exemptions/{(await created(response))['id']}"

    def bodies(round_: int) -> list[dict[str, Any]]:
        return [{"note": f"Muistiinpano {round_}.{i}"} for i in range(WRITERS)]

    await race(http, admin, "PATCH", url, bodies)


async def new_plan(http: httpx.AsyncClient, admin: dict[str, str]) -> str:
    area_id, _ = await new_area(http, admin)
    plans = f"/areas/v1/areas/{area_id}/plans"
    plan = {"year": 2026, "title": "Järjestämissuunnitelma"}
    response = await http.post(plans, json=plan, headers=admin)
    return f"{plans}/{(await created(response))['id']}"


async def test_ten_concurrent_section_puts_with_one_etag_let_one_win(
    http: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    url = f"{await new_plan(http, admin)}/sections/1-alue"
    section = {"title": "Alue", "body": "Ensimmäinen versio", "language": "fi"}
    first = await http.put(url, json=section, headers=admin)
    assert first.status_code == 201, first.text

    def bodies(round_: int) -> list[dict[str, Any]]:
        return [{**section, "body": f"Versio {round_}.{i}"} for i in range(WRITERS)]

    await race(http, admin, "PUT", url, bodies)


async def test_ten_concurrent_transitions_with_one_etag_let_one_win(
    http: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    plan_url = await new_plan(http, admin)

    def bodies(round_: int) -> list[dict[str, Any]]:
        return [{"to": "submitted"}] * WRITERS

    # One round: a plan is submitted once.
    await race(http, admin, "POST", f"{plan_url}/transitions", bodies, etag_from=plan_url, rounds=1)


async def test_an_outsider_with_the_same_key_and_body_gets_404_not_the_stored_answer(
    http: httpx.AsyncClient, admin: dict[str, str], bearer: Bearer
) -> None:
    # Both tokens have the same subject, as every `alue token` once had.
    area = {
        "id": f"toinen-{uuid.uuid4().hex[:6]}",
        "name_fi": "Toinen",
        "name_sv": "Andra",
        "organisation_form": "lead_municipality",
        "home_municipality_code": "005",
    }
    await created(await http.post("/areas/v1/areas", json=area, headers=admin))
    url = f"/areas/v1/areas/{area['id']}/exemptions"
    exemption = {
        "criterion": "contiguity",
        "decision_reference": "VN/99/2025",
        "decided_on": "2025-02-01",
        "valid_from": "2025-03-01",
    }
    key = {"Idempotency-Key": f"k-{uuid.uuid4().hex}"}
    stored = await http.post(url, json=exemption, headers={**admin, **key})
    await created(stored)

    viewer = {**bearer("viewer", areas=["kymppi"]), **key}
    outsider = await http.post(url, json=exemption, headers=viewer)
    assert outsider.status_code == 404
    assert "Idempotent-Replayed" not in outsider.headers
    assert "decision_reference" not in outsider.text
    assert outsider.headers["content-type"] == "application/problem+json"


async def waiting_on_a_lock(connection: asyncpg.Connection) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        waiting = await connection.fetchval(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        if waiting:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the request never reached the locked table")


async def test_a_service_killed_mid_post_leaves_no_stuck_key_and_the_retry_makes_one_snapshot(
    system: System, http: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    areas = system.services["areas"]
    snapshots = f"{await new_plan(http, admin)}/snapshots"
    keyed = {**admin, "Idempotency-Key": f"k-{uuid.uuid4().hex}"}
    document = {"title": "Versio 1", "sections": [{"key": "1-alue", "body": "Teksti"}]}
    database = await asyncpg.connect(areas.env["AREAS_DATABASE_URL"])
    try:
        # The request claims its key, then waits to insert its snapshot; it dies there.
        holder = database.transaction()
        await holder.start()
        await database.execute("LOCK TABLE areas.plan_snapshot IN SHARE MODE")
        pending = asyncio.ensure_future(
            http.post(snapshots, json={"document": document}, headers=keyed)
        )
        await waiting_on_a_lock(database)
        assert areas.process is not None
        areas.process.kill()
        areas.process.wait()
        lost = await pending
        assert lost.status_code >= 500
        await holder.rollback()
    finally:
        await database.close()
    areas.start(append=True)
    wait_ready([areas], timeout=60)

    retry = await http.post(snapshots, json={"document": document}, headers=keyed)
    assert retry.status_code == 201, retry.text
    again = await http.post(snapshots, json={"document": document}, headers=keyed)
    assert again.status_code == 201, again.text
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == retry.json()
    listed = await http.get(snapshots, headers=admin)
    assert [s["version"] for s in listed.json()["items"]] == [1]

"""`office_id` against the real offices service, once `ALUE_SERVICES` names it: a write
asks that service for the office as the caller (README, "The caseload service")."""

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from offices.config import DB_ROLE, MIGRATIONS_DIR, SCHEMA, OfficesSettings
from offices.main import build_app
from offices.testing import OFFICES, office
from servicekit.testing import (
    database_beside,
    migrated_service_url,
    peers_in_process,
    running_app,
    test_auth_env,
)

STAFF = "/v1/areas/kymppi/staff"


@pytest.fixture(scope="module")
async def offices_app(database_url: str, areas_app: FastAPI) -> AsyncIterator[FastAPI]:
    """The real offices service, on a database of its own: the office this test creates is
    committed, and must not meet the offices service's own tests in this worker."""
    async with database_beside(database_url, "offices") as own_url:
        url = await migrated_service_url(
            own_url, schema=SCHEMA, role=DB_ROLE, migrations_dir=MIGRATIONS_DIR
        )
        settings = OfficesSettings.model_validate({"database_url": url, **test_auth_env()})
        async with (
            running_app(build_app(settings)) as running,
            peers_in_process(running, {"areas": areas_app}),
        ):
            yield running


async def test_an_office_id_names_an_office_of_the_area_in_the_offices_service(
    app: FastAPI,
    areas_app: FastAPI,
    offices_app: FastAPI,
    client: httpx.AsyncClient,
    planner: dict[str, str],
) -> None:
    transport = httpx.ASGITransport(app=offices_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://offices.test") as offices:
        created = await offices.post(OFFICES, json=office(), headers=planner)
        assert created.status_code == 201, created.text
    office_id = created.json()["id"]
    body = {
        "fte": 1,
        "function": "customer_service",
        "service_line": "job_matching",
        "origin": "state_transfer",
        "start_date": "2025-01-01",
        "title": "Asiantuntija",
    }
    async with peers_in_process(app, {"areas": areas_app, "offices": offices_app}):
        known = await client.post(STAFF, json={**body, "office_id": office_id}, headers=planner)
        unknown = await client.post(
            STAFF, json={**body, "office_id": office_id + 1000}, headers=planner
        )
    assert known.status_code == 201, known.text
    assert known.json()["office_id"] == office_id
    assert unknown.status_code == 422, unknown.text
    assert unknown.json()["type"] == "/problems/unknown-office"
    assert [e["field"] for e in unknown.json()["errors"]] == ["office_id"]
    listed = (await client.get(STAFF, headers=planner)).json()["items"]
    assert [p["office_id"] for p in listed] == [office_id]

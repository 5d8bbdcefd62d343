"""Row-level security on the funding tables, and the audit trail of every write to them."""

from collections.abc import Callable
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncConnection

from funding.kela_testing import CSV, KYMPPI_YEAR
from servicekit.testing import (
    assert_area_rows_hidden,
    assert_area_tables_secured,
    assert_audit_append_only,
    assert_every_table_audited,
    assert_reference_entries_hidden,
    assert_reference_write_audited,
    assert_write_audited,
)

Auth = Callable[..., dict[str, str]]
BUDGETS = "/v1/areas/kymppi/budgets"
KELA_IMPORTS = "/v1/unemployment-benefit/kela-imports"


async def test_every_area_table_is_secured_and_audited(app: FastAPI) -> None:
    await assert_area_tables_secured(app)


async def test_every_table_is_audited(app: FastAPI) -> None:
    await assert_every_table_audited(app)


async def test_a_budget_is_hidden_without_its_area_and_its_writes_are_audited(
    client: httpx.AsyncClient, auth: Auth, db_connection: AsyncConnection
) -> None:
    async def write(headers: dict[str, str]) -> None:
        created = await client.post(BUDGETS, json={"year": 2026}, headers=headers)
        assert created.status_code == 201, created.text

    [entry] = await assert_write_audited(
        client, auth, area_id="kymppi", resource="budget", write=write
    )
    assert (entry["operation"], entry["before"], entry["after"]["year"]) == ("INSERT", None, 2026)
    await assert_area_rows_hidden(db_connection, "budget", area_id="kymppi")
    await assert_audit_append_only(db_connection)


async def test_a_kela_import_copied_in_is_audited_row_by_row(
    client: httpx.AsyncClient, auth: Auth, db_connection: AsyncConnection
) -> None:
    imported: dict[str, Any] = {}

    async def write(headers: dict[str, str]) -> None:
        answer = await client.post(
            KELA_IMPORTS, content=KYMPPI_YEAR.read_bytes(), headers={**headers, **CSV}
        )
        assert answer.status_code == 201, answer.text
        imported.update(answer.json())

    # The rows go in with COPY (funding.repository.benefits.copy_share_rows).
    rows = await assert_reference_write_audited(
        client, auth, resource="kela_share_row", write=write
    )
    assert len(rows) == imported["rows"] == 218
    assert {(e["operation"], e["before"], e["after"]["import_id"]) for e in rows} == {
        ("INSERT", None, imported["id"])
    }
    assert len({e["after"]["line"] for e in rows}) == 218
    trail = await client.get("/v1/audit", params={"resource": "kela_import"}, headers=auth("admin"))
    [*_, last] = [e for e in trail.json()["items"] if e["request_id"] == rows[0]["request_id"]]
    assert (last["after"]["id"], last["after"]["row_count"]) == (imported["id"], 218)
    await assert_reference_entries_hidden(db_connection)


async def test_an_allocation_run_by_a_planner_is_audited_for_admins_only(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    async def write(headers: dict[str, str]) -> None:
        body = {
            "year": 2025,
            "pool_eur": "100.00",
            "criteria": [{"name": "working_age_population", "weight": "1"}],
            "values": {"005": {"working_age_population": 1}},
            "label": "By hand",
            "source": "Figures of the test",
        }
        created = await client.post("/v1/allocations", json=body, headers=headers)
        assert created.status_code == 201, created.text

    [entry] = await assert_reference_write_audited(
        client, auth, resource="allocation_run", write=write, roles=("planner",)
    )
    assert (entry["operation"], entry["after"]["created_by"]) == ("INSERT", "audit-reference")

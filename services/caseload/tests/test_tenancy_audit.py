"""Row-level security on the caseload tables, and the audit trail of every write to them."""

from collections.abc import Callable

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncConnection

from servicekit.testing import (
    assert_area_rows_hidden,
    assert_area_tables_secured,
    assert_audit_append_only,
    assert_every_table_audited,
    assert_write_audited,
)

Auth = Callable[..., dict[str, str]]
STAFF = "/v1/areas/kymppi/staff"
POSITION = {
    "fte": 1,
    "function": "customer_service",
    "service_line": "multi_sectoral_services",
    "origin": "state_transfer",
    "start_date": "2025-01-01",
    "title": "Asiantuntija",
}


async def test_every_area_table_is_secured_and_audited(app: FastAPI) -> None:
    await assert_area_tables_secured(app)


async def test_every_table_is_audited(app: FastAPI) -> None:
    # Every caseload table is an area's today; a table of no area would need its
    # statement triggers (servicekit.statement_audit.audit_statements).
    await assert_every_table_audited(app)


@pytest.mark.usefixtures("demo")
async def test_without_the_area_set_a_query_returns_nothing(db_connection: AsyncConnection) -> None:
    for table in ("staff_position", "customer_count", "service_line"):
        await assert_area_rows_hidden(db_connection, table, area_id="kymppi")
    await assert_area_rows_hidden(db_connection, "area", area_id="kymppi", area_column="id")


@pytest.mark.usefixtures("demo")
async def test_a_staff_position_written_is_audited_before_and_after(
    client: httpx.AsyncClient, auth: Auth, db_connection: AsyncConnection
) -> None:
    async def write(headers: dict[str, str]) -> None:
        created = await client.post(STAFF, json=POSITION, headers=headers)
        assert created.status_code == 201, created.text
        replaced = await client.put(
            created.headers["Location"],
            json={**POSITION, "fte": 0.5},
            headers={**headers, "If-Match": created.headers["ETag"]},
        )
        assert replaced.status_code == 200, replaced.text

    entries = await assert_write_audited(
        client, auth, area_id="kymppi", resource="staff_position", write=write
    )
    update = next(e for e in entries if e["operation"] == "UPDATE")
    assert (update["before"]["fte"], update["after"]["fte"]) == (1, 0.5)
    await assert_audit_append_only(db_connection)

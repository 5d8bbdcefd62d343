"""Row-level security on the funding tables, and the audit trail of every write to them."""

from collections.abc import Callable

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncConnection

from servicekit.testing import (
    assert_area_rows_hidden,
    assert_area_tables_secured,
    assert_audit_append_only,
    assert_write_audited,
)

Auth = Callable[..., dict[str, str]]
BUDGETS = "/v1/areas/kymppi/budgets"


async def test_every_area_table_is_secured_and_audited(app: FastAPI) -> None:
    await assert_area_tables_secured(app)


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

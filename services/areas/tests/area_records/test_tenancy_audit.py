"""Row-level security on the areas tables, and the audit trail of every write to them."""

from collections.abc import Callable

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncConnection

from servicekit.testing import (
    assert_area_rows_hidden,
    assert_area_tables_secured,
    assert_audit_append_only,
    assert_write_audited,
)

Auth = Callable[..., dict[str, str]]
PLANS = "/v1/areas/kymppi/plans"


async def test_every_area_table_is_secured_and_audited(app: FastAPI) -> None:
    await assert_area_tables_secured(app)


@pytest.mark.usefixtures("kymppi")
async def test_a_plan_is_hidden_without_its_area_and_its_writes_are_audited(
    client: httpx.AsyncClient, auth: Auth, db_connection: AsyncConnection
) -> None:
    async def write(headers: dict[str, str]) -> None:
        created = await client.post(
            PLANS, json={"year": 2025, "title": "Suunnitelma"}, headers=headers
        )
        assert created.status_code == 201, created.text

    [entry] = await assert_write_audited(
        client, auth, area_id="kymppi", resource="plan", write=write
    )
    assert (entry["operation"], entry["before"], entry["after"]["year"]) == ("INSERT", None, 2025)
    await assert_area_rows_hidden(db_connection, "plan", area_id="kymppi")
    await assert_audit_append_only(db_connection)

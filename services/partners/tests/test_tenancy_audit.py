"""Row-level security on the partners tables, and the audit trail of every write to them."""

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
COOPERATION = "/v1/areas/kymppi/cooperation"
ARRANGEMENT = {
    "kind": "agreement",
    "title": "Yhteishankintasopimus",
    "themes": ["training"],
    "area_ids": ["seinajoki-ilmajoki-isokyro"],
    "valid_from": "2025-01-01",
    "valid_to": "2025-12-31",
}


async def test_every_area_table_is_secured_and_audited(app: FastAPI) -> None:
    await assert_area_tables_secured(app)


@pytest.mark.usefixtures("demo")
async def test_without_the_area_set_a_query_returns_nothing(db_connection: AsyncConnection) -> None:
    # The demo records no contacts (personal data); theirs is the same policy as these.
    for table in ("service", "project", "cooperation"):
        await assert_area_rows_hidden(db_connection, table, area_id="kymppi")
    await assert_area_rows_hidden(db_connection, "area", area_id="kymppi", area_column="id")


@pytest.mark.usefixtures("demo")
async def test_a_cooperation_written_is_audited(
    client: httpx.AsyncClient, auth: Auth, db_connection: AsyncConnection
) -> None:
    async def write(headers: dict[str, str]) -> None:
        created = await client.post(COOPERATION, json=ARRANGEMENT, headers=headers)
        assert created.status_code == 201, created.text

    [entry] = await assert_write_audited(
        client, auth, area_id="kymppi", resource="cooperation", write=write
    )
    assert (entry["operation"], entry["before"]) == ("INSERT", None)
    assert entry["after"]["title"] == ARRANGEMENT["title"]
    await assert_audit_append_only(db_connection)

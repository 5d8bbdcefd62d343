"""Row-level security on the offices tables, and the audit trail of every write to them."""

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncConnection

from offices.testing import create_office, office
from servicekit.testing import (
    assert_area_rows_hidden,
    assert_area_tables_secured,
    assert_audit_append_only,
    assert_every_table_audited,
    assert_reference_entries_hidden,
    assert_reference_write_audited,
)

Auth = Callable[..., dict[str, str]]


async def test_every_area_table_is_secured_and_audited(app: FastAPI) -> None:
    await assert_area_tables_secured(app)


async def test_every_table_is_audited(app: FastAPI) -> None:
    await assert_every_table_audited(app)


@pytest.mark.usefixtures("demo")
async def test_without_the_area_set_a_query_returns_nothing(db_connection: AsyncConnection) -> None:
    await assert_area_rows_hidden(db_connection, "office", area_id="kymppi")
    await assert_area_rows_hidden(db_connection, "lease", area_id="kymppi")
    # Opening hours are their office's: hidden with it.
    await assert_area_rows_hidden(
        db_connection,
        "office_hours",
        area_id="kymppi",
        area_column="(SELECT o.area_id FROM office o WHERE o.id = office_hours.office_id)",
    )


async def test_a_write_is_audited_with_who_when_what_and_the_request(
    client: httpx.AsyncClient, auth: Auth, db_connection: AsyncConnection
) -> None:
    planner = auth("planner", areas=["kymppi"], sub="planner-kymppi")
    created = await create_office(client, {**planner, "X-Request-ID": "audit-create"})
    url = created.headers["Location"]
    replaced = await client.put(
        url,
        json=office(name={"fi": "Uusi nimi"}),
        headers={**planner, "If-Match": created.headers["ETag"], "X-Request-ID": "audit-put"},
    )
    assert replaced.status_code == 200, replaced.text

    trail = await client.get("/v1/audit", params={"resource": "office"}, headers=planner)
    assert trail.status_code == 200, trail.text
    entries = {entry["request_id"]: entry for entry in trail.json()["items"]}
    insert, update = entries["audit-create"], entries["audit-put"]
    assert (insert["operation"], insert["sub"], insert["area_id"]) == (
        "INSERT",
        "planner-kymppi",
        "kymppi",
    )
    assert insert["before"] is None
    assert insert["after"]["id"] == created.json()["id"]
    assert update["operation"] == "UPDATE"
    assert update["before"]["name"]["fi"] != update["after"]["name"]["fi"] == "Uusi nimi"
    later = await client.get(
        "/v1/audit", params={"since": update["at"], "resource": "office"}, headers=planner
    )
    assert [e["request_id"] for e in later.json()["items"]] == ["audit-put"]

    elsewhere = await client.get("/v1/audit", headers=auth("planner", areas=["suupohja"]))
    assert elsewhere.status_code == 200
    assert [e for e in elsewhere.json()["items"] if e["area_id"] == "kymppi"] == []
    viewer = await client.get("/v1/audit", headers=auth("viewer", areas=["kymppi"]))
    assert viewer.status_code == 403
    assert viewer.headers["content-type"] == "application/problem+json"
    await assert_audit_append_only(db_connection)


@pytest.mark.usefixtures("kymppi")
async def test_distances_written_again_are_audited_before_and_after(
    client: httpx.AsyncClient, auth: Auth, db_connection: AsyncConnection
) -> None:
    def put(km: float) -> Callable[[dict[str, str]], Any]:
        async def write(headers: dict[str, str]) -> None:
            row = {
                "from_code": "010",
                "to_code": "005",
                "km": km,
                "minutes": 38,
                "source": "Digiroad",
            }
            written = await client.put("/v1/distances", json={"distances": [row]}, headers=headers)
            assert written.status_code == 200, written.text

        return write

    [inserted] = await assert_reference_write_audited(
        client, auth, resource="distance", write=put(47.5)
    )
    assert (inserted["operation"], inserted["before"]) == ("INSERT", None)
    # Stored with the lower code first (offices.rules.distances).
    assert (inserted["after"]["code_a"], inserted["after"]["km"]) == ("005", 47.5)
    # The same pair again (ON CONFLICT DO UPDATE): the pair's row before and after.
    [updated] = await assert_reference_write_audited(
        client, auth, resource="distance", write=put(48.0)
    )
    assert updated["operation"] == "UPDATE"
    assert (updated["before"]["km"], updated["after"]["km"]) == (47.5, 48.0)
    await assert_reference_entries_hidden(db_connection)

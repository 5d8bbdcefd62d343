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
    assert_every_table_audited,
    assert_reference_entries_hidden,
    assert_reference_write_audited,
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


async def test_every_table_is_audited(app: FastAPI) -> None:
    await assert_every_table_audited(app)


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


async def test_a_partner_organisation_written_and_deleted_is_audited_for_admins_only(
    client: httpx.AsyncClient, auth: Auth, db_connection: AsyncConnection
) -> None:
    body = {
        "name": {"fi": "Järviseudun nuorten työpaja"},
        "kind": "workshop",
        "municipalities": ["005"],
        "provided_services": ["nuorten työpaja"],
    }
    created: dict[str, str] = {}

    async def create(headers: dict[str, str]) -> None:
        answer = await client.post("/v1/partners", json=body, headers=headers)
        assert answer.status_code == 201, answer.text
        created.update(url=answer.headers["Location"], etag=answer.headers["ETag"])

    async def rename(headers: dict[str, str]) -> None:
        renamed = {**body, "name": {"fi": "Järviseudun työpaja"}}
        answer = await client.put(
            created["url"], json=renamed, headers={**headers, "If-Match": created["etag"]}
        )
        assert answer.status_code == 200, answer.text
        created["etag"] = answer.headers["ETag"]

    async def delete(headers: dict[str, str]) -> None:
        answer = await client.delete(
            created["url"], headers={**headers, "If-Match": created["etag"]}
        )
        assert answer.status_code == 204, answer.text

    # A register shared by every area: any planner maintains it, only admins read its trail.
    [inserted] = await assert_reference_write_audited(
        client, auth, resource="partner", write=create, roles=("planner",)
    )
    assert (inserted["operation"], inserted["before"]) == ("INSERT", None)
    [updated] = await assert_reference_write_audited(
        client, auth, resource="partner", write=rename, roles=("planner",)
    )
    assert updated["operation"] == "UPDATE"
    assert updated["before"]["id"] == updated["after"]["id"] == inserted["after"]["id"]
    assert (updated["before"]["name"]["fi"], updated["after"]["name"]["fi"]) == (
        "Järviseudun nuorten työpaja",
        "Järviseudun työpaja",
    )
    [deleted] = await assert_reference_write_audited(
        client, auth, resource="partner", write=delete, roles=("planner",)
    )
    assert (deleted["operation"], deleted["before"], deleted["after"]) == (
        "DELETE",
        updated["after"],
        None,
    )
    await assert_reference_entries_hidden(db_connection)

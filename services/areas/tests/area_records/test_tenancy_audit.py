"""Row-level security on the areas tables, and the audit trail of every write to them."""

from collections.abc import Callable
from typing import Any

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
PLANS = "/v1/areas/kymppi/plans"


async def test_every_area_table_is_secured_and_audited(app: FastAPI) -> None:
    await assert_area_tables_secured(app)


async def test_every_table_is_audited(app: FastAPI) -> None:
    await assert_every_table_audited(app)


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


def statistic(code: str, value: float) -> dict[str, Any]:
    return {
        "municipality_code": code,
        "indicator": "population",
        "period": "2023",
        "value": value,
        "unit": "persons",
        "source": "Statistics Finland",
        "is_estimate": False,
        "retrieved_at": "2024-05-01T12:00:00+03:00",
    }


@pytest.mark.usefixtures("registry")
async def test_a_statistics_upsert_is_audited_with_each_row_before_and_after(
    client: httpx.AsyncClient, auth: Auth, db_connection: AsyncConnection
) -> None:
    def put(rows: list[dict[str, Any]]) -> Callable[[dict[str, str]], Any]:
        async def write(headers: dict[str, str]) -> None:
            written = await client.put("/v1/statistics", json={"statistics": rows}, headers=headers)
            assert written.status_code == 200, written.text

        return write

    inserted = await assert_reference_write_audited(
        client,
        auth,
        resource="statistic",
        write=put([statistic("005", 9000), statistic("009", 2500)]),
    )
    assert sorted(
        (e["operation"], e["before"], e["after"]["municipality_code"], e["after"]["value"])
        for e in inserted
    ) == [("INSERT", None, "005", 9000), ("INSERT", None, "009", 2500)]
    # The same keys again (ON CONFLICT DO UPDATE): the changed row only, before and after.
    [updated] = await assert_reference_write_audited(
        client,
        auth,
        resource="statistic",
        write=put([statistic("005", 9100), statistic("009", 2500)]),
    )
    assert updated["operation"] == "UPDATE"
    assert (updated["before"]["municipality_code"], updated["before"]["value"]) == ("005", 9000)
    assert (updated["after"]["municipality_code"], updated["after"]["value"]) == ("005", 9100)
    await assert_reference_entries_hidden(db_connection)

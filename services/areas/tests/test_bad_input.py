"""Input PostgreSQL could not store, or a person could not read, is 422 naming the field.

Each of these once reached the database and answered 500 (NUL bytes, a year-1 timestamp)
or was stored as sent (control characters in a source).
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from areas.demo import municipality_rows
from areas.repository.municipalities import upsert_municipalities

Auth = Callable[..., dict[str, str]]


@pytest.fixture
async def municipalities(db_session: AsyncSession) -> None:
    await upsert_municipalities(db_session, municipality_rows())
    await db_session.commit()


def stat(**fields: Any) -> dict[str, Any]:
    row = {
        "municipality_code": "005",
        "indicator": "population",
        "period": "2023",
        "value": 9000,
        "unit": "persons",
        "source": "Statistics Finland",
        "is_estimate": False,
        "retrieved_at": "2024-05-01T12:00:00+03:00",
    }
    return {**row, **fields}


async def put_statistics(
    client: httpx.AsyncClient, auth: Auth, row: dict[str, Any]
) -> httpx.Response:
    return await client.put("/v1/statistics", json={"statistics": [row]}, headers=auth("admin"))


async def stored_statistics(db_session: AsyncSession) -> int:
    return int(await db_session.scalar(text("SELECT count(*) FROM statistic")) or 0)


def named_fields(response: httpx.Response) -> list[str]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return [error["field"] for error in response.json()["errors"]]


@pytest.mark.usefixtures("municipalities")
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("unit", "persons\x00"),
        ("source", "Statistics\x00Finland"),
        ("source", "Statistics\x1bFinland"),
        ("source", "line one\nline two"),
        ("source_url", "https://stat.fi/\x00"),
        ("retrieved_at", "0001-01-01T00:00:00+01:00"),
        ("retrieved_at", "9999-12-31T23:59:59-01:00"),
        ("retrieved_at", "0001-01-01T00:00:00Z"),
    ],
)
async def test_a_statistic_postgresql_cannot_hold_is_named_and_nothing_is_written(
    client: httpx.AsyncClient, auth: Auth, db_session: AsyncSession, field: str, value: str
) -> None:
    response = await put_statistics(client, auth, stat(**{field: value}))
    assert named_fields(response) == [f"statistics.0.{field}"]
    assert await stored_statistics(db_session) == 0


@pytest.mark.usefixtures("municipalities")
async def test_retrieved_at_defaults_to_the_time_of_the_request(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    row = stat()
    del row["retrieved_at"]
    before = dt.datetime.now(dt.UTC)
    response = await put_statistics(client, auth, row)
    after = dt.datetime.now(dt.UTC)
    assert response.status_code == 200, response.text
    listed = await client.get("/v1/statistics?codes=005", headers=auth("viewer"))
    assert listed.status_code == 200, listed.text
    retrieved_at = dt.datetime.fromisoformat(listed.json()["items"][0]["retrieved_at"])
    assert before - dt.timedelta(seconds=1) <= retrieved_at <= after + dt.timedelta(seconds=1)


@pytest.mark.usefixtures("municipalities")
async def test_a_timestamp_reads_back_with_its_offset(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    written = await put_statistics(client, auth, stat(retrieved_at="1900-01-01T00:00:00Z"))
    assert written.status_code == 200, written.text
    listed = await client.get("/v1/statistics?codes=005", headers=auth("viewer"))
    assert listed.status_code == 200, listed.text
    read = dt.datetime.fromisoformat(listed.json()["items"][0]["retrieved_at"])
    assert read == dt.datetime(1900, 1, 1, tzinfo=dt.UTC)


@pytest.mark.usefixtures("municipalities")
@pytest.mark.parametrize("source", ["wiki\x00", "wiki\x07"])
async def test_a_border_source_with_control_characters_is_422(
    client: httpx.AsyncClient, auth: Auth, source: str
) -> None:
    pair = {"municipality_code": "005", "neighbour_code": "010", "source": source}
    response = await client.put("/v1/borders", json={"borders": [pair]}, headers=auth("admin"))
    assert named_fields(response) == ["borders.0.source"]


@pytest.mark.parametrize("q", ["Al\x00", "Al\x1f"])
async def test_a_name_prefix_with_control_characters_is_422(
    client: httpx.AsyncClient, auth: Auth, q: str
) -> None:
    response = await client.get("/v1/municipalities", params={"q": q}, headers=auth("viewer"))
    assert named_fields(response) == ["q"]


@pytest.mark.parametrize(
    "path",
    [
        "/v1/municipalities/5",
        "/v1/municipalities/0050",
        "/v1/municipalities/x05/statistics",
        "/v1/municipalities/05a/neighbours",
    ],
)
async def test_a_malformed_municipality_code_in_a_path_is_422(
    client: httpx.AsyncClient, auth: Auth, path: str
) -> None:
    response = await client.get(path, headers=auth("viewer"))
    assert named_fields(response) == ["code"]


@pytest.mark.usefixtures("municipalities")
async def test_a_municipality_put_back_as_read_is_accepted(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    read = await client.get("/v1/municipalities/005", headers=auth("admin"))
    assert read.status_code == 200, read.text
    etag = read.headers["ETag"]
    body = {**read.json(), "region": "Etelä-Pohjanmaa"}
    written = await client.put(
        "/v1/municipalities/005", json=body, headers={**auth("admin"), "If-Match": etag}
    )
    assert written.status_code == 200, written.text
    assert written.json()["code"] == "005"
    assert written.json()["region"] == "Etelä-Pohjanmaa"


@pytest.mark.usefixtures("municipalities")
async def test_a_put_that_changes_the_read_only_code_is_422(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    read = await client.get("/v1/municipalities/005", headers=auth("admin"))
    assert read.status_code == 200, read.text
    body = {**read.json(), "code": "010"}
    written = await client.put(
        "/v1/municipalities/005",
        json=body,
        headers={**auth("admin"), "If-Match": read.headers["ETag"]},
    )
    assert named_fields(written) == ["code"]
    again = await client.get("/v1/municipalities/005", headers=auth("admin"))
    assert again.json() == read.json()

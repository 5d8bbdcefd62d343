"""PUT/GET of statistics with provenance, and one municipality's statistics."""

import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from areas.demo import municipality_rows
from areas.indicators import INDICATORS
from areas.repository.municipalities import upsert_municipalities

Auth = Callable[..., dict[str, str]]


@pytest.fixture
async def municipalities(db_session: AsyncSession) -> None:
    await upsert_municipalities(db_session, municipality_rows())
    await db_session.commit()


def stat(
    code: str = "005",
    indicator: str = "population",
    period: str = "2023",
    value: float = 9000,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "municipality_code": code,
        "indicator": indicator,
        "period": period,
        "value": value,
        "unit": "persons",
        "source": "Statistics Finland",
        "source_url": "https://pxdata.stat.fi/",
        "is_estimate": False,
        "retrieved_at": "2024-05-01T12:00:00+03:00",
        **extra,
    }


async def put(client: httpx.AsyncClient, auth: Auth, rows: list[dict[str, Any]]) -> httpx.Response:
    return await client.put("/v1/statistics", json={"statistics": rows}, headers=auth("admin"))


async def listing(client: httpx.AsyncClient, auth: Auth, query: str = "") -> list[dict[str, Any]]:
    response = await client.get(f"/v1/statistics?limit=500{query}", headers=auth("viewer"))
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def test_the_migrated_table_knows_the_same_indicators(db_session: AsyncSession) -> None:
    # The migration keeps its own copy of the list (migrations never import the models).
    definition = await db_session.scalar(
        text(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conname LIKE '%indicator_known'"
        )
    )
    assert set(re.findall(r"'([a-z_]+)'", str(definition))) == set(INDICATORS)


@pytest.mark.usefixtures("municipalities")
async def test_admin_writes_and_any_token_reads_with_provenance(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    row = stat(value=8982, source="mikkokesa", is_estimate=True)
    response = await put(client, auth, [row, stat(code="010", value=10634)])
    assert response.status_code == 200, response.text
    assert response.json() == {"written": 2}

    read = await client.get("/v1/statistics?codes=005", headers=auth("viewer", areas=["x"]))
    assert read.status_code == 200
    [item] = read.json()["items"]
    assert {k: item[k] for k in ("municipality_code", "indicator", "period", "value")} == {
        "municipality_code": "005",
        "indicator": "population",
        "period": "2023",
        "value": 8982,
    }
    assert item["source"] == "mikkokesa"
    assert item["is_estimate"] is True
    assert item["source_url"] == "https://pxdata.stat.fi/"
    assert item["retrieved_at"].startswith("2024-05-01T09:00:00")


@pytest.mark.usefixtures("municipalities")
async def test_writing_again_replaces_by_key(client: httpx.AsyncClient, auth: Auth) -> None:
    assert (await put(client, auth, [stat(value=1)])).status_code == 200
    assert (await put(client, auth, [stat(value=2, source="revised")])).status_code == 200
    [item] = await listing(client, auth)
    assert (item["value"], item["source"]) == (2, "revised")


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"period": "2023-13"}, "period"),
        ({"period": "2023M06"}, "period"),
        ({"indicator": "happiness"}, "indicator"),
        ({"value": -1}, "value"),
        ({"value": 1e12 + 1}, "value"),
        ({"municipality_code": "999"}, "municipality_code"),
        ({"municipality_code": "12"}, "municipality_code"),
        ({"retrieved_at": "2024-05-01T12:00:00"}, "retrieved_at"),
        ({"retrieved_at": 0}, "retrieved_at"),
        ({"value": "12"}, "value"),
        ({"is_estimate": "no"}, "is_estimate"),
        ({"source": ""}, "source"),
        ({"source_url": "ftp://example.org"}, "source_url"),
    ],
)
@pytest.mark.usefixtures("municipalities")
async def test_one_bad_row_is_named_and_nothing_is_written(
    client: httpx.AsyncClient, auth: Auth, bad: dict[str, Any], field: str
) -> None:
    rows = [stat(code="005"), stat(code="010"), stat(code="233", **bad)]
    response = await put(client, auth, rows)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == [f"statistics.2.{field}"]
    assert await listing(client, auth) == []


@pytest.mark.usefixtures("municipalities")
async def test_a_key_given_twice_is_a_bad_row(client: httpx.AsyncClient, auth: Auth) -> None:
    response = await put(client, auth, [stat(), stat(code="010"), stat(value=5)])
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "statistics.2.period"
    assert "statistics.0" in error["message"]
    assert await listing(client, auth) == []


@pytest.mark.usefixtures("municipalities")
async def test_every_unknown_code_is_listed(client: httpx.AsyncClient, auth: Auth) -> None:
    response = await put(client, auth, [stat(code="998"), stat(), stat(code="999")])
    assert [e["field"] for e in response.json()["errors"]] == [
        "statistics.0.municipality_code",
        "statistics.2.municipality_code",
    ]


async def test_an_empty_write_is_422(client: httpx.AsyncClient, auth: Auth) -> None:
    response = await put(client, auth, [])
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["statistics"]


async def test_only_admins_write_and_reads_need_a_token(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    body = {"statistics": [stat()]}
    planner = await client.put("/v1/statistics", json=body, headers=auth("planner", areas=["k"]))
    assert planner.status_code == 403
    assert (await client.put("/v1/statistics", json=body)).status_code == 401
    assert (await client.get("/v1/statistics")).status_code == 401
    assert (await client.get("/v1/municipalities/005/statistics")).status_code == 401


@pytest.mark.usefixtures("municipalities")
async def test_list_filters_and_pages_in_period_order(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    rows = [
        stat(period=p, indicator=i, code=c)
        for p in ("2023", "2023-06", "2023-12", "2022")
        for i in ("population", "labour_force")
        for c in ("005", "010")
    ]
    assert (await put(client, auth, rows)).status_code == 200

    items = await listing(client, auth, "&indicator=labour_force&codes=005")
    # Chronological: a year counts as its December, the month of the same key after it.
    assert [i["period"] for i in items] == ["2022", "2023-06", "2023", "2023-12"]
    assert len(await listing(client, auth, "&period=2023-06")) == 4

    seen, url = [], "/v1/statistics?limit=3"
    while url:
        page = await client.get(url, headers=auth("viewer"))
        seen += page.json()["items"]
        cursor = page.json()["next_cursor"]
        assert ("Link" in page.headers) == (cursor is not None)
        url = f"/v1/statistics?limit=3&cursor={cursor}" if cursor else ""
    assert len(seen) == len(rows)
    assert seen == await listing(client, auth)


@pytest.mark.usefixtures("municipalities")
async def test_as_of_gives_the_latest_at_or_before_and_says_which(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    rows = [
        stat(period="2022", value=1, source="year 2022"),
        stat(period="2023-06", value=2, source="June 2023"),
        stat(period="2023", value=3, source="year 2023"),
        stat(code="010", period="2024-01", value=4),
    ]
    assert (await put(client, auth, rows)).status_code == 200

    june = await listing(client, auth, "&indicator=population&as_of=2023-11")
    assert [(i["municipality_code"], i["period"], i["source"]) for i in june] == [
        ("005", "2023-06", "June 2023")
    ]
    end_of_year = await listing(client, auth, "&as_of=2023")
    assert [(i["period"], i["value"]) for i in end_of_year] == [("2023", 3)]


async def test_period_and_as_of_together_are_422(client: httpx.AsyncClient, auth: Auth) -> None:
    response = await client.get("/v1/statistics?period=2023&as_of=2023", headers=auth("viewer"))
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["as_of"]


@pytest.mark.parametrize("query", ["period=2023-1", "as_of=x", "indicator=nope", "codes=5"])
async def test_bad_query_is_named(client: httpx.AsyncClient, auth: Auth, query: str) -> None:
    response = await client.get(f"/v1/statistics?{query}", headers=auth("viewer"))
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [query.split("=")[0]]


async def test_a_foreign_cursor_is_422(client: httpx.AsyncClient, auth: Auth) -> None:
    # A cursor of the municipality list: one key, not four.
    response = await client.get("/v1/statistics?cursor=WyIwMDUiXQ", headers=auth("viewer"))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "cursor"


@pytest.mark.usefixtures("municipalities")
async def test_municipality_statistics_in_an_inclusive_range(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    periods = ["2021", "2022-12", "2023-01", "2023-06", "2023", "2024-01"]
    rows = [stat(period=p) for p in periods] + [stat(code="010", period="2023-06")]
    rows.append(stat(period="2023-06", indicator="jobseekers"))
    assert (await put(client, auth, rows)).status_code == 200

    async def periods_of(query: str) -> list[str]:
        response = await client.get(
            f"/v1/municipalities/005/statistics?indicator=population{query}",
            headers=auth("viewer"),
        )
        assert response.status_code == 200, response.text
        return [i["period"] for i in response.json()["items"]]

    assert await periods_of("&from=2023&to=2023") == ["2023-01", "2023-06", "2023"]
    assert await periods_of("&from=2022-12&to=2023-06") == ["2022-12", "2023-01", "2023-06"]
    assert await periods_of("&to=2022") == ["2021", "2022-12"]
    assert len(await periods_of("")) == len(periods)


async def test_municipality_statistics_of_an_unknown_code_is_404(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    response = await client.get("/v1/municipalities/999/statistics", headers=auth("viewer"))
    assert response.status_code == 404


async def test_municipality_statistics_bad_range_is_named(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    response = await client.get(
        "/v1/municipalities/005/statistics?from=2023-00", headers=auth("viewer")
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["from"]

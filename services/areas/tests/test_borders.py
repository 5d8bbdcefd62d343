"""PUT /v1/borders, GET /v1/borders?codes= and GET /v1/municipalities/{code}/neighbours."""

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from areas.demo import municipality_rows
from areas.repository.municipalities import upsert_municipalities

Auth = Callable[..., dict[str, str]]


@pytest.fixture
async def municipalities(db_session: AsyncSession) -> None:
    await upsert_municipalities(db_session, municipality_rows())
    await db_session.commit()


async def put(client: httpx.AsyncClient, auth: Auth, pairs: list[dict[str, Any]]) -> httpx.Response:
    return await client.put("/v1/borders", json={"borders": pairs}, headers=auth("admin"))


async def neighbours(client: httpx.AsyncClient, auth: Auth, code: str) -> list[str]:
    response = await client.get(f"/v1/municipalities/{code}/neighbours", headers=auth("viewer"))
    assert response.status_code == 200, response.text
    return [n["code"] for n in response.json()["neighbours"]]


def pair(a: str, b: str, source: str | None = "wiki") -> dict[str, Any]:
    return {"municipality_code": a, "neighbour_code": b, "source": source}


@pytest.mark.usefixtures("municipalities")
async def test_a_border_is_seen_from_both_ends(client: httpx.AsyncClient, auth: Auth) -> None:
    response = await put(client, auth, [pair("005", "010"), pair("005", "934")])
    assert response.status_code == 200, response.text
    assert response.json() == {"pairs": 2}
    assert await neighbours(client, auth, "005") == ["010", "934"]
    assert await neighbours(client, auth, "010") == ["005"]
    assert await neighbours(client, auth, "934") == ["005"]

    read = await client.get("/v1/municipalities/010/neighbours", headers=auth("viewer"))
    [alajarvi] = read.json()["neighbours"]
    assert alajarvi == {
        "code": "005",
        "name_fi": "Alajärvi",
        "name_sv": "Alajärvi",
        "source": "wiki",
    }


@pytest.mark.usefixtures("municipalities")
async def test_a_pair_given_again_in_either_order_is_one_border(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    first = await put(client, auth, [pair("005", "010"), pair("010", "005", "newer")])
    assert first.json() == {"pairs": 1}
    again = await put(client, auth, [pair("010", "005", "newest")])
    assert again.status_code == 200
    read = await client.get("/v1/municipalities/005/neighbours", headers=auth("viewer"))
    assert [(n["code"], n["source"]) for n in read.json()["neighbours"]] == [("010", "newest")]


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (pair("005", "005"), "borders.1.neighbour_code"),
        (pair("005", "999"), "borders.1.neighbour_code"),
        (pair("998", "005"), "borders.1.municipality_code"),
        (pair("005", "5"), "borders.1.neighbour_code"),
    ],
)
@pytest.mark.usefixtures("municipalities")
async def test_a_bad_pair_is_named_and_nothing_is_written(
    client: httpx.AsyncClient, auth: Auth, bad: dict[str, Any], field: str
) -> None:
    response = await put(client, auth, [pair("005", "010"), bad])
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert await neighbours(client, auth, "005") == []


async def test_only_admins_set_borders(client: httpx.AsyncClient, auth: Auth) -> None:
    body = {"borders": [pair("005", "010")]}
    viewer = await client.put("/v1/borders", json=body, headers=auth("viewer"))
    assert viewer.status_code == 403
    assert (await client.put("/v1/borders", json=body)).status_code == 401
    assert (await client.get("/v1/municipalities/005/neighbours")).status_code == 401


async def test_neighbours_of_an_unknown_code_is_404(client: httpx.AsyncClient, auth: Auth) -> None:
    response = await client.get("/v1/municipalities/999/neighbours", headers=auth("viewer"))
    assert response.status_code == 404


async def borders(client: httpx.AsyncClient, auth: Auth, codes: str) -> httpx.Response:
    return await client.get("/v1/borders", params={"codes": codes}, headers=auth("viewer"))


@pytest.mark.usefixtures("municipalities")
async def test_borders_of_codes_give_each_border_among_and_around_them_once(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    written = await put(
        client,
        auth,
        [pair("010", "005"), pair("005", "934", None), pair("010", "233"), pair("233", "300")],
    )
    assert written.status_code == 200, written.text

    response = await borders(client, auth, "934,010,005,010")
    assert response.status_code == 200, response.text
    # Among the codes from the smaller one; around them from the one asked for; 233-300 not.
    assert response.json() == {
        "borders": [
            {"municipality_code": "005", "neighbour_code": "010", "source": "wiki"},
            {"municipality_code": "005", "neighbour_code": "934", "source": None},
            {"municipality_code": "010", "neighbour_code": "233", "source": "wiki"},
        ]
    }
    assert (await borders(client, auth, "999")).json() == {"borders": []}


@pytest.mark.parametrize(
    "codes",
    ["", "5", "005,", "005;010", "0050", ",".join(f"{n:03d}" for n in range(401))],
)
async def test_borders_of_bad_codes_is_422_naming_codes(
    client: httpx.AsyncClient, auth: Auth, codes: str
) -> None:
    response = await borders(client, auth, codes)
    assert response.status_code == 422, response.text
    assert [(e["field"], e["in"]) for e in response.json()["errors"]] == [("codes", "query")]


async def test_borders_need_codes_and_a_token(client: httpx.AsyncClient, auth: Auth) -> None:
    missing = await client.get("/v1/borders", headers=auth("viewer"))
    assert missing.status_code == 422, missing.text
    assert [e["field"] for e in missing.json()["errors"]] == ["codes"]
    assert (await client.get("/v1/borders", params={"codes": "005"})).status_code == 401


async def test_borders_take_400_codes(client: httpx.AsyncClient, auth: Auth) -> None:
    codes = ",".join(f"{n:03d}" for n in range(400))
    assert (await borders(client, auth, codes)).status_code == 200

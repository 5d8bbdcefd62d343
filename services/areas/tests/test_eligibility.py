"""POST /v1/eligibility: the what-if formation check on real data."""

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

Auth = Callable[..., dict[str, str]]
KYMPPI = ["005", "010", "052", "233", "300", "403", "408", "759", "934", "989"]


async def check(client: httpx.AsyncClient, auth: Auth, **body: Any) -> httpx.Response:
    return await client.post("/v1/eligibility", json=body, headers=auth("viewer", areas=["x"]))


def criterion(answer: dict[str, Any], name: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [c for c in answer["criteria"] if c["criterion"] == name]
    assert len(found) == 1
    return found[0]


async def add_labour_force(
    client: httpx.AsyncClient, auth: Auth, code: str, period: str, value: int
) -> None:
    row = {
        "municipality_code": code,
        "indicator": "labour_force",
        "period": period,
        "value": value,
        "unit": "persons",
        "source": f"test {period}",
        "is_estimate": False,
        "retrieved_at": "2024-01-01T00:00:00Z",
    }
    response = await client.put("/v1/statistics", json={"statistics": [row]}, headers=auth("admin"))
    assert response.status_code == 200, response.text


@pytest.mark.usefixtures("demo")
async def test_kymppi_is_eligible_with_the_plans_labour_force(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    response = await check(client, auth, municipality_codes=KYMPPI)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["eligible"] is True
    # Plan §1.2: "työvoiman määrä alueella on 28 616 henkilöä" (June 2023).
    assert answer["labour_force_total"] == 28_616
    assert [c["criterion"] for c in answer["criteria"]] == ["labour_force_minimum", "contiguity"]
    labour = criterion(answer, "labour_force_minimum")
    assert labour["status"] == "passed"
    assert {f["period"] for f in labour["figures"]} == {"2023-06"}
    assert all(f["is_estimate"] and "Estimate" in f["source"] for f in labour["figures"])
    assert criterion(answer, "contiguity")["status"] == "passed"


@pytest.mark.usefixtures("demo")
async def test_two_separate_groups_fail_contiguity_with_their_components(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    # Vimpeli borders only Alajärvi among members; without Alajärvi it is cut off.
    codes = [c for c in KYMPPI if c != "005"]
    answer = (await check(client, auth, municipality_codes=codes)).json()
    contiguity = criterion(answer, "contiguity")
    assert contiguity["status"] == "failed"
    assert ["934"] in contiguity["components"]
    assert sorted(c for group in contiguity["components"] for c in group) == sorted(codes)
    assert answer["eligible"] is False


@pytest.mark.usefixtures("demo")
async def test_a_small_set_fails_the_labour_force_minimum(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    answer = (await check(client, auth, municipality_codes=["005", "934"])).json()
    labour = criterion(answer, "labour_force_minimum")
    assert labour["status"] == "failed"
    assert answer["labour_force_total"] == sum(f["value"] for f in labour["figures"])
    assert answer["labour_force_total"] < 20_000
    assert criterion(answer, "contiguity")["status"] == "passed"


@pytest.mark.usefixtures("demo")
async def test_the_threshold_is_a_parameter_and_inclusive(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    small = (await check(client, auth, municipality_codes=["005", "934"])).json()
    total = int(small["labour_force_total"])
    at = (await check(client, auth, municipality_codes=["005", "934"], threshold=total)).json()
    assert at["eligible"] is True
    above = await check(client, auth, municipality_codes=["005", "934"], threshold=total + 1)
    assert above.json()["eligible"] is False


@pytest.mark.usefixtures("demo")
async def test_one_large_municipality_is_eligible_alone(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    await add_labour_force(client, auth, "091", "2023-06", 350_000)
    answer = (await check(client, auth, municipality_codes=["091"])).json()
    assert answer["eligible"] is True
    assert [c["status"] for c in answer["criteria"]] == ["passed", "passed"]


@pytest.mark.usefixtures("demo")
async def test_a_member_without_a_figure_is_unknown_and_listed(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    # Kyyjärvi borders Alajärvi but has no labour-force figure in the demo data.
    answer = (await check(client, auth, municipality_codes=["005", "312"])).json()
    labour = criterion(answer, "labour_force_minimum")
    assert labour["status"] == "unknown"
    assert labour["missing_codes"] == ["312"]
    assert answer["eligible"] is False


@pytest.mark.usefixtures("demo")
async def test_as_of_uses_the_latest_figure_at_or_before_it(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    await add_labour_force(client, auth, "091", "2022", 18_000)
    await add_labour_force(client, auth, "091", "2024-01", 21_000)
    for as_of, period, eligible in [("2023-12", "2022", False), ("2024-02", "2024-01", True)]:
        answer = (await check(client, auth, municipality_codes=["091"], as_of=as_of)).json()
        [figure] = criterion(answer, "labour_force_minimum")["figures"]
        assert (figure["period"], figure["source"]) == (period, f"test {period}")
        assert answer["eligible"] is eligible
        assert answer["as_of"] == as_of
    before_any = (await check(client, auth, municipality_codes=["091"], as_of="2021")).json()
    assert criterion(before_any, "labour_force_minimum")["status"] == "unknown"


@pytest.mark.parametrize(
    ("codes", "fields"),
    [
        (["005", "999", "998"], ["municipality_codes.1", "municipality_codes.2"]),
        (["005", "010", "005"], ["municipality_codes.2"]),
        ([], ["municipality_codes"]),
        (["5"], ["municipality_codes.0"]),
    ],
)
@pytest.mark.usefixtures("demo")
async def test_bad_sets_are_named(
    client: httpx.AsyncClient, auth: Auth, codes: list[str], fields: list[str]
) -> None:
    response = await check(client, auth, municipality_codes=codes)
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == fields


@pytest.mark.parametrize(("field", "value"), [("as_of", "2023-13"), ("threshold", 0)])
async def test_bad_parameters_are_named(
    client: httpx.AsyncClient, auth: Auth, field: str, value: object
) -> None:
    response = await check(client, auth, municipality_codes=["005"], **{field: value})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


async def test_the_check_needs_a_token(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/eligibility", json={"municipality_codes": ["005"]})
    assert response.status_code == 401


@pytest.mark.usefixtures("demo")
async def test_a_new_figure_or_border_is_seen_by_the_next_check(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    # Lapua and Kauhava border each other; Seinäjoki borders Lapua in the demo data.
    before = (await check(client, auth, municipality_codes=["408", "743"])).json()
    assert criterion(before, "labour_force_minimum")["missing_codes"] == ["743"]
    await add_labour_force(client, auth, "743", "2023-06", 30_000)
    after = (await check(client, auth, municipality_codes=["408", "743"])).json()
    assert criterion(after, "labour_force_minimum")["status"] == "passed"

    apart = (await check(client, auth, municipality_codes=["934", "759"])).json()
    assert criterion(apart, "contiguity")["status"] == "failed"
    pair = {"municipality_code": "934", "neighbour_code": "759"}
    response = await client.put("/v1/borders", json={"borders": [pair]}, headers=auth("admin"))
    assert response.status_code == 200
    joined = (await check(client, auth, municipality_codes=["934", "759"])).json()
    assert criterion(joined, "contiguity")["status"] == "passed"


@pytest.mark.usefixtures("demo")
async def test_a_change_made_outside_the_api_is_seen_too(
    client: httpx.AsyncClient, auth: Auth, db_session: AsyncSession
) -> None:
    before = (await check(client, auth, municipality_codes=KYMPPI)).json()
    assert before["eligible"] is True
    await db_session.execute(
        text("UPDATE statistic SET value = value / 2 WHERE indicator = 'labour_force'")
    )
    await db_session.commit()
    after = (await check(client, auth, municipality_codes=KYMPPI)).json()
    assert after["labour_force_total"] < before["labour_force_total"]
    assert after["eligible"] is False


@pytest.mark.usefixtures("demo")
async def test_a_municipality_added_after_a_check_is_known(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    assert (await check(client, auth, municipality_codes=["005"])).status_code == 200
    body = {"code": "001", "name_fi": "Uusikunta", "name_sv": "Nykommun"}
    created = await client.post("/v1/municipalities", json=body, headers=auth("admin"))
    assert created.status_code == 201
    answer = await check(client, auth, municipality_codes=["001"])
    assert answer.status_code == 200, answer.text
    assert criterion(answer.json(), "labour_force_minimum")["missing_codes"] == ["001"]


@pytest.mark.usefixtures("demo")
async def test_a_municipality_created_after_a_check_is_known_to_the_next(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    assert (await check(client, auth, municipality_codes=["005"])).status_code == 200
    created = await client.post(
        "/v1/municipalities",
        json={"code": "998", "name_fi": "Uusikunta", "name_sv": "Nykommun"},
        headers=auth("admin"),
    )
    assert created.status_code == 201
    response = await check(client, auth, municipality_codes=["005", "998"])
    assert response.status_code == 200, response.text
    assert criterion(response.json(), "labour_force_minimum")["missing_codes"] == ["998"]

"""POST /v1/unemployment-benefit/municipal-share and the staircases it reads (DOMAIN.md §2)."""

from collections.abc import Callable

import httpx
import pytest

Auth = Callable[..., dict[str, str]]
PATH = "/v1/unemployment-benefit/municipal-share"


def person(
    days_before: int, days: int, benefit: str = "basic_allowance", basis: str = "37.21"
) -> dict[str, object]:
    return {"days_before": days_before, "days": days, "daily_basis_eur": basis, "benefit": benefit}


async def test_the_default_staircase_is_2025s_and_answers_per_person_class_and_total(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    body = {"persons": [person(190, 20), person(100, 10, "earnings_related_allowance")]}
    answer = await client.post(PATH, json=body, headers=auth("viewer"))
    assert answer.status_code == 200, answer.text
    share = answer.json()
    assert share["staircase"] == "2025"
    first, second = share["persons"]
    # Days 191-200 at 10 %, 201-210 at 20 % of 37.21 (DOMAIN.md §2).
    assert [(c["day_class"], c["days"], c["amount_eur"]) for c in first["by_day_class"]] == [
        ("101-200", 10, "37.21"),
        ("201-300", 10, "74.42"),
    ]
    assert first["amount_eur"] == "111.63"
    assert second["amount_eur"] == "37.21"  # Kela's example: 10 days at 10 % of 37.21
    assert [(t["day_class"], t["days"], t["amount_eur"]) for t in share["by_day_class"]] == [
        ("101-200", 20, "74.42"),
        ("201-300", 10, "74.42"),
    ]
    assert share["total_eur"] == "148.84"


async def test_half_cents_round_up_per_person_and_the_total_adds_the_rounded(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    body = {"persons": [person(195, 5), person(195, 5)]}  # 18.605 each
    share = (await client.post(PATH, json=body, headers=auth("viewer"))).json()
    assert [p["amount_eur"] for p in share["persons"]] == ["18.61", "18.61"]
    assert share["total_eur"] == "37.22"


async def test_the_legacy_staircase_covers_the_labour_market_subsidy_only(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    body = {
        "staircase": "legacy",
        "persons": [person(295, 10, "labour_market_subsidy"), person(295, 10, "basic_allowance")],
    }
    share = (await client.post(PATH, json=body, headers=auth("viewer"))).json()
    subsidy, allowance = share["persons"]
    # Until 2024: 0 % to 300 days, then 50 % (kela.fi/tyomarkkinatuen-kuntarahoitus1).
    assert (subsidy["covered"], subsidy["amount_eur"]) == (True, "93.03")
    assert (allowance["covered"], allowance["amount_eur"]) == (False, "0.00")
    assert [c["share_pct"] for c in allowance["by_day_class"]] == [0, 0]
    assert [c["share_pct"] for c in subsidy["by_day_class"]] == [0, 50]
    assert share["total_eur"] == "93.03"


async def test_the_seeded_staircases_are_domains_tables(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    answer = await client.get("/v1/unemployment-benefit/staircases", headers=auth("viewer"))
    tables = {t["key"]: t for t in answer.json()}
    steps = [
        (s["from_day"], s["to_day"], s["municipal_share_pct"]) for s in tables["2025"]["steps"]
    ]
    assert steps == [
        (1, 100, 0),
        (101, 200, 10),
        (201, 300, 20),
        (301, 400, 30),
        (401, 700, 40),
        (701, None, 50),
    ]
    legacy = [(s["from_day"], s["to_day"]) for s in tables["legacy"]["steps"]]
    assert legacy == [(1, 300), (301, 1000), (1001, None)]
    assert tables["legacy"]["benefits"] == ["labour_market_subsidy"]
    assert tables["2025"]["is_default"] is True


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"persons": []}, "persons"),
        ({"persons": [person(-1, 10)]}, "persons.0.days_before"),
        ({"persons": [person(0, 10, basis="37.215")]}, "persons.0.daily_basis_eur"),
        ({"persons": [person(0, 10, benefit="sickness_allowance")]}, "persons.0.benefit"),
        ({"persons": [person(0, 10)], "staircase": "1990"}, "staircase"),
    ],
)
async def test_bad_input_is_422_naming_the_field(
    client: httpx.AsyncClient, auth: Auth, body: dict[str, object], field: str
) -> None:
    answer = await client.post(PATH, json=body, headers=auth("viewer"))
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == [field]


async def test_a_token_is_needed(client: httpx.AsyncClient) -> None:
    answer = await client.post(PATH, json={"persons": [person(0, 1)]})
    assert answer.status_code == 401

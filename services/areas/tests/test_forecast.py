"""POST /v1/forecast on the demo data."""

from collections.abc import Callable
from typing import Any

import httpx
import pytest

Auth = Callable[..., dict[str, str]]
KYMPPI = ["005", "010", "052", "233", "300", "403", "408", "759", "934", "989"]


async def forecast(client: httpx.AsyncClient, auth: Auth, **body: Any) -> httpx.Response:
    return await client.post("/v1/forecast", json=body, headers=auth("viewer", areas=["x"]))


@pytest.mark.usefixtures("demo")
async def test_kymppi_under_the_plans_rates(client: httpx.AsyncClient, auth: Auth) -> None:
    response = await forecast(client, auth, municipality_codes=KYMPPI)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert (answer["base_period"], answer["base_year"]) == ("2023-06", 2023)
    # Plan §1.2: 28 616 in June 2023, falling 1.2-2 % a year.
    assert answer["base_labour_force"] == 28_616
    # 28,616 x 0.988^29 = 20,163 and x 0.988^30 = 19,921; x 0.98^17 = 20,298 and x 0.98^18 =
    # 19,892: below 20,000 after 30 and 18 years. In the first year 28,273 and 28,044.
    expected = {-0.012: (30, 2053, 28_273), -0.02: (18, 2041, 28_044)}
    assert [f["annual_rate"] for f in answer["forecasts"]] == list(expected)
    for result in answer["forecasts"]:
        years, first_year_below, after_one_year = expected[result["annual_rate"]]
        assert result["years_until_below"] == years
        assert result["first_year_below"] == first_year_below
        assert len(result["trajectory"]) == 30
        assert result["trajectory"][0] == {
            "years_from_base": 1,
            "year": 2024,
            "labour_force": after_one_year,
        }


@pytest.mark.usefixtures("demo")
async def test_no_year_below_within_the_horizon_is_null(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    answer = (
        await forecast(client, auth, municipality_codes=KYMPPI, annual_rates=[0.0], horizon_years=5)
    ).json()
    [result] = answer["forecasts"]
    assert result["years_until_below"] is None
    assert result["first_year_below"] is None
    assert [p["year"] for p in result["trajectory"]] == [2024, 2025, 2026, 2027, 2028]


@pytest.mark.usefixtures("demo")
async def test_a_member_without_a_figure_is_422(client: httpx.AsyncClient, auth: Auth) -> None:
    response = await forecast(client, auth, municipality_codes=["005", "312"])
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "municipality_codes"
    assert "312" in error["message"]


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("horizon_years", 0, "horizon_years"),
        ("horizon_years", 101, "horizon_years"),
        ("annual_rates", [-0.01, -1.0], "annual_rates.1"),
        ("annual_rates", [], "annual_rates"),
        ("as_of", "June", "as_of"),
        ("municipality_codes", ["999"], "municipality_codes.0"),
    ],
)
@pytest.mark.usefixtures("demo")
async def test_bad_input_is_named(
    client: httpx.AsyncClient, auth: Auth, field: str, value: object, named: str
) -> None:
    body: dict[str, Any] = {"municipality_codes": KYMPPI, field: value}
    response = await forecast(client, auth, **body)
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == [named]


async def test_the_forecast_needs_a_token(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/forecast", json={"municipality_codes": ["005"]})
    assert response.status_code == 401


@pytest.mark.usefixtures("demo")
async def test_an_area_forecasts_its_members_on_the_date(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    by_area = await client.post(
        "/v1/forecast",
        json={"area_id": "kymppi", "on": "2025-06-01"},
        headers=auth("viewer", areas=["kymppi"]),
    )
    by_codes = await forecast(client, auth, municipality_codes=KYMPPI)
    assert by_area.status_code == 200, by_area.text
    assert sorted(by_area.json()["municipality_codes"]) == KYMPPI
    assert by_area.json()["forecasts"] == by_codes.json()["forecasts"]

    before_the_area = await client.post(
        "/v1/forecast",
        json={"area_id": "kymppi", "on": "2024-12-31"},
        headers=auth("viewer", areas=["kymppi"]),
    )
    assert before_the_area.status_code == 422
    assert before_the_area.json()["errors"][0] == {
        "field": "on",
        "in": "body",
        "message": "the area has no members on 2024-12-31",
    }


@pytest.mark.usefixtures("demo")
async def test_another_areas_forecast_is_404(client: httpx.AsyncClient, auth: Auth) -> None:
    response = await client.post(
        "/v1/forecast", json={"area_id": "kymppi"}, headers=auth("planner", areas=["suupohja"])
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"area_id": "kymppi", "municipality_codes": KYMPPI},
        {"municipality_codes": KYMPPI, "on": "2025-01-01"},
    ],
)
async def test_exactly_one_subject_is_required(
    client: httpx.AsyncClient, auth: Auth, body: dict[str, Any]
) -> None:
    response = await client.post("/v1/forecast", json=body, headers=auth("admin"))
    assert response.status_code == 422
    assert response.json()["errors"]

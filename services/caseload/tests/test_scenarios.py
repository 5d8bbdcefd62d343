"""Structural-change scenarios through the API: stored, re-run on the current figures."""

from collections.abc import Callable
from typing import Any

import httpx

BASE = "/v1/areas/kymppi/scenarios"
Auth = Callable[..., dict[str, str]]


def scenario(**changes: Any) -> dict[str, Any]:
    body = {
        "name": "Tehdas sulkee",
        "base_month": "2025-06",
        "months": 3,
        "changes": [
            {
                "municipality_code": "989",
                "service_line": "competence_services",
                "customers": 170,
                "from_month": "2025-07",
                "to_month": "2025-07",
            }
        ],
        "annual_cost_per_fte_eur": "48000.00",
    }
    return {**body, **changes}


async def test_a_scenario_is_stored_and_its_result_follows_the_current_figures(
    client: httpx.AsyncClient, planner: dict[str, str], viewer: dict[str, str]
) -> None:
    created = await client.post(BASE, json=scenario(), headers=planner)
    assert created.status_code == 201, created.text
    url = created.headers["Location"]
    assert created.json()["annual_cost_per_fte_eur"] == "48000.00"
    assert created.json()["created_by"] == "tester"
    result = (await client.get(f"{url}/result", headers=viewer)).json()
    assert [m["month"] for m in result["monthly"]] == ["2025-06", "2025-07", "2025-08"]
    july = {line["service_line"]: line for line in result["monthly"][1]["lines"]}
    # No counts and no staff yet: 170 customers at 170 = 1.00 FTE short, 4,000.00 a month.
    assert july["competence_services"]["fte_needed"] == 1.0
    assert july["competence_services"]["cost_eur"] == "4000.00"
    assert result["total_cost_eur"] == "4000.00"
    assert result["uniform_total_cost_eur"] is None

    staff = {
        "fte": 1,
        "function": "customer_service",
        "service_line": "competence_services",
        "origin": "new_hire",
        "start_date": "2025-07-01",
        "title": "Asiantuntija",
    }
    assert (
        await client.post("/v1/areas/kymppi/staff", json=staff, headers=planner)
    ).status_code == 201
    rerun = (await client.get(f"{url}/result", headers=viewer)).json()
    assert rerun["total_cost_eur"] == "0.00"


async def test_a_scenario_can_take_a_uniform_target(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    created = await client.post(BASE, json=scenario(uniform_target=130, months=1), headers=planner)
    result = (await client.get(f"{created.headers['Location']}/result", headers=planner)).json()
    assert result["monthly"][0]["uniform"]["customers"] == 0  # the change starts in July
    assert result["uniform_total_cost_eur"] == "0.00"


async def test_bad_scenarios_are_refused(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    change = scenario()["changes"][0]
    for body, field in [
        (scenario(months=0), "months"),
        (scenario(months=37), "months"),
        (scenario(base_month="2025-13"), "base_month"),
        (scenario(annual_cost_per_fte_eur="48000.001"), "annual_cost_per_fte_eur"),
        (scenario(annual_cost_per_fte_eur=48000.001), "annual_cost_per_fte_eur"),
        (scenario(annual_cost_per_fte_eur=-1), "annual_cost_per_fte_eur"),
        (scenario(annual_cost_per_fte_eur=True), "annual_cost_per_fte_eur"),
        (scenario(changes=[{**change, "to_month": "2025-06"}]), "changes.0.to_month"),
        (scenario(name=""), "name"),
    ]:
        response = await client.post(BASE, json=body, headers=planner)
        assert response.status_code == 422, response.text
        assert field in [e["field"] for e in response.json()["errors"]], response.text
    outsider = await client.post(
        BASE, json=scenario(changes=[{**change, "municipality_code": "091"}]), headers=planner
    )
    assert outsider.status_code == 422
    assert outsider.json()["type"] == "/problems/not-an-area-member"
    assert outsider.json()["errors"][0]["field"] == "changes.0.municipality_code"
    no_line = await client.post(
        BASE, json=scenario(changes=[{**change, "service_line": "x"}]), headers=planner
    )
    assert no_line.json()["type"] == "/problems/unknown-service-line"
    assert (await client.get(BASE, headers=planner)).json()["items"] == []


async def test_scenarios_are_listed_deleted_with_their_etag_and_kept_to_their_area(
    client: httpx.AsyncClient, planner: dict[str, str], viewer: dict[str, str], auth: Auth
) -> None:
    created = await client.post(BASE, json=scenario(), headers=planner)
    url = created.headers["Location"]
    listed = (await client.get(BASE, headers=viewer)).json()["items"]
    assert [s["name"] for s in listed] == ["Tehdas sulkee"]
    outsider = auth("viewer", areas=["porvoo"])
    assert (await client.get(url, headers=outsider)).status_code == 404
    assert (await client.get(f"{url}/result", headers=outsider)).status_code == 404
    assert (await client.post(BASE, json=scenario(), headers=viewer)).status_code == 403
    assert (await client.delete(url, headers=planner)).status_code == 428
    etag = (await client.get(url, headers=viewer)).headers["ETag"]
    assert (await client.delete(url, headers={**viewer, "If-Match": etag})).status_code == 403
    assert (await client.delete(url, headers={**planner, "If-Match": etag})).status_code == 204
    missing = await client.get(f"{url}/result", headers=viewer)
    assert missing.status_code == 404
    assert missing.json()["type"] == "/problems/scenario-not-found"


async def test_the_annual_cost_may_be_a_json_number_as_in_the_other_services(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    for cost, text in [(48000, "48000.00"), (48000.5, "48000.50")]:
        created = await client.post(
            BASE, json=scenario(annual_cost_per_fte_eur=cost), headers=planner
        )
        assert created.status_code == 201, created.text
        assert created.json()["annual_cost_per_fte_eur"] == text


async def test_a_replayed_scenario_post_creates_one_scenario(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    keyed = {**planner, "Idempotency-Key": "kauhava-1"}
    first = await client.post(BASE, json=scenario(), headers=keyed)
    again = await client.post(BASE, json=scenario(), headers=keyed)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert len((await client.get(BASE, headers=planner)).json()["items"]) == 1

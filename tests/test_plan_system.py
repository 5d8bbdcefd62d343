"""The composed plan through the running system: the gateway asking the real areas service."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from alue.processes import wait_ready
from alue.system import System

pytestmark = pytest.mark.system

Bearer = Callable[..., dict[str, str]]


@pytest.fixture
def http(system: System) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=system.gateway_url, timeout=10) as client:
        yield client


def test_the_kymppi_plan_is_composed_from_the_areas_service_and_revalidates_with_304(
    http: httpx.Client, bearer: Bearer
) -> None:
    headers = bearer("viewer", areas=["kymppi"])
    response = http.get("/v1/plans/kymppi", params={"year": 2025}, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["complete"] is True, body
    sections = {s["key"]: s for s in body["sections"]}
    area = sections["area"]["data"]
    assert len(area["members"]) == 10
    assert "Alajärvi" in {m["name_fi"] for m in area["members"]}
    assert area["home_municipality"]["name_fi"] == "Kauhava"
    # The source plan's figure for June 2023 (DOMAIN.md §1): 28 616 persons.
    assert area["eligibility"]["labour_force_total"] == 28_616
    assert [f["annual_rate"] for f in area["forecast"]["forecasts"]] == [-0.012, -0.016, -0.02]
    texts = sections["narrative"]["data"]["texts"]
    assert sorted(t["chapter"] for t in texts) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert sections["resources"]["status"] == "not_configured"

    etag = response.headers["etag"]
    again = http.get(
        "/v1/plans/kymppi", params={"year": 2025}, headers=headers | {"If-None-Match": etag}
    )
    assert again.status_code == 304
    assert again.headers["etag"] == etag


def test_the_printable_kymppi_plan_is_served(http: httpx.Client, bearer: Bearer) -> None:
    headers = bearer("reviewer")
    response = http.get("/v1/plans/kymppi.html", params={"year": 2025}, headers=headers)
    assert response.status_code == 200, response.text
    assert "Kympin työllisyysalue" in response.text
    assert "1. Työllisyysalueen järjestäytyminen" in response.text


def test_another_areas_plan_is_404_through_the_system(http: httpx.Client, bearer: Bearer) -> None:
    response = http.get("/v1/plans/kymppi", headers=bearer("planner", areas=["toinen"]))
    assert response.status_code == 404


def test_the_plan_is_502_naming_the_areas_service_while_it_is_stopped(
    system: System, http: httpx.Client, bearer: Bearer
) -> None:
    """No plan without its area: the areas service down is an error, not an empty plan."""
    areas = system.services["areas"]
    headers = bearer("viewer", areas=["kymppi"])
    areas.stop()
    try:
        down = http.get("/v1/plans/kymppi", params={"year": 2025}, headers=headers)
    finally:
        areas.start(append=True)
        wait_ready([areas], timeout=60)
    assert down.status_code == 502, down.text
    assert down.headers["content-type"] == "application/problem+json"
    assert down.json()["service"] == "areas"
    again = http.get("/v1/plans/kymppi", params={"year": 2025}, headers=headers)
    assert again.status_code == 200, again.text

"""The national overview through the running system: every demo area, from the areas service."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from alue.system import System

pytestmark = pytest.mark.system

Bearer = Callable[..., dict[str, str]]
ASKED = {"year": "2025", "on": "2025-06-01"}
OTHER_AREAS = {
    "keski-pohjanmaa": 8,
    "suupohja": 6,
    "seinajoki-ilmajoki-isokyro": 3,
    "hanko-inkoo-raasepori": 3,
    "porvoo": 2,
    "jyvaskyla-muurame": 2,
}


@pytest.fixture
def http(system: System) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=system.gateway_url, timeout=10) as client:
        yield client


def test_the_overview_shows_kymppi_eligible_and_the_areas_without_labour_force_unknown(
    http: httpx.Client, bearer: Bearer
) -> None:
    response = http.get("/v1/plans", params=ASKED, headers=bearer("reviewer"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["next_cursor"] is None
    rows = {r["area_id"]: r for r in body["items"]}
    assert set(rows) == {"kymppi", *OTHER_AREAS}
    assert all(r["status"] == "ok" for r in rows.values()), body

    kymppi = rows["kymppi"]["values"]
    assert (kymppi["member_count"], kymppi["eligibility"]) == (10, "eligible")
    # The source plan's labour force for June 2023 (DOMAIN.md §1): 28 616 persons.
    assert kymppi["labour_force"] == 28_616
    assert kymppi["plan_status"] == "draft"
    assert kymppi["published_version"] is None

    for area_id, count in OTHER_AREAS.items():
        values = rows[area_id]["values"]
        assert values["member_count"] == count
        # No source gives their labour force or borders: unknown, never failed or zero.
        assert values["eligibility"] == "unknown", (area_id, values)
        assert values["failing_criteria"] == []
        assert "labour_force_minimum" in values["unknown_criteria"]
        assert values["labour_force"] is None
        assert sorted(values["labour_force_missing"]) == sorted(values["member_codes"])


def test_the_printable_overview_is_served_to_an_admin(http: httpx.Client, bearer: Bearer) -> None:
    response = http.get("/v1/plans.html", params=ASKED, headers=bearer("admin"))
    assert response.status_code == 200, response.text
    assert "Työllisyysalueiden järjestämissuunnitelmat 2025" in response.text
    assert "Seinäjoki\u2013Ilmajoki\u2013Isokyrö" in response.text
    assert "ei tiedossa" in response.text


def test_a_viewer_may_not_read_the_overview(http: httpx.Client, bearer: Bearer) -> None:
    response = http.get("/v1/plans", params=ASKED, headers=bearer("viewer", areas=["kymppi"]))
    assert response.status_code == 403

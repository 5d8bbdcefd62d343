"""Customer counts of a month: all or nothing, create or replace, read by range."""

from collections.abc import Callable
from typing import Any

import httpx

BASE = "/v1/areas/kymppi/customers"
Auth = Callable[..., dict[str, str]]


def row(code: str, line: str, segment: str, customers: int) -> dict[str, Any]:
    return {
        "municipality_code": code,
        "service_line": line,
        "segment": segment,
        "customers": customers,
    }


GOOD = [
    row("233", "multi_sectoral_services", "all", 120),
    row("233", "multi_sectoral_services", "over_50", 50),
    row("005", "competence_services", "all", 300),
]


async def test_a_month_is_created_then_replaced_with_its_etag(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    url = f"{BASE}/2025-06"
    body = {"counts": GOOD, "source": "KEHA, kesäkuu 2025", "is_estimate": False}
    created = await client.put(url, json=body, headers={**planner, "If-None-Match": "*"})
    assert created.status_code == 201, created.text
    assert created.headers["Location"] == url
    assert created.json()["month"] == "2025-06"
    # Ordered by municipality, line and segment.
    assert [c["municipality_code"] for c in created.json()["counts"]] == ["005", "233", "233"]
    again = await client.put(url, json=body, headers={**planner, "If-None-Match": "*"})
    assert again.status_code == 412
    assert (await client.put(url, json=body, headers=planner)).status_code == 428
    smaller = {"counts": GOOD[:1]}
    replaced = await client.put(
        url, json=smaller, headers={**planner, "If-Match": created.headers["ETag"]}
    )
    assert replaced.status_code == 200, replaced.text
    assert len(replaced.json()["counts"]) == 1
    assert replaced.json()["source"] is None
    read = await client.get(url, headers=planner)
    assert read.json() == replaced.json()
    assert read.headers["ETag"] == replaced.headers["ETag"]
    stale = await client.put(
        url, json=body, headers={**planner, "If-Match": created.headers["ETag"]}
    )
    assert stale.status_code == 412


async def test_a_bad_row_refuses_the_whole_month_naming_its_index_and_field(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    url = f"{BASE}/2025-07"
    cases = [
        ([*GOOD, row("233", "multi_sectoral_services", "under_25", 121)], "counts.3.customers"),
        ([*GOOD, row("005", "youth", "under_25", 1)], "counts.3.segment"),
        ([*GOOD, row("091", "youth", "all", 1)], "counts.3.municipality_code"),
        ([*GOOD, row("005", "space_travel", "all", 1)], "counts.3.service_line"),
        ([*GOOD, GOOD[0]], "counts.3.segment"),
    ]
    for counts, field in cases:
        response = await client.put(url, json={"counts": counts}, headers=planner)
        assert response.status_code == 422, response.text
        assert response.json()["type"] == "/problems/bad-customer-rows"
        assert [e["field"] for e in response.json()["errors"]] == [field]
    for bad in [
        {**GOOD[0], "customers": -1},
        {**GOOD[0], "customers": "12"},
        {**GOOD[0], "segment": "over_65"},
        {**GOOD[0], "municipality_code": "23"},
    ]:
        response = await client.put(url, json={"counts": [GOOD[0], bad]}, headers=planner)
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"].startswith("counts.1.")
    assert (await client.get(url, headers=planner)).status_code == 404


async def test_a_plan_month_before_the_area_began_takes_todays_members(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    # Kymppi's members join on 1.1.2025; the plan counts their jobseekers of June 2023.
    response = await client.put(f"{BASE}/2023-06", json={"counts": GOOD}, headers=planner)
    assert response.status_code == 201, response.text


async def test_months_are_listed_in_a_range_with_their_counts(
    client: httpx.AsyncClient, planner: dict[str, str], viewer: dict[str, str]
) -> None:
    for month in ("2024-12", "2025-01", "2025-02", "2025-03"):
        response = await client.put(f"{BASE}/{month}", json={"counts": GOOD}, headers=planner)
        assert response.status_code == 201
    listed = await client.get(f"{BASE}?from=2025-01&to=2025-03&limit=2", headers=viewer)
    assert listed.status_code == 200, listed.text
    assert [m["month"] for m in listed.json()["items"]] == ["2025-01", "2025-02"]
    assert len(listed.json()["items"][0]["counts"]) == 3
    cursor = listed.json()["next_cursor"]
    rest = await client.get(f"{BASE}?from=2025-01&to=2025-03&cursor={cursor}", headers=viewer)
    assert [m["month"] for m in rest.json()["items"]] == ["2025-03"]
    backwards = await client.get(f"{BASE}?from=2025-03&to=2025-01", headers=viewer)
    assert backwards.status_code == 422
    assert (await client.get(f"{BASE}?from=2025-13", headers=viewer)).status_code == 422


async def test_viewers_cannot_write_and_other_areas_are_not_found(
    client: httpx.AsyncClient, viewer: dict[str, str], auth: Auth
) -> None:
    body = {"counts": GOOD}
    assert (await client.put(f"{BASE}/2025-06", json=body, headers=viewer)).status_code == 403
    outsider = auth("planner", areas=["porvoo"])
    assert (await client.put(f"{BASE}/2025-06", json=body, headers=outsider)).status_code == 404
    assert (await client.get(BASE, headers=outsider)).status_code == 404

"""An area's subsidies for a year: replaced as one under If-Match, contributions from them."""

from collections.abc import Callable
from typing import Any

import httpx

Auth = Callable[..., dict[str, str]]
SUBSIDIES = "/v1/areas/kymppi/years/2025/subsidies"


def row(
    code: str, amount: str | int, kind: str = "preliminary_spring", **extra: Any
) -> dict[str, Any]:
    return {
        "municipality_code": code,
        "te_subsidy_eur": amount,
        "kind": kind,
        "source": "test figures",
        **extra,
    }


async def test_the_first_write_creates_and_a_later_one_needs_the_etag(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    planner = auth("planner", areas=["kymppi"])
    empty = await client.get(SUBSIDIES, headers=planner)
    assert empty.status_code == 200
    assert empty.json()["subsidies"] == []
    assert empty.json()["contributions_total_eur"] == "0.00"
    assert "ETag" not in empty.headers

    body = {"subsidies": [row("005", "1000.00"), row("005", "990.50", "final"), row("010", 2000)]}
    created = await client.put(SUBSIDIES, json=body, headers={**planner, "If-None-Match": "*"})
    assert created.status_code == 201, created.text
    read = await client.get(SUBSIDIES, headers=planner)
    assert read.json() == created.json()
    assert read.headers["ETag"] == created.headers["ETag"]
    # Where both kinds exist the contribution is the final one (plan §2.1).
    assert read.json()["contributions"] == [
        {"municipality_code": "005", "contribution_eur": "990.50", "kind": "final"},
        {"municipality_code": "010", "contribution_eur": "2000.00", "kind": "preliminary_spring"},
    ]
    assert read.json()["contributions_total_eur"] == "2990.50"

    again = await client.put(SUBSIDIES, json=body, headers={**planner, "If-None-Match": "*"})
    assert again.status_code == 412
    without = await client.put(SUBSIDIES, json=body, headers=planner)
    assert without.status_code == 428
    stale = await client.put(SUBSIDIES, json=body, headers={**planner, "If-Match": '"stale"'})
    assert stale.status_code == 412

    replaced = await client.put(
        SUBSIDIES,
        json={"subsidies": [row("005", "1.00", "final")]},
        headers={**planner, "If-Match": read.headers["ETag"]},
    )
    assert replaced.status_code == 200
    assert [s["te_subsidy_eur"] for s in replaced.json()["subsidies"]] == ["1.00"]
    assert replaced.headers["ETag"] != read.headers["ETag"]
    replay = await client.put(
        SUBSIDIES, json=body, headers={**planner, "If-Match": read.headers["ETag"]}
    )
    assert replay.status_code == 412


async def test_a_subsidy_may_name_the_allocation_run_of_its_year(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    planner = auth("planner", areas=["kymppi"])
    run = await client.post(
        "/v1/allocations",
        json={
            "year": 2025,
            "pool_eur": "10.00",
            "criteria": [{"name": "x", "weight": 1}],
            "values": {"005": {"x": 1}, "010": {"x": 1}},
        },
        headers=planner,
    )
    run_id = run.json()["id"]
    ok = await client.put(
        SUBSIDIES, json={"subsidies": [row("005", "5.00", allocation_id=run_id)]}, headers=planner
    )
    assert ok.status_code == 201
    assert ok.json()["subsidies"][0]["allocation_id"] == run_id
    other_year = await client.put(
        "/v1/areas/kymppi/years/2026/subsidies",
        json={"subsidies": [row("005", "5.00", allocation_id=run_id)]},
        headers=planner,
    )
    assert other_year.status_code == 422
    assert other_year.json()["type"] == "/problems/bad-subsidies"
    assert other_year.json()["errors"][0]["field"] == "subsidies.0.allocation_id"


async def test_rows_that_do_not_fit_are_422_and_nothing_is_written(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    planner = auth("planner", areas=["kymppi"])
    unknown = "00000000-0000-4000-8000-000000000000"
    body = {
        "subsidies": [
            row("005", "1.00"),
            row("005", "2.00"),
            row("010", "1.00", allocation_id=unknown),
        ]
    }
    response = await client.put(SUBSIDIES, json=body, headers=planner)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [
        "subsidies.1",
        "subsidies.2.allocation_id",
    ]
    for bad, field in [
        (row("5", "1.00"), "subsidies.0.municipality_code"),
        (row("005", "1.001"), "subsidies.0.te_subsidy_eur"),
        (row("005", "-1"), "subsidies.0.te_subsidy_eur"),
        (row("005", "1.00", kind="estimate"), "subsidies.0.kind"),
        ({**row("005", "1.00"), "source": ""}, "subsidies.0.source"),
    ]:
        response = await client.put(SUBSIDIES, json={"subsidies": [bad]}, headers=planner)
        assert response.status_code == 422, bad
        assert [e["field"] for e in response.json()["errors"]] == [field]
    assert (await client.get(SUBSIDIES, headers=planner)).json()["subsidies"] == []


async def test_another_areas_token_sees_nothing_and_a_viewer_cannot_write(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    body = {"subsidies": [row("005", "1.00")]}
    created = await client.put(SUBSIDIES, json=body, headers=auth("planner", areas=["kymppi"]))
    assert created.status_code == 201
    outsider = auth("planner", areas=["porvoo"])
    assert (await client.get(SUBSIDIES, headers=outsider)).status_code == 404
    written = await client.put(
        SUBSIDIES, json=body, headers={**outsider, "If-Match": created.headers["ETag"]}
    )
    assert written.status_code == 404
    viewer = auth("viewer", areas=["kymppi"])
    assert (await client.get(SUBSIDIES, headers=viewer)).status_code == 200
    refused = await client.put(
        SUBSIDIES, json=body, headers={**viewer, "If-Match": created.headers["ETag"]}
    )
    assert refused.status_code == 403
    reviewer = auth("reviewer")
    assert (await client.get(SUBSIDIES, headers=reviewer)).status_code == 200

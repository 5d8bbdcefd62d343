"""Allocation runs through the API: computed, stored with their inputs, listed, replayed."""

from collections.abc import Callable
from typing import Any

import httpx

Auth = Callable[..., dict[str, str]]


def run_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "year": 2025,
        "pool_eur": "100.00",
        "criteria": [
            {"name": "working_age_population", "weight": "0.5"},
            {"name": "broad_unemployment", "weight": 0.5},
        ],
        "values": {
            "052": {"working_age_population": 1, "broad_unemployment": 2},
            "005": {"working_age_population": 1, "broad_unemployment": 0},
            "010": {"working_age_population": "1", "broad_unemployment": "1"},
        },
        "label": "By hand",
        "source": "Figures of the test",
    }
    body.update(changes)
    return body


async def test_a_run_answers_parts_by_code_that_add_up_to_the_pool(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    response = await client.post(
        "/v1/allocations", json=run_body(), headers=auth("planner", areas=["kymppi"])
    )
    assert response.status_code == 201, response.text
    run = response.json()
    # 100 € half by 1:1:1, half by 0:1:2: exact 16.666.., 33.333.., 50; the odd cent to 005.
    assert [(p["municipality_code"], p["amount_eur"]) for p in run["parts"]] == [
        ("005", "16.67"),
        ("010", "33.33"),
        ("052", "50.00"),
    ]
    assert run["parts"][0]["by_criterion"] == {
        "working_age_population": "16.67",
        "broad_unemployment": "0.00",
    }
    assert [p["share"] for p in run["parts"]] == ["0.166667", "0.333333", "0.500000"]
    assert run["total_eur"] == run["pool_eur"] == "100.00"
    assert run["values"]["010"] == {"working_age_population": "1", "broad_unemployment": "1"}
    assert run["label"] == "By hand"
    assert run["source"] == "Figures of the test"
    assert response.headers["Location"] == f"/v1/allocations/{run['id']}"

    stored = await client.get(response.headers["Location"], headers=auth("viewer", areas=["other"]))
    assert stored.status_code == 200
    assert stored.json() == run
    assert stored.headers["ETag"] == response.headers["ETag"]


async def test_runs_are_listed_in_order_with_a_cursor(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    admin = auth("admin")
    ids = []
    for year in (2025, 2026, 2025):
        created = await client.post("/v1/allocations", json=run_body(year=year), headers=admin)
        ids.append(created.json()["id"])
    first = await client.get("/v1/allocations?limit=2", headers=admin)
    assert [r["id"] for r in first.json()["items"]] == ids[:2]
    assert first.json()["items"][0]["municipality_count"] == 3
    assert "parts" not in first.json()["items"][0]
    cursor = first.json()["next_cursor"]
    second = await client.get(f"/v1/allocations?limit=2&cursor={cursor}", headers=admin)
    assert [r["id"] for r in second.json()["items"]] == ids[2:]
    only_2026 = await client.get("/v1/allocations?year=2026", headers=admin)
    assert [r["id"] for r in only_2026.json()["items"]] == [ids[1]]


async def test_the_same_idempotency_key_replays_the_first_run(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    headers = {**auth("planner", areas=["kymppi"]), "Idempotency-Key": "run-1"}
    first = await client.post("/v1/allocations", json=run_body(), headers=headers)
    again = await client.post("/v1/allocations", json=run_body(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    listed = await client.get("/v1/allocations", headers=headers)
    assert [r["id"] for r in listed.json()["items"]] == [first.json()["id"]]
    other = await client.post("/v1/allocations", json=run_body(year=2026), headers=headers)
    assert other.status_code == 422
    assert other.json()["errors"][0]["field"] == "Idempotency-Key"


async def test_bad_inputs_are_422_naming_the_criterion_or_municipality(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    admin = auth("admin")
    weights = run_body(
        criteria=[
            {"name": "working_age_population", "weight": "0.5"},
            {"name": "broad_unemployment", "weight": "0.6"},
        ]
    )
    missing = run_body()
    del missing["values"]["010"]["broad_unemployment"]
    zero = run_body()
    for values in zero["values"].values():
        values["broad_unemployment"] = 0
    expected = {
        "criteria": weights,
        "values.010.broad_unemployment": missing,
        "criteria.1": zero,
    }
    for field, body in expected.items():
        response = await client.post("/v1/allocations", json=body, headers=admin)
        assert response.status_code == 422, response.text
        problem = response.json()
        assert problem["type"] == "/problems/bad-allocation"
        assert [e["field"] for e in problem["errors"]] == [field]
    assert (
        "broad_unemployment"
        in (await client.post("/v1/allocations", json=zero, headers=admin)).json()["detail"]
    )
    listed = await client.get("/v1/allocations", headers=admin)
    assert listed.json()["items"] == []


async def test_malformed_fields_are_422_and_a_viewer_may_not_create(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    admin = auth("admin")
    cases = [
        (run_body(pool_eur="12.345"), "pool_eur"),
        (run_body(pool_eur=-1), "pool_eur"),
        (
            run_body(values={"5": {"working_age_population": 1, "broad_unemployment": 1}}),
            "values.5.[key]",
        ),
        (run_body(criteria=[{"name": "x", "weight": 0}]), "criteria.0.weight"),
        (run_body(year=1999), "year"),
    ]
    for body, field in cases:
        response = await client.post("/v1/allocations", json=body, headers=admin)
        assert response.status_code == 422, (field, response.text)
        assert field in [e["field"] for e in response.json()["errors"]], response.text
    negative = run_body()
    negative["values"]["005"]["broad_unemployment"] = -3
    response = await client.post("/v1/allocations", json=negative, headers=admin)
    assert response.status_code == 422
    viewer = await client.post(
        "/v1/allocations", json=run_body(), headers=auth("viewer", areas=["kymppi"])
    )
    assert viewer.status_code == 403
    reviewer = await client.post("/v1/allocations", json=run_body(), headers=auth("reviewer"))
    assert reviewer.status_code == 403


async def test_an_unknown_run_is_404(client: httpx.AsyncClient, auth: Auth) -> None:
    response = await client.get(
        "/v1/allocations/00000000-0000-4000-8000-000000000000", headers=auth("viewer")
    )
    assert response.status_code == 404
    assert response.json()["type"] == "/problems/allocation-not-found"

"""Staff positions: create, read, replace, delete, filters, names, the summary."""

from collections.abc import Callable
from typing import Any

import httpx

BASE = "/v1/areas/kymppi/staff"
Auth = Callable[..., dict[str, str]]


def position(**changes: Any) -> dict[str, Any]:
    body = {
        "fte": 1,
        "function": "customer_service",
        "service_line": "multi_sectoral_services",
        "origin": "state_transfer",
        "start_date": "2025-01-01",
        "title": "Asiantuntija",
    }
    return {**body, **changes}


async def create(client: httpx.AsyncClient, headers: dict[str, str], **changes: Any) -> Any:
    response = await client.post(BASE, json=position(**changes), headers=headers)
    assert response.status_code == 201, response.text
    return response


async def test_a_planner_creates_reads_replaces_and_deletes_a_position(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    created = await create(client, planner, fte=0.5, office_id=12, name="Maija Meikäläinen")
    body = created.json()
    assert created.headers["Location"] == f"{BASE}/{body['id']}"
    assert (body["fte"], body["office_id"], body["name"]) == (0.5, 12, "Maija Meikäläinen")
    url = created.headers["Location"]
    read = await client.get(url, headers=planner)
    assert read.status_code == 200
    assert read.headers["ETag"] == created.headers["ETag"]

    changed = position(fte=0.8, end_date="2025-12-31", title="Työvalmentaja")
    stale = {**planner, "If-Match": '"stale"'}
    assert (await client.put(url, json=changed, headers=stale)).status_code == 412
    assert (await client.put(url, json=changed, headers=planner)).status_code == 428
    fresh = {**planner, "If-Match": read.headers["ETag"]}
    replaced = await client.put(url, json=changed, headers=fresh)
    assert replaced.status_code == 200, replaced.text
    assert (replaced.json()["fte"], replaced.json()["end_date"]) == (0.8, "2025-12-31")
    # Replaced means replaced: the name and office not sent are gone.
    assert (replaced.json()["name"], replaced.json()["office_id"]) == (None, None)

    old = {**planner, "If-Match": read.headers["ETag"]}
    assert (await client.delete(url, headers=old)).status_code == 412
    current = {**planner, "If-Match": replaced.headers["ETag"]}
    assert (await client.delete(url, headers=current)).status_code == 204
    gone = await client.get(url, headers=planner)
    assert gone.status_code == 404
    assert gone.json()["type"] == "/problems/staff-position-not-found"


async def test_a_name_is_shown_only_to_those_who_may_write_the_area(
    client: httpx.AsyncClient, planner: dict[str, str], viewer: dict[str, str], auth: Auth
) -> None:
    url = (await create(client, planner, name="Matti Virtanen")).headers["Location"]
    for reader in (viewer, auth("reviewer")):
        read = await client.get(url, headers=reader)
        assert read.status_code == 200
        assert read.json()["name"] is None
        listed = await client.get(BASE, headers=reader)
        assert [item["name"] for item in listed.json()["items"]] == [None]
    for writer in (planner, auth("admin")):
        assert (await client.get(url, headers=writer)).json()["name"] == "Matti Virtanen"


async def test_filters_narrow_the_list_and_pages_follow_the_cursor(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    await create(client, planner, office_id=3)
    await create(client, planner, service_line="youth", origin="new_hire", start_date="2025-06-01")
    await create(
        client, planner, function="common_services", service_line=None, end_date="2025-03-31"
    )

    async def ids(query: str) -> int:
        response = await client.get(f"{BASE}?{query}", headers=planner)
        assert response.status_code == 200, response.text
        return len(response.json()["items"])

    assert await ids("") == 3
    assert await ids("service_line=youth") == 1
    assert await ids("function=common_services") == 1
    assert await ids("origin=new_hire") == 1
    assert await ids("office_id=3") == 1
    assert await ids("active_on=2025-04-15") == 1
    assert await ids("active_on=2025-06-01") == 2
    first = await client.get(f"{BASE}?limit=2", headers=planner)
    assert first.headers["Link"].endswith('rel="next"')
    cursor = first.json()["next_cursor"]
    rest = await client.get(f"{BASE}?limit=2&cursor={cursor}", headers=planner)
    assert len(rest.json()["items"]) == 1
    assert rest.json()["next_cursor"] is None


async def test_bad_positions_are_refused_with_the_field_named(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    cases = [
        ("fte", position(fte=0)),
        ("fte", position(fte=1.5)),
        ("fte", position(fte=0.1234)),
        ("fte", position(fte="1")),
        ("service_line", position(service_line=None)),
        ("service_line", position(function="management")),
        ("end_date", position(end_date="2024-12-31")),
        ("start_date", position(start_date="1999-12-31")),
        ("function", position(function="cleaning")),
        ("origin", position(origin="secondment")),
        ("office_id", position(office_id=0)),
    ]
    for field, body in cases:
        response = await client.post(BASE, json=body, headers=planner)
        assert response.status_code == 422, (field, response.text)
        assert field in [e["field"] for e in response.json()["errors"]], response.text
    unknown = await client.post(BASE, json=position(service_line="space_travel"), headers=planner)
    assert unknown.status_code == 422
    assert unknown.json()["type"] == "/problems/unknown-service-line"
    assert unknown.json()["errors"][0]["field"] == "service_line"
    assert (await client.get(BASE, headers=planner)).json()["items"] == []


async def test_other_areas_are_not_found_and_viewers_cannot_write(
    client: httpx.AsyncClient, planner: dict[str, str], viewer: dict[str, str], auth: Auth
) -> None:
    url = (await create(client, planner)).headers["Location"]
    outsider = auth("planner", areas=["suupohja"])
    assert (await client.get(url, headers=outsider)).status_code == 404
    assert (await client.get(BASE, headers=outsider)).status_code == 404
    assert (await client.post(BASE, json=position(), headers=outsider)).status_code == 404
    assert (await client.post(BASE, json=position(), headers=viewer)).status_code == 403
    etag = (await client.get(url, headers=viewer)).headers["ETag"]
    as_viewer = {**viewer, "If-Match": etag}
    assert (await client.put(url, json=position(), headers=as_viewer)).status_code == 403
    assert (await client.delete(url, headers=as_viewer)).status_code == 403
    # Another area's position is not found through this area's path.
    other = await client.get(
        url.replace("kymppi", "suupohja"), headers=auth("planner", areas=["suupohja"])
    )
    assert other.status_code == 404


async def test_an_area_the_areas_service_does_not_know_is_not_found(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    admin = auth("admin")
    response = await client.post("/v1/areas/atlantis/staff", json=position(), headers=admin)
    assert response.status_code == 404
    assert "atlantis" in response.json()["detail"]


async def test_an_idempotency_key_replays_the_first_answer(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    keyed = {**planner, "Idempotency-Key": "staff-1"}
    first = await client.post(BASE, json=position(), headers=keyed)
    again = await client.post(BASE, json=position(), headers=keyed)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    other_body = await client.post(BASE, json=position(fte=0.5), headers=keyed)
    assert other_body.status_code == 422
    assert len((await client.get(BASE, headers=planner)).json()["items"]) == 1


async def test_the_summary_adds_up_fte_on_a_day_four_ways(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    await create(client, planner, office_id=3)
    await create(client, planner, fte=0.5, service_line="youth", origin="municipal")
    await create(client, planner, function="common_services", service_line=None, office_id=3)
    await create(client, planner, start_date="2026-01-01")  # not yet on the day
    response = await client.get(f"{BASE}/summary?on=2025-06-30", headers=planner)
    assert response.status_code == 200, response.text
    summary = response.json()
    assert (summary["positions"], summary["fte"]) == (3, 2.5)
    functions = {g["function"]: (g["positions"], g["fte"]) for g in summary["by_function"]}
    assert functions == {
        "customer_service": (2, 1.5),
        "common_services": (1, 1.0),
        "management": (0, 0.0),
    }
    origins = {g["origin"]: g["fte"] for g in summary["by_origin"]}
    assert origins == {"state_transfer": 2.0, "municipal": 0.5, "new_hire": 0.0}
    lines = {g["service_line"]: g["fte"] for g in summary["by_service_line"]}
    assert (lines["multi_sectoral_services"], lines["youth"], lines["job_matching"]) == (
        1.0,
        0.5,
        0.0,
    )
    assert summary["by_office"] == [
        {"office_id": 3, "positions": 2, "fte": 2.0},
        {"office_id": None, "positions": 1, "fte": 0.5},
    ]

"""An area's service lines: the defaults a new area starts with, and replacing them."""

from collections.abc import Callable

import httpx

URL = "/v1/areas/kymppi/service-lines"
Auth = Callable[..., dict[str, str]]


async def test_a_new_area_starts_with_the_plans_lines_and_targets(
    client: httpx.AsyncClient, viewer: dict[str, str]
) -> None:
    response = await client.get(URL, headers=viewer)
    assert response.status_code == 200
    targets = {line["key"]: line["target_customers_per_fte"] for line in response.json()}
    # Plan §2.3: at most 170 in competence services, 130 in multi-sectoral; the rest none.
    assert targets == {
        "competence_services": 170,
        "multi_sectoral_services": 130,
        "job_matching": None,
        "employer_services": None,
        "integration": None,
        "youth": None,
        "career_guidance": None,
    }
    again = await client.get(URL, headers={**viewer, "If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


async def test_a_planner_replaces_the_lines_with_the_etag_of_the_list(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    read = await client.get(URL, headers=planner)
    lines = read.json()
    lines[2]["target_customers_per_fte"] = 200
    lines.append(
        {"key": "start_ups", "name_fi": "Starttipalvelut", "target_customers_per_fte": None}
    )
    assert (await client.put(URL, json=lines, headers=planner)).status_code == 428
    stale = {**planner, "If-Match": '"0"'}
    assert (await client.put(URL, json=lines, headers=stale)).status_code == 412
    written = await client.put(
        URL, json=lines, headers={**planner, "If-Match": read.headers["ETag"]}
    )
    assert written.status_code == 200, written.text
    assert written.json() == lines
    after = await client.get(URL, headers=planner)
    assert after.json() == lines
    assert after.headers["ETag"] == written.headers["ETag"] != read.headers["ETag"]
    # The first ETag is stale now.
    again = {**planner, "If-Match": read.headers["ETag"]}
    assert (await client.put(URL, json=lines, headers=again)).status_code == 412


async def test_a_line_in_use_cannot_be_left_out(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    staff = {
        "fte": 1,
        "function": "customer_service",
        "service_line": "youth",
        "origin": "new_hire",
        "start_date": "2025-01-01",
        "title": "Nuorten palveluiden asiantuntija",
    }
    assert (
        await client.post("/v1/areas/kymppi/staff", json=staff, headers=planner)
    ).status_code == 201
    read = await client.get(URL, headers=planner)
    without_youth = [line for line in read.json() if line["key"] != "youth"]
    response = await client.put(
        URL, json=without_youth, headers={**planner, "If-Match": read.headers["ETag"]}
    )
    assert response.status_code == 409
    assert response.json()["type"] == "/problems/service-line-in-use"
    assert response.json()["service_lines"] == ["youth"]


async def test_a_line_without_target_customers_per_fte_has_no_target(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    read = await client.get(URL, headers=planner)
    lines = [*read.json(), {"key": "start_ups", "name_fi": "Starttipalvelut"}]
    written = await client.put(
        URL, json=lines, headers={**planner, "If-Match": read.headers["ETag"]}
    )
    assert written.status_code == 200, written.text
    assert written.json()[-1] == {
        "key": "start_ups",
        "name_fi": "Starttipalvelut",
        "target_customers_per_fte": None,
    }


async def test_bad_lists_are_refused(
    client: httpx.AsyncClient, planner: dict[str, str], viewer: dict[str, str], auth: Auth
) -> None:
    read = await client.get(URL, headers=planner)
    headers = {**planner, "If-Match": read.headers["ETag"]}
    line = {"key": "a", "name_fi": "A", "target_customers_per_fte": 100}
    for body, field in [
        ([], "body"),
        ([line, line], "1.key"),
        ([{**line, "key": "Bad Key"}], "0.key"),
        ([{**line, "target_customers_per_fte": 0}], "0.target_customers_per_fte"),
        ([{**line, "target_customers_per_fte": "100"}], "0.target_customers_per_fte"),
    ]:
        response = await client.put(URL, json=body, headers=headers)
        assert response.status_code == 422, response.text
        assert field in [e["field"] for e in response.json()["errors"]], response.text
    assert (
        await client.put(URL, json=[line], headers={**viewer, "If-Match": "*"})
    ).status_code == 403
    outsider = auth("viewer", areas=["porvoo"])
    assert (await client.get(URL, headers=outsider)).status_code == 404

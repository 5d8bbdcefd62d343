"""Plan records: creation, the status workflow, narrative sections, and tenancy."""

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

Auth = Callable[..., dict[str, str]]
Created = Callable[..., Awaitable[dict[str, Any]]]

PLANS = "/v1/areas/kymppi/plans"
SECTION = {"title": "Alue", "body": "Kymmenen kuntaa.\n\n- Alajärvi", "language": "fi"}


@pytest.fixture
def planner(auth: Auth) -> dict[str, str]:
    return auth("planner", areas=["kymppi"], sub="planner-1")


@pytest.fixture
async def plan(kymppi: str, created: Created, planner: dict[str, str]) -> dict[str, Any]:
    return await created(PLANS, {"year": 2025, "title": "Järjestämissuunnitelma"}, planner)


async def transition(
    client: httpx.AsyncClient, plan: dict[str, Any], to: str, headers: dict[str, str]
) -> httpx.Response:
    return await client.post(f"{PLANS}/{plan['id']}/transitions", json={"to": to}, headers=headers)


async def test_a_planner_of_the_area_creates_a_draft_plan(
    client: httpx.AsyncClient, planner: dict[str, str], plan: dict[str, Any]
) -> None:
    assert plan["status"] == "draft"
    assert (plan["area_id"], plan["year"]) == ("kymppi", 2025)
    read = await client.get(f"{PLANS}/{plan['id']}", headers=planner)
    assert read.json() == plan
    assert read.headers["ETag"].startswith('"')


async def test_an_admin_also_creates_plans_and_a_second_plan_for_a_year_is_409(
    client: httpx.AsyncClient, admin: dict[str, str], plan: dict[str, Any]
) -> None:
    other_year = await client.post(PLANS, json={"year": 2026, "title": "2026"}, headers=admin)
    assert other_year.status_code == 201
    same_year = await client.post(PLANS, json={"year": 2025, "title": "Toinen"}, headers=admin)
    assert same_year.status_code == 409
    listing = await client.get(PLANS, headers=admin)
    assert [p["year"] for p in listing.json()["items"]] == [2025, 2026]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"year": 1999, "title": "x"}, "year"),
        ({"year": 2025, "title": ""}, "title"),
        ({"year": 2025}, "title"),
        ({"year": 2025, "title": "x", "status": "approved"}, "status"),
    ],
)
async def test_a_bad_plan_is_422_naming_the_field_and_nothing_is_written(
    client: httpx.AsyncClient,
    planner: dict[str, str],
    kymppi: str,
    body: dict[str, Any],
    field: str,
) -> None:
    response = await client.post(PLANS, json=body, headers=planner)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert (await client.get(PLANS, headers=planner)).json()["items"] == []


async def test_viewers_and_reviewers_read_plans_but_cannot_write(
    client: httpx.AsyncClient, auth: Auth, plan: dict[str, Any]
) -> None:
    for reader in (auth("viewer", areas=["kymppi"]), auth("reviewer")):
        assert (await client.get(f"{PLANS}/{plan['id']}", headers=reader)).status_code == 200
        create = await client.post(PLANS, json={"year": 2030, "title": "x"}, headers=reader)
        assert create.status_code == 403
        assert (await transition(client, plan, "submitted", reader)).status_code == 403
        put = await client.put(f"{PLANS}/{plan['id']}/sections/x", json=SECTION, headers=reader)
        assert put.status_code == 403


async def test_a_planner_of_another_area_gets_404_on_this_areas_plans(
    client: httpx.AsyncClient, auth: Auth, plan: dict[str, Any], seinajoki: str
) -> None:
    stranger = auth("planner", areas=["seinajoen-seutu"])
    plan_url = f"{PLANS}/{plan['id']}"
    assert (await client.get(PLANS, headers=stranger)).status_code == 404
    assert (await client.get(plan_url, headers=stranger)).status_code == 404
    assert (await client.get(f"{plan_url}/sections", headers=stranger)).status_code == 404
    assert (await client.get(f"{plan_url}/snapshots", headers=stranger)).status_code == 404
    create = await client.post(PLANS, json={"year": 2030, "title": "x"}, headers=stranger)
    assert create.status_code == 404
    assert (await transition(client, plan, "submitted", stranger)).status_code == 404
    put = await client.put(f"{plan_url}/sections/x", json=SECTION, headers=stranger)
    assert put.status_code == 404
    # Nor is the plan reachable through the stranger's own area.
    own = await client.get(f"/v1/areas/seinajoen-seutu/plans/{plan['id']}", headers=stranger)
    assert own.status_code == 404


async def test_a_plan_goes_draft_submitted_approved(
    client: httpx.AsyncClient, planner: dict[str, str], plan: dict[str, Any]
) -> None:
    submitted = await transition(client, plan, "submitted", planner)
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"
    approved = await transition(client, plan, "approved", planner)
    assert approved.json()["status"] == "approved"
    read = await client.get(f"{PLANS}/{plan['id']}", headers=planner)
    assert read.json()["status"] == "approved"


@pytest.mark.parametrize(
    ("path", "illegal"),
    [
        ([], "approved"),
        ([], "draft"),
        (["submitted"], "submitted"),
        (["submitted"], "draft"),
        (["submitted", "approved"], "submitted"),
    ],
)
async def test_an_illegal_transition_is_409_and_changes_nothing(
    client: httpx.AsyncClient,
    planner: dict[str, str],
    plan: dict[str, Any],
    path: list[str],
    illegal: str,
) -> None:
    for step in path:
        assert (await transition(client, plan, step, planner)).status_code == 200
    response = await transition(client, plan, illegal, planner)
    assert response.status_code == 409
    expected = path[-1] if path else "draft"
    assert response.json()["current_status"] == expected
    assert response.json()["status"] == 409
    read = await client.get(f"{PLANS}/{plan['id']}", headers=planner)
    assert read.json()["status"] == expected


async def test_a_transition_with_a_stale_if_match_is_412(
    client: httpx.AsyncClient, planner: dict[str, str], plan: dict[str, Any]
) -> None:
    etag = (await client.get(f"{PLANS}/{plan['id']}", headers=planner)).headers["ETag"]
    created = await client.put(f"{PLANS}/{plan['id']}/sections/a", json=SECTION, headers=planner)
    assert created.status_code == 201, created.text
    ok = await transition(client, plan, "submitted", {**planner, "If-Match": etag})
    assert ok.status_code == 200
    stale = await transition(client, plan, "approved", {**planner, "If-Match": etag})
    assert stale.status_code == 412
    bad = await transition(client, plan, "published", planner)
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "to"


async def test_an_unknown_plan_is_404(
    client: httpx.AsyncClient, planner: dict[str, str], kymppi: str
) -> None:
    assert (await client.get(f"{PLANS}/999999", headers=planner)).status_code == 404
    assert (await client.get(f"{PLANS}/0", headers=planner)).status_code == 422


async def test_sections_are_created_without_a_precondition_and_replaced_with_if_match(
    client: httpx.AsyncClient, planner: dict[str, str], plan: dict[str, Any]
) -> None:
    url = f"{PLANS}/{plan['id']}/sections/1-alue"
    created = await client.put(url, json=SECTION, headers=planner)
    assert created.status_code == 201
    assert created.headers["Location"] == url
    etag = created.headers["ETag"]

    changed = {**SECTION, "body": "Uusi teksti."}
    assert (await client.put(url, json=changed, headers=planner)).status_code == 428
    stale = await client.put(url, json=changed, headers={**planner, "If-Match": '"x"'})
    assert stale.status_code == 412
    replaced = await client.put(url, json=changed, headers={**planner, "If-Match": etag})
    assert replaced.status_code == 200
    assert replaced.json()["body"] == "Uusi teksti."

    read = await client.get(url, headers=planner)
    assert read.json()["body"] == "Uusi teksti."
    assert read.headers["ETag"] == replaced.headers["ETag"] != etag


async def test_if_none_match_star_creates_only(
    client: httpx.AsyncClient, planner: dict[str, str], plan: dict[str, Any]
) -> None:
    url = f"{PLANS}/{plan['id']}/sections/2-talous"
    create_only = {**planner, "If-None-Match": "*"}
    assert (await client.put(url, json=SECTION, headers=create_only)).status_code == 201
    again = await client.put(url, json={**SECTION, "title": "X"}, headers=create_only)
    assert again.status_code == 412
    assert (await client.get(url, headers=planner)).json()["title"] == SECTION["title"]


async def test_if_match_on_a_section_that_does_not_exist_is_412(
    client: httpx.AsyncClient, planner: dict[str, str], plan: dict[str, Any]
) -> None:
    url = f"{PLANS}/{plan['id']}/sections/3-palvelut"
    response = await client.put(url, json=SECTION, headers={**planner, "If-Match": '"x"'})
    assert response.status_code == 412
    assert (await client.get(url, headers=planner)).status_code == 404


async def test_sections_are_listed_in_the_order_they_were_written(
    client: httpx.AsyncClient, planner: dict[str, str], plan: dict[str, Any]
) -> None:
    base = f"{PLANS}/{plan['id']}/sections"
    for key in ("1-alue", "2-talous", "10-liite"):
        created = await client.put(f"{base}/{key}", json=SECTION, headers=planner)
        assert created.status_code == 201, created.text
    first = await client.get(f"{base}?limit=2", headers=planner)
    assert [s["key"] for s in first.json()["items"]] == ["1-alue", "2-talous"]
    cursor = first.json()["next_cursor"]
    rest = await client.get(f"{base}?limit=2&cursor={cursor}", headers=planner)
    assert [s["key"] for s in rest.json()["items"]] == ["10-liite"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"language": "de"}, "language"),
        ({"title": ""}, "title"),
        ({"body": "a\x00b"}, "body"),
        ({"body": "x" * 100_001}, "body"),
    ],
)
async def test_a_bad_section_is_422_naming_the_field_and_nothing_is_written(
    client: httpx.AsyncClient,
    planner: dict[str, str],
    plan: dict[str, Any],
    change: dict[str, Any],
    field: str,
) -> None:
    url = f"{PLANS}/{plan['id']}/sections/1-alue"
    response = await client.put(url, json={**SECTION, **change}, headers=planner)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert (await client.get(url, headers=planner)).status_code == 404


async def test_a_bad_section_key_is_422(
    client: httpx.AsyncClient, planner: dict[str, str], plan: dict[str, Any]
) -> None:
    response = await client.put(
        f"{PLANS}/{plan['id']}/sections/Osa_1", json=SECTION, headers=planner
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "key"


async def test_the_sections_of_an_approved_plan_cannot_change(
    client: httpx.AsyncClient, planner: dict[str, str], plan: dict[str, Any]
) -> None:
    url = f"{PLANS}/{plan['id']}/sections/1-alue"
    etag = (await client.put(url, json=SECTION, headers=planner)).headers["ETag"]
    await transition(client, plan, "submitted", planner)
    submitted_edit = await client.put(
        url, json={**SECTION, "title": "Alue ja jäsenet"}, headers={**planner, "If-Match": etag}
    )
    assert submitted_edit.status_code == 200
    await transition(client, plan, "approved", planner)

    change = {**SECTION, "body": "Muutettu."}
    current = submitted_edit.headers["ETag"]
    refused = await client.put(url, json=change, headers={**planner, "If-Match": current})
    assert refused.status_code == 409
    new_key = await client.put(
        f"{PLANS}/{plan['id']}/sections/9-uusi", json=change, headers=planner
    )
    assert new_key.status_code == 409
    assert (await client.get(url, headers=planner)).json()["title"] == "Alue ja jäsenet"


async def test_the_plan_of_a_year_is_the_plan_with_all_its_sections_in_one_read(
    client: httpx.AsyncClient, planner: dict[str, str], plan: dict[str, Any]
) -> None:
    base = f"{PLANS}/{plan['id']}/sections"
    for key in ("1-alue", "2-talous", "10-liite"):
        created = await client.put(f"{base}/{key}", json=SECTION, headers=planner)
        assert created.status_code == 201, created.text
    listed = await client.get(f"{base}?limit=500", headers=planner)
    assert listed.status_code == 200
    response = await client.get(f"{PLANS}/by-year/2025", headers=planner)
    assert response.status_code == 200, response.text
    read = (await client.get(f"{PLANS}/{plan['id']}", headers=planner)).json()
    assert response.json() == read | {"sections": listed.json()["items"]}


async def test_a_year_without_a_plan_is_404_naming_the_year_and_an_unknown_area_is_404(
    client: httpx.AsyncClient, auth: Auth, planner: dict[str, str], plan: dict[str, Any]
) -> None:
    missing = await client.get(f"{PLANS}/by-year/2026", headers=planner)
    assert missing.status_code == 404
    assert missing.json()["type"].endswith("/no-plan-for-year")
    assert "2026" in missing.json()["detail"]
    unknown = await client.get("/v1/areas/nowhere/plans/by-year/2025", headers=auth("reviewer"))
    assert unknown.status_code == 404
    assert unknown.json()["type"].endswith("/area-not-found")


async def test_the_plan_of_a_year_is_404_for_a_planner_of_another_area(
    client: httpx.AsyncClient, auth: Auth, plan: dict[str, Any], seinajoki: str
) -> None:
    stranger = auth("planner", areas=["seinajoen-seutu"])
    assert (await client.get(f"{PLANS}/by-year/2025", headers=stranger)).status_code == 404
    assert (await client.get(f"{PLANS}/by-year/2025", headers=auth("reviewer"))).status_code == 200


@pytest.mark.parametrize("year", ["1999", "2101", "next"])
async def test_a_bad_year_is_422_naming_it(
    client: httpx.AsyncClient, planner: dict[str, str], plan: dict[str, Any], year: str
) -> None:
    response = await client.get(f"{PLANS}/by-year/{year}", headers=planner)
    assert response.status_code == 422
    assert [(e["field"], e["in"]) for e in response.json()["errors"]] == [("year", "path")]

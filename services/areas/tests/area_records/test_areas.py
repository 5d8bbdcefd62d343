"""POST/GET/PATCH /v1/areas: creation, tenancy of reads, partial updates with If-Match."""

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

Auth = Callable[..., dict[str, str]]
Created = Callable[..., Awaitable[dict[str, Any]]]


async def test_admin_creates_an_area_and_its_readers_get_it_with_the_same_etag(
    client: httpx.AsyncClient,
    auth: Auth,
    admin: dict[str, str],
    registry: None,
    kymppi_body: dict[str, Any],
) -> None:
    response = await client.post("/v1/areas", json=kymppi_body, headers=admin)
    assert response.status_code == 201, response.text
    assert response.headers["Location"] == "/v1/areas/kymppi"
    assert {k: response.json()[k] for k in kymppi_body} == kymppi_body

    for reader in (
        auth("viewer", areas=["kymppi"]),
        auth("planner", areas=["kymppi"]),
        auth("reviewer"),
    ):
        read = await client.get("/v1/areas/kymppi", headers=reader)
        assert read.status_code == 200
        assert read.headers["ETag"] == response.headers["ETag"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id", "Kymppi"),
        ("id", "kymppi--x"),
        ("id", ""),
        ("name_fi", ""),
        ("name_sv", "a\x00b"),
        ("organisation_form", "federation"),
        ("home_municipality_code", "23"),
    ],
)
async def test_a_bad_field_is_named_and_nothing_is_written(
    client: httpx.AsyncClient,
    admin: dict[str, str],
    registry: None,
    kymppi_body: dict[str, Any],
    field: str,
    value: object,
) -> None:
    response = await client.post("/v1/areas", json={**kymppi_body, field: value}, headers=admin)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]
    listing = await client.get("/v1/areas", headers=admin)
    assert listing.json()["items"] == []


async def test_an_unknown_home_municipality_is_422_naming_it(
    client: httpx.AsyncClient,
    admin: dict[str, str],
    registry: None,
    kymppi_body: dict[str, Any],
) -> None:
    body = {**kymppi_body, "home_municipality_code": "999"}
    response = await client.post("/v1/areas", json=body, headers=admin)
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "home_municipality_code"
    assert "999" in error["message"]
    assert (await client.get("/v1/areas/kymppi", headers=admin)).status_code == 404


async def test_a_taken_id_is_a_conflict(
    client: httpx.AsyncClient, admin: dict[str, str], kymppi: str, kymppi_body: dict[str, Any]
) -> None:
    response = await client.post(
        "/v1/areas", json={**kymppi_body, "name_fi": "Toinen"}, headers=admin
    )
    assert response.status_code == 409
    assert (await client.get("/v1/areas/kymppi", headers=admin)).json()["name_fi"] == (
        kymppi_body["name_fi"]
    )


@pytest.mark.parametrize("roles", [("planner",), ("viewer",), ("reviewer",)])
async def test_only_an_admin_creates_areas(
    client: httpx.AsyncClient,
    auth: Auth,
    registry: None,
    kymppi_body: dict[str, Any],
    roles: tuple[str, ...],
) -> None:
    response = await client.post(
        "/v1/areas", json=kymppi_body, headers=auth(*roles, areas=["kymppi"])
    )
    assert response.status_code == 403


async def test_the_same_idempotency_key_replays_the_creation(
    client: httpx.AsyncClient,
    admin: dict[str, str],
    registry: None,
    kymppi_body: dict[str, Any],
) -> None:
    headers = {**admin, "Idempotency-Key": "create-kymppi-1"}
    first = await client.post("/v1/areas", json=kymppi_body, headers=headers)
    again = await client.post("/v1/areas", json=kymppi_body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()


async def test_an_outsider_gets_404_as_if_the_area_did_not_exist(
    client: httpx.AsyncClient, auth: Auth, kymppi: str
) -> None:
    for outsider in (
        auth("viewer", areas=["other"]),
        auth("planner", areas=["other"]),
        auth(areas=["kymppi"]),
    ):
        response = await client.get("/v1/areas/kymppi", headers=outsider)
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"


async def test_an_unknown_area_is_404_for_an_admin(
    client: httpx.AsyncClient, admin: dict[str, str], registry: None
) -> None:
    assert (await client.get("/v1/areas/nowhere", headers=admin)).status_code == 404


async def test_the_list_shows_viewers_their_areas_and_reviewers_all(
    client: httpx.AsyncClient, auth: Auth, kymppi: str, seinajoki: str
) -> None:
    async def ids(headers: dict[str, str]) -> list[str]:
        response = await client.get("/v1/areas", headers=headers)
        assert response.status_code == 200
        return [a["id"] for a in response.json()["items"]]

    assert await ids(auth("viewer", areas=["kymppi"])) == ["kymppi"]
    assert await ids(auth("planner", areas=["seinajoen-seutu", "unknown"])) == [seinajoki]
    assert await ids(auth("reviewer")) == ["kymppi", "seinajoen-seutu"]
    assert await ids(auth(areas=["kymppi"])) == []


async def test_the_list_pages_with_a_cursor(
    client: httpx.AsyncClient, admin: dict[str, str], kymppi: str, seinajoki: str
) -> None:
    first = await client.get("/v1/areas?limit=1", headers=admin)
    assert [a["id"] for a in first.json()["items"]] == ["kymppi"]
    assert 'rel="next"' in first.headers["Link"]
    cursor = first.json()["next_cursor"]
    second = await client.get(f"/v1/areas?limit=1&cursor={cursor}", headers=admin)
    assert [a["id"] for a in second.json()["items"]] == ["seinajoen-seutu"]
    assert second.json()["next_cursor"] is None


async def test_patch_changes_only_the_given_fields_and_needs_the_current_etag(
    client: httpx.AsyncClient, admin: dict[str, str], kymppi: str, kymppi_body: dict[str, Any]
) -> None:
    etag = (await client.get("/v1/areas/kymppi", headers=admin)).headers["ETag"]
    change = {"name_sv": "Kymppi sysselsättningsområdet"}

    missing = await client.patch("/v1/areas/kymppi", json=change, headers=admin)
    assert missing.status_code == 428
    stale = await client.patch(
        "/v1/areas/kymppi", json=change, headers={**admin, "If-Match": '"stale"'}
    )
    assert stale.status_code == 412
    updated = await client.patch(
        "/v1/areas/kymppi", json=change, headers={**admin, "If-Match": etag}
    )
    assert updated.status_code == 200
    assert updated.json()["name_sv"] == change["name_sv"]
    assert updated.json()["name_fi"] == kymppi_body["name_fi"]
    assert updated.headers["ETag"] != etag
    again = await client.patch(
        "/v1/areas/kymppi", json={"name_fi": "X"}, headers={**admin, "If-Match": etag}
    )
    assert again.status_code == 412


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name_fi": None}, "name_fi"),
        ({"organisation_form": "federation"}, "organisation_form"),
        ({"home_municipality_code": "999"}, "home_municipality_code"),
        ({"id": "other"}, "id"),
    ],
)
async def test_a_bad_patch_is_422_naming_the_field_and_changes_nothing(
    client: httpx.AsyncClient,
    admin: dict[str, str],
    kymppi: str,
    body: dict[str, Any],
    field: str,
) -> None:
    before = await client.get("/v1/areas/kymppi", headers=admin)
    response = await client.patch(
        "/v1/areas/kymppi", json=body, headers={**admin, "If-Match": before.headers["ETag"]}
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]
    after = await client.get("/v1/areas/kymppi", headers=admin)
    assert after.json() == before.json()


async def test_patch_by_the_areas_planner_is_403_and_by_an_outsider_404(
    client: httpx.AsyncClient, auth: Auth, kymppi: str
) -> None:
    body, precondition = {"name_fi": "X"}, {"If-Match": "*"}
    planner = await client.patch(
        "/v1/areas/kymppi", json=body, headers={**auth("planner", areas=["kymppi"]), **precondition}
    )
    assert planner.status_code == 403
    outsider = await client.patch(
        "/v1/areas/kymppi", json=body, headers={**auth("planner", areas=["x"]), **precondition}
    )
    assert outsider.status_code == 404


async def test_a_malformed_area_id_in_the_path_is_422(
    client: httpx.AsyncClient, admin: dict[str, str], registry: None
) -> None:
    response = await client.get("/v1/areas/Not%20A%20Slug", headers=admin)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "area_id"

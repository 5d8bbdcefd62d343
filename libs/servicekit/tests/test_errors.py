import logging
from collections.abc import Callable

import httpx
import pytest

from servicekit.errors import Conflict, problem_catalogue

Auth = Callable[..., dict[str, str]]
PROBLEM = "application/problem+json"


async def test_unknown_route_is_404_problem(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/nowhere")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["status"] == 404
    assert response.json()["instance"] == "/v1/nowhere"


async def test_wrong_method_is_405_problem(client: httpx.AsyncClient) -> None:
    response = await client.delete("/v1/items")
    assert response.status_code == 405
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["title"] == "Method Not Allowed"


async def test_405_allow_lists_every_method_of_the_path(client: httpx.AsyncClient) -> None:
    response = await client.delete("/v1/items")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"


async def test_405_allow_lists_the_methods_of_a_path_with_parameters(
    client: httpx.AsyncClient,
) -> None:
    response = await client.delete("/v1/areas/kymppi/things")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"


async def test_validation_names_every_bad_field(client: httpx.AsyncClient, auth: Auth) -> None:
    response = await client.post(
        "/v1/items", json={"name": "", "colour": "Red!"}, headers=auth("admin")
    )
    assert response.status_code == 422
    problem = response.json()
    assert response.headers["content-type"] == PROBLEM
    assert sorted(e["field"] for e in problem["errors"]) == ["colour", "name"]
    assert all(e["in"] == "body" and e["message"] for e in problem["errors"])
    assert "detail" in problem
    assert "detail" not in problem["errors"][0]


async def test_malformed_json_is_400_naming_where(client: httpx.AsyncClient, auth: Auth) -> None:
    response = await client.post(
        "/v1/items",
        content=b"{not json",
        headers={**auth("admin"), "content-type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["type"] == "/problems/malformed-json"
    assert "line 1, column 2" in response.json()["detail"]


async def test_service_error_carries_its_status(client: httpx.AsyncClient, auth: Auth) -> None:
    body = {"name": "a", "colour": "red"}
    assert (await client.post("/v1/items", json=body, headers=auth("admin"))).status_code == 201
    conflict = await client.post("/v1/items", json=body, headers=auth("admin"))
    assert conflict.status_code == 409
    assert conflict.json()["title"] == "Conflict"


async def test_unexpected_error_is_500_without_internals_and_logged(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="servicekit.errors"):
        response = await client.post(
            "/v1/items-then-fail",
            json={"name": "b", "colour": "red"},
            headers={"X-Request-ID": "boom-1"},
        )
    assert response.status_code == 500
    assert response.headers["content-type"] == PROBLEM
    assert "secret internal detail" not in response.text
    assert response.json()["request_id"] == "boom-1"
    assert response.headers["x-request-id"] == "boom-1"
    records = [r for r in caplog.records if r.name == "servicekit.errors"]
    assert records
    assert getattr(records[0], "request_id", None) == "boom-1"


async def test_failed_request_writes_nothing(client: httpx.AsyncClient, auth: Auth) -> None:
    await client.post("/v1/items-then-fail", json={"name": "ghost", "colour": "red"})
    listing = await client.get("/v1/items", headers=auth("viewer"))
    assert [i["name"] for i in listing.json()["items"]] == []


@pytest.mark.parametrize(
    ("method", "path", "status", "slug"),
    [
        ("GET", "/v1/nowhere", 404, "not-found"),
        ("DELETE", "/v1/items", 405, "method-not-allowed"),
        ("GET", "/v1/items", 401, "unauthorized"),
        ("POST", "/v1/items-then-fail", 422, "invalid-fields"),
    ],
)
async def test_each_problem_has_a_stable_type_uri(
    client: httpx.AsyncClient, method: str, path: str, status: int, slug: str
) -> None:
    response = await client.request(method, path, json={})
    assert response.status_code == status
    assert response.json()["type"] == f"/problems/{slug}"


async def test_a_service_error_carries_its_class_type(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    body = {"name": "typed", "colour": "red"}
    assert (await client.post("/v1/items", json=body, headers=auth("admin"))).status_code == 201
    conflict = await client.post("/v1/items", json=body, headers=auth("admin"))
    assert conflict.json()["type"] == "/problems/conflict"


async def test_the_problem_catalogue_describes_every_generic_type(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/problems")
    assert response.status_code == 200
    entries = {e["slug"]: e for e in response.json()["items"]}
    assert {
        "bad-request",
        "unauthorized",
        "forbidden",
        "not-found",
        "method-not-allowed",
        "conflict",
        "precondition-failed",
        "invalid-fields",
        "precondition-required",
        "internal-error",
    } <= set(entries)
    for slug, entry in entries.items():
        assert entry["type"] == f"/problems/{slug}"
        assert len(entry["description"]) > 40, slug
    assert entries["invalid-fields"]["members"] == ["errors"]


def test_a_slug_used_twice_or_inherited_is_refused() -> None:
    class Taken(Conflict):
        slug = "conflict"
        description = "Another conflict."

    class Inherited(Conflict):
        description = "No slug of its own."

    with pytest.raises(ValueError, match="used by"):
        problem_catalogue([Taken])
    with pytest.raises(ValueError, match="its own problem slug"):
        problem_catalogue([Inherited])

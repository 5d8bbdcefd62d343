"""Links a service answers with resolve under the prefix the client used (X-Forwarded-Prefix)."""

from collections.abc import Callable

import httpx
import pytest

Auth = Callable[..., dict[str, str]]
AREAS = {"X-Forwarded-Prefix": "/areas"}


async def test_a_problem_instance_carries_the_forwarded_prefix(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/nowhere", headers=AREAS)
    assert response.status_code == 404
    assert response.json()["instance"] == "/areas/v1/nowhere"


async def test_a_service_error_instance_carries_the_forwarded_prefix(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/v1/items", headers=AREAS)
    assert response.status_code == 401
    assert response.json()["instance"] == "/areas/v1/items"


async def test_a_validation_problem_instance_carries_the_forwarded_prefix(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    response = await client.get("/v1/items?limit=0", headers={**auth("viewer"), **AREAS})
    assert response.status_code == 422
    assert response.json()["instance"] == "/areas/v1/items"


@pytest.mark.parametrize(
    "prefix", ["areas", "/areas/v1", "//evil.example", "/Areas", "/areas?x=1", "/" + "a" * 64]
)
async def test_a_prefix_that_is_not_one_path_segment_is_ignored(
    client: httpx.AsyncClient, prefix: str
) -> None:
    response = await client.get("/v1/nowhere", headers={"X-Forwarded-Prefix": prefix})
    assert response.json()["instance"] == "/v1/nowhere"


async def test_a_trailing_slash_is_404_not_a_redirect_to_the_service_address(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    response = await client.get("/v1/items/", headers={**auth("viewer"), **AREAS})
    assert response.status_code == 404
    assert "location" not in response.headers
    assert response.json()["instance"] == "/areas/v1/items/"


async def test_the_next_link_resolves_under_the_prefix(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    for name in ("a", "b"):
        created = await client.post(
            "/v1/items", json={"name": name, "colour": "red"}, headers=auth("admin")
        )
        assert created.status_code == 201
    gateway_url = httpx.URL("http://gateway.test/areas/v1/items?limit=1")
    first = await client.get("/v1/items?limit=1", headers={**auth("viewer"), **AREAS})
    link = first.headers["link"]
    assert link.endswith('>; rel="next"')
    # A query-only reference: resolved against the URL the client called, prefix and all.
    target = gateway_url.join(link[1 : link.index(">")])
    assert target.path == "/areas/v1/items"
    assert target.params["cursor"] == first.json()["next_cursor"]


async def test_an_idempotency_problem_instance_carries_the_forwarded_prefix(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    response = await client.post(
        "/v1/items",
        json={"name": "k", "colour": "red"},
        headers={**auth("admin"), **AREAS, "Idempotency-Key": "k" * 300},
    )
    assert response.status_code == 422
    assert response.json()["instance"] == "/areas/v1/items"


async def test_an_unexpected_error_instance_carries_the_forwarded_prefix(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/v1/items-then-fail", json={"name": "c", "colour": "red"}, headers=AREAS
    )
    assert response.status_code == 500
    assert response.json()["instance"] == "/areas/v1/items-then-fail"
    assert response.json()["type"] == "/problems/internal-error"

"""Every Location the service answers with resolves under the prefix the client came by."""

from collections.abc import Callable
from typing import Any

import httpx

Auth = Callable[..., dict[str, str]]
PREFIX = {"X-Forwarded-Prefix": "/areas"}


async def _post_and_follow(
    client: httpx.AsyncClient, admin: dict[str, str], path: str, body: dict[str, Any]
) -> str:
    """POSTs under the prefix, asserts the Location is the prefixed path that GET answers."""
    response = await client.post(path, json=body, headers={**admin, **PREFIX})
    assert response.status_code == 201, response.text
    location = response.headers["location"]
    assert location.startswith("/areas/v1/"), location
    read = await client.get(location.removeprefix("/areas"), headers=admin)
    assert read.status_code == 200, location
    return location.removeprefix("/areas")


async def test_every_created_resource_has_a_location_under_the_prefix(
    client: httpx.AsyncClient, registry: None, admin: dict[str, str], kymppi_body: dict[str, Any]
) -> None:
    area = await _post_and_follow(client, admin, "/v1/areas", kymppi_body)
    await _post_and_follow(
        client, admin, f"{area}/members", {"municipality_code": "233", "valid_from": "2025-01-01"}
    )
    exemption = {
        "criterion": "labour_force_minimum",
        "decision_reference": "VN/1234/2024",
        "decided_on": "2024-02-22",
        "valid_from": "2025-01-01",
    }
    await _post_and_follow(client, admin, f"{area}/exemptions", exemption)
    plan = await _post_and_follow(client, admin, f"{area}/plans", {"year": 2026, "title": "2026"})
    await _post_and_follow(client, admin, f"{plan}/snapshots", {"document": {"a": 1}})
    section = await client.put(
        f"{plan}/sections/1-alue",
        json={"title": "Alue", "body": "Kymmenen kuntaa.", "language": "fi"},
        headers={**admin, **PREFIX},
    )
    assert section.status_code == 201, section.text
    assert section.headers["location"] == f"/areas{plan}/sections/1-alue"


async def test_a_created_municipality_has_a_location_under_the_prefix(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    body = {"code": "233", "name_fi": "Kauhava", "name_sv": "Kauhava", "lat": 63.1, "lon": 23.07}
    await _post_and_follow(client, auth("admin"), "/v1/municipalities", body)


async def test_delete_of_a_municipality_is_405_listing_its_methods(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    response = await client.delete("/v1/municipalities/005", headers=auth("admin"))
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, PUT"


async def test_a_trailing_slash_is_404_not_a_redirect(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    response = await client.get("/v1/municipalities/005/", headers={**auth("viewer"), **PREFIX})
    assert response.status_code == 404
    assert "location" not in response.headers
    assert response.json()["instance"] == "/areas/v1/municipalities/005/"


async def test_a_snapshot_allows_only_get_though_a_route_refuses_the_rest(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    response = await client.options("/v1/areas/kymppi/plans/1/snapshots/1", headers=auth("admin"))
    assert response.status_code == 405
    assert response.headers["allow"] == "GET"

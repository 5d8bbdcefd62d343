"""Links through the gateway: every Location and problem instance the areas service answers
with is one the client can follow on the gateway."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from alue.system import System

pytestmark = pytest.mark.system

Bearer = Callable[..., dict[str, str]]


@pytest.fixture
def http(system: System) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=system.gateway_url, timeout=10) as client:
        yield client


def _created_location(http: httpx.Client, admin: dict[str, str], path: str, body: Any) -> str:
    """POSTs through the gateway and follows the Location it answers with, which must be 200."""
    created = http.post(path, json=body, headers=admin)
    assert created.status_code == 201, created.text
    location = created.headers["location"]
    followed = http.get(location, headers=admin)
    assert followed.status_code == 200, (location, followed.text)
    return location


def test_every_location_the_areas_service_answers_resolves_on_the_gateway(
    http: httpx.Client, bearer: Bearer
) -> None:
    admin = bearer("admin")
    code = next(
        f"{n:03d}"
        for n in range(999, 899, -1)
        if http.get(f"/areas/v1/municipalities/{n:03d}", headers=admin).status_code == 404
    )
    municipality = {"code": code, "name_fi": "Linkkilä", "name_sv": "Linkkilä"}
    _created_location(http, admin, "/areas/v1/municipalities", municipality)

    area_body = {
        "id": f"linkit-{uuid.uuid4().hex[:8]}",
        "name_fi": "Linkkien työllisyysalue",
        "name_sv": "Länkarnas sysselsättningsområde",
        "organisation_form": "lead_municipality",
        "home_municipality_code": code,
    }
    area = _created_location(http, admin, "/areas/v1/areas", area_body)
    member = {"municipality_code": code, "valid_from": "2025-01-01"}
    _created_location(http, admin, f"{area}/members", member)
    exemption = {
        "criterion": "labour_force_minimum",
        "decision_reference": "VN/1/2025",
        "decided_on": "2025-01-02",
        "valid_from": "2025-01-01",
    }
    _created_location(http, admin, f"{area}/exemptions", exemption)
    plan = _created_location(http, admin, f"{area}/plans", {"year": 2026, "title": "2026"})
    _created_location(http, admin, f"{plan}/snapshots", {"document": {"title": "2026"}})

    section = http.put(
        f"{plan}/sections/1-alue",
        json={"title": "Alue", "body": "Yksi kunta.", "language": "fi"},
        headers=admin,
    )
    assert section.status_code == 201, section.text
    assert http.get(section.headers["location"], headers=admin).status_code == 200


def test_a_problem_instance_through_the_gateway_is_the_gateway_path(
    http: httpx.Client, bearer: Bearer
) -> None:
    response = http.get("/areas/v1/areas/ei-ole-olemassa", headers=bearer("admin"))
    assert response.status_code == 404
    assert response.json()["instance"] == "/areas/v1/areas/ei-ole-olemassa"


def test_a_trailing_slash_through_the_gateway_is_404_without_a_redirect(
    http: httpx.Client, bearer: Bearer
) -> None:
    response = http.get("/areas/v1/municipalities/005/", headers=bearer("viewer"))
    assert response.status_code == 404
    assert "location" not in response.headers
    assert response.json()["instance"].startswith("/areas/")


def test_delete_of_a_municipality_through_the_gateway_is_405_listing_its_methods(
    http: httpx.Client, bearer: Bearer
) -> None:
    response = http.delete("/areas/v1/municipalities/005", headers=bearer("admin"))
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, PUT"


def test_the_areas_openapi_through_the_gateway_names_its_prefix(http: httpx.Client) -> None:
    response = http.get("/areas/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["servers"] == [{"url": "/areas"}]
    assert "/v1/municipalities" in document["paths"]

"""The areas OpenAPI says what the service does: statuses, problem types, rules and examples."""

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from servicekit.auth import AREA_ID_PATTERN

Auth = Callable[..., dict[str, str]]
PROBLEM_JSON = "application/problem+json"


@pytest.fixture
def document(app: FastAPI) -> dict[str, Any]:
    return app.openapi()


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    ]


def _schema(operation: dict[str, Any], status: str) -> dict[str, Any]:
    schema: dict[str, Any] = operation["responses"][status]["content"][PROBLEM_JSON]["schema"]
    return schema


def test_every_area_id_parameter_declares_the_slug_pattern(document: dict[str, Any]) -> None:
    parameters = [
        parameter
        for _, _, operation in _operations(document)
        for parameter in operation.get("parameters", [])
        if parameter["name"] == "area_id"
    ]
    assert len(parameters) >= 21
    assert all(p["schema"].get("pattern") == AREA_ID_PATTERN for p in parameters)


def test_every_operation_lists_its_error_statuses_instead_of_a_default(
    document: dict[str, Any],
) -> None:
    for path, method, operation in _operations(document):
        responses = operation["responses"]
        assert "default" not in responses, (method, path)
        assert "401" in responses, (method, path)
        for status in (s for s in responses if s[0] == "4"):
            assert PROBLEM_JSON in responses[status]["content"], (method, path, status)


def test_writes_declare_their_role_preconditions_and_conflicts(document: dict[str, Any]) -> None:
    paths = document["paths"]
    put = paths["/v1/municipalities/{code}"]["put"]["responses"]
    assert {"401", "403", "404", "412", "422", "428"} <= set(put)
    member = paths["/v1/areas/{area_id}/members"]["post"]
    assert {"401", "403", "404", "409", "422"} <= set(member["responses"])
    refs = [s["$ref"] for s in _schema(member, "409")["anyOf"]]
    assert "#/components/schemas/MembershipOverlapProblem" in refs
    transition = paths["/v1/areas/{area_id}/plans/{plan_id}/transitions"]["post"]
    assert _schema(transition, "409") == {
        "$ref": "#/components/schemas/IllegalPlanTransitionProblem"
    }


def test_extension_members_of_the_areas_problems_are_declared(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]

    def members(name: str) -> set[str]:
        return set(schemas[name]["allOf"][1]["properties"]) - {"type"}

    assert members("MembershipOverlapProblem") == {
        "conflicting_area_id",
        "conflicting_membership_id",
    }
    assert members("IllegalPlanTransitionProblem") == {"current_status", "allowed_statuses"}
    assert members("BadMunicipalitySetProblem") == {"errors", "errors_left_out"}
    assert members("InvalidFieldsProblem") == {"errors"}


def test_municipality_code_sets_are_declared_unique(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    assert schemas["EligibilityRequest"]["properties"]["municipality_codes"]["uniqueItems"]
    assert schemas["ForecastRequest"]["properties"]["municipality_codes"]["uniqueItems"]


def test_the_forecast_request_is_codes_or_an_area_as_one_of(document: dict[str, Any]) -> None:
    branches = document["components"]["schemas"]["ForecastRequest"]["oneOf"]
    assert [b["title"] for b in branches] == ["municipalities", "area"]


@pytest.mark.parametrize(
    "body",
    [
        {"municipality_codes": ["005"], "area_id": "kymppi"},
        {},
        {"municipality_codes": ["005"], "on": "2025-01-01"},
    ],
)
async def test_a_forecast_request_outside_the_one_of_is_422(
    client: httpx.AsyncClient, auth: Auth, body: dict[str, Any]
) -> None:
    response = await client.post("/v1/forecast", json=body, headers=auth("viewer"))
    assert response.status_code == 422


def test_the_main_operations_carry_examples(document: dict[str, Any]) -> None:
    paths = document["paths"]
    with_request = [
        ("/v1/municipalities", "post"),
        ("/v1/areas", "post"),
        ("/v1/areas/{area_id}/members", "post"),
        ("/v1/statistics", "put"),
    ]
    for path, method in with_request:
        body = paths[path][method]["requestBody"]["content"]["application/json"]
        assert "example" in body, path
    answers = [
        ("/v1/municipalities/{code}", "get", "200"),
        ("/v1/municipalities", "post", "201"),
        ("/v1/areas", "post", "201"),
        ("/v1/areas/{area_id}/members", "post", "201"),
        ("/v1/eligibility", "post", "200"),
        ("/v1/forecast", "post", "200"),
        ("/v1/statistics", "put", "200"),
    ]
    for path, method, status in answers:
        assert "example" in paths[path][method]["responses"][status]["content"]["application/json"]
    schemas = document["components"]["schemas"]
    assert schemas["EligibilityRequest"]["examples"]
    assert schemas["ForecastRequest"]["examples"]


async def test_openapi_json_has_a_server_for_the_gateway_prefix(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/openapi.json", headers={"X-Forwarded-Prefix": "/areas"})
    assert response.status_code == 200
    assert response.json()["servers"] == [{"url": "/areas"}]

"""The funding service's OpenAPI: readable operation ids and the problems each answers."""

from typing import Any

from fastapi import FastAPI

from funding.errors import BudgetHasBlockingFindings
from servicekit.openapi import build_openapi


def operations(app: FastAPI) -> dict[str, dict[str, Any]]:
    document = build_openapi(app)
    return {
        operation["operationId"]: operation
        for path in document["paths"].values()
        for operation in path.values()
    }


def test_money_operations_have_readable_ids_and_declare_their_statuses(app: FastAPI) -> None:
    found = operations(app)
    assert {
        "create_allocation",
        "list_allocations",
        "get_allocation",
        "get_subsidies",
        "put_subsidies",
        "create_budget",
        "get_budget",
        "put_budget_lines",
        "transition_budget",
        "amend_budget",
        "get_calendar",
        "get_cost_sharing",
    } <= set(found)
    assert {"409", "412"} <= set(found["transition_budget"]["responses"])
    assert {"412", "428"} <= set(found["put_budget_lines"]["responses"])
    assert "502" in found["get_cost_sharing"]["responses"]
    conflict = str(found["transition_budget"]["responses"]["409"])
    assert BudgetHasBlockingFindings.type_uri() in conflict

"""Each operation's OpenAPI lists the problems it really answers, derived and declared."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any, ClassVar

import httpx
import pytest
from fastapi import APIRouter, Depends, FastAPI, Header
from pydantic import BaseModel

from servicekit.app import create_base_app
from servicekit.auth import Principal, area_reader, current_principal, require_role
from servicekit.errors import (
    Conflict,
    PreconditionFailed,
    PreconditionRequired,
    raises,
)
from servicekit.http import ListingParams
from servicekit.settings import AuthSettings
from servicekit.testing import test_auth_env


class Overlap(Conflict):
    slug = "thing-overlap"
    description = "The thing overlaps another thing."
    members: ClassVar[dict[str, dict[str, Any]]] = {"other_id": {"type": "integer"}}


class Body(BaseModel):
    name: str


@raises(PreconditionFailed, PreconditionRequired)
async def if_match(if_match: Annotated[str | None, Header()] = None) -> str | None:
    return if_match


router = APIRouter(prefix="/v1")


@router.get("/open")
async def read_open() -> dict[str, str]:
    return {}


@router.get("/listed")
async def list_listed(listing: ListingParams) -> dict[str, str]:
    return {}


@router.get("/mine")
async def read_mine(_: Annotated[Principal, Depends(current_principal)]) -> dict[str, str]:
    return {}


@router.post("/things")
@raises(Overlap)
async def create_thing(
    body: Body, _: Annotated[Principal, Depends(require_role("admin"))]
) -> dict[str, str]:
    return {}


@router.get("/areas/{area_id}/things")
async def read_area_things(
    area_id: str, _: Annotated[Principal, Depends(area_reader)]
) -> dict[str, str]:
    return {}


@router.put("/things/{name}")
async def replace_thing(name: str, _: Annotated[str | None, Depends(if_match)]) -> dict[str, str]:
    return {}


class GadgetRead(BaseModel):
    id: int
    name: str


GADGETS = "/areas/{area_id}/gadgets"
gadgets = APIRouter(prefix="/v1")


@gadgets.post(GADGETS, status_code=201)
async def create_gadget(area_id: str, body: Body) -> GadgetRead:
    return GadgetRead(id=1, name=body.name)


@gadgets.get(GADGETS + "/{gadget_id}")
async def get_gadget(area_id: str, gadget_id: int) -> GadgetRead:
    return GadgetRead(id=gadget_id, name="")


@gadgets.put(GADGETS + "/{gadget_id}/parts")
async def put_gadget_parts(area_id: str, gadget_id: int) -> dict[str, str]:
    return {}


@gadgets.get(GADGETS + "/{gadget_id}/parts/{part_id}")
async def get_gadget_part(area_id: str, gadget_id: int, part_id: int) -> dict[str, str]:
    return {}


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield


async def _ready(app: FastAPI) -> str | None:
    return None


def _app(routers: tuple[APIRouter, ...] = (router,)) -> FastAPI:
    settings = AuthSettings.model_validate(test_auth_env())
    return create_base_app(
        name="openapi-sample",
        settings=settings,
        routers=list(routers),
        lifespan=_lifespan,
        readiness=_ready,
        problem_types=[Overlap],
    )


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return _app().openapi()


def _errors(document: dict[str, Any], path: str, method: str) -> set[str]:
    return {s for s in document["paths"][path][method]["responses"] if s[0] in "45"}


def test_an_operation_without_input_or_dependencies_declares_no_problem(
    document: dict[str, Any],
) -> None:
    assert _errors(document, "/v1/open", "get") == set()
    assert "default" not in document["paths"]["/v1/open"]["get"]["responses"]


def test_a_bearer_dependency_declares_401(document: dict[str, Any]) -> None:
    assert _errors(document, "/v1/mine", "get") == {"401"}


def test_a_listing_declares_the_bearer_scheme_401_and_its_page_parameters(
    document: dict[str, Any],
) -> None:
    operation = document["paths"]["/v1/listed"]["get"]
    assert _errors(document, "/v1/listed", "get") == {"401", "422"}
    assert [(p["name"], p["in"]) for p in operation["parameters"]] == [
        ("limit", "query"),
        ("cursor", "query"),
    ]
    assert operation["parameters"][0]["schema"]["default"] == 50


def test_a_role_declares_403_a_body_400_413_415_and_422_and_the_route_its_own_409(
    document: dict[str, Any],
) -> None:
    responses = document["paths"]["/v1/things"]["post"]["responses"]
    assert _errors(document, "/v1/things", "post") == {
        "400",
        "401",
        "403",
        "409",
        "413",
        "415",
        "422",
    }
    assert "/problems/duplicate-json-name" in responses["400"]["description"]
    assert document["paths"]["/v1/things"]["post"]["x-body-limit"] == 1024 * 1024
    conflict = responses["409"]["content"]["application/problem+json"]["schema"]
    assert conflict == {"$ref": "#/components/schemas/ThingOverlapProblem"}
    assert "/problems/thing-overlap" in responses["409"]["description"]
    invalid = responses["422"]["content"]["application/problem+json"]["schema"]
    assert invalid == {"$ref": "#/components/schemas/InvalidFieldsProblem"}


def test_area_access_declares_404(document: dict[str, Any]) -> None:
    assert _errors(document, "/v1/areas/{area_id}/things", "get") == {"401", "404", "422"}


def test_a_precondition_dependency_declares_412_and_428(document: dict[str, Any]) -> None:
    assert _errors(document, "/v1/things/{name}", "put") == {"412", "422", "428"}


def test_extension_members_have_a_schema_per_problem_type(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    overlap = schemas["ThingOverlapProblem"]["allOf"]
    assert overlap[0] == {"$ref": "#/components/schemas/Problem"}
    assert overlap[1]["properties"]["type"] == {"const": "/problems/thing-overlap"}
    assert overlap[1]["properties"]["other_id"] == {"type": "integer"}
    errors = schemas["InvalidFieldsProblem"]["allOf"][1]["properties"]["errors"]
    assert errors["items"]["required"] == ["field", "in", "message"]
    assert "HTTPValidationError" not in schemas


def test_operations_under_the_bearer_dependency_and_only_they_name_the_scheme(
    document: dict[str, Any],
) -> None:
    [name] = document["components"]["securitySchemes"]
    security = {
        (path, method): operation.get("security")
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if path.startswith("/v1/")
    }
    # /v1/mine uses the bearer dependency itself, the others through a role or area access.
    assert security == {
        ("/v1/open", "get"): None,
        ("/v1/listed", "get"): [{name: []}],
        ("/v1/mine", "get"): [{name: []}],
        ("/v1/things", "post"): [{name: []}],
        ("/v1/areas/{area_id}/things", "get"): [{name: []}],
        ("/v1/things/{name}", "put"): None,
    }


def test_the_bearer_scheme_says_jwt(document: dict[str, Any]) -> None:
    [scheme] = document["components"]["securitySchemes"].values()
    assert (scheme["scheme"], scheme["bearerFormat"]) == ("bearer", "JWT")


async def test_openapi_json_names_the_forwarded_prefix_in_servers() -> None:
    app = _app()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sample.test") as client:
        direct = await client.get("/openapi.json")
        behind = await client.get("/openapi.json", headers={"X-Forwarded-Prefix": "/areas"})
        forged = await client.get("/openapi.json", headers={"X-Forwarded-Prefix": "//evil"})

    assert direct.status_code == 200
    assert "servers" not in direct.json()
    assert behind.json()["servers"] == [{"url": "/areas"}]
    assert "servers" not in forged.json()
    assert behind.json()["paths"] == direct.json()["paths"]


def test_a_creating_post_links_to_the_operations_on_what_it_created() -> None:
    document = _app((gadgets,)).openapi()
    created = document["paths"]["/v1/areas/{area_id}/gadgets"]["post"]["responses"]["201"]
    from_post = {"area_id": "$request.path.area_id", "gadget_id": "$response.body#/id"}
    # Not get_gadget_part: its part_id is nothing the created gadget names.
    assert created["links"] == {
        "get_gadget": {"operationId": "get_gadget", "parameters": from_post},
        "put_gadget_parts": {"operationId": "put_gadget_parts", "parameters": from_post},
    }


def test_a_post_that_creates_nothing_links_nowhere(document: dict[str, Any]) -> None:
    assert "links" not in document["paths"]["/v1/things"]["post"]["responses"]["200"]

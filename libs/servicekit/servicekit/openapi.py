"""OpenAPI as clients should see it: each operation's real error answers, as problem+json.

Every operation lists the statuses it answers with besides success, each with the
problem types it can carry (`/problems/<slug>`). They come from what the route and
its dependencies declare with `servicekit.errors.raises` (the bearer dependency
declares 401, a role 403, area access 404; a precondition dependency 412 and 428),
plus 422 for any operation that takes parameters or a body, and for a JSON body 400
(one that cannot be read at all, or is not strict JSON), 413 and 415 (servicekit.bodies).
Each operation that takes a body names its size limit in bytes as `x-body-limit`.
A problem type with
extension members has its own schema, `<Slug>Problem`, built on `Problem`.

The bearer scheme is declared here too: an operation whose dependencies include one marked
`reads_bearer_token` lists it in its `security`. (FastAPI's `HTTPBearer` dependency would
declare it as well, but it runs on every request only to do so.)

Each operation that creates with `POST` (a 201 answer) links to the operations on the
resource it created (`links`, OpenAPI 3.1 §4.8.20): those whose path is the POST's path
and one more path parameter, which the created body names (a field of that name, or `id`
for `<x>_id`); a client, and schemathesis's stateful phase, can follow them.

`/openapi.json` answered under a gateway prefix (`X-Forwarded-Prefix`) names that
prefix in `servers`, so a client generated from it calls the gateway's paths.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.routing import Route

from servicekit.bodies import declared_body_limit
from servicekit.errors import (
    PROBLEM_JSON,
    BadRequest,
    ContentTooLarge,
    DuplicateJsonName,
    JsonTooDeep,
    MalformedJson,
    ServiceError,
    UnprocessableContent,
    UnsupportedMediaType,
    declared_problems,
)
from servicekit.links import forwarded_prefix

F = TypeVar("F", bound=Callable[..., Any])

BEARER_SCHEME_NAME = "HTTPBearer"
BEARER_SCHEME: dict[str, Any] = {
    "type": "http",
    "description": "A JWT from the identity provider.",
    "scheme": "bearer",
    "bearerFormat": "JWT",
}
_BEARER_ATTRIBUTE = "__servicekit_reads_bearer_token__"

PROBLEM_REF = "#/components/schemas/Problem"
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "description": "An RFC 9457 problem details object; `type` says which problem it is.",
    "properties": {
        "type": {
            "type": "string",
            "description": "The problem type: `/problems/<slug>`, a page on the gateway.",
        },
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string", "description": "The path the problem is about."},
        "request_id": {"type": ["string", "null"]},
    },
    "required": ["type", "title", "status", "detail"],
}


def schema_name(problem: type[ServiceError]) -> str:
    """`membership-overlap` -> `MembershipOverlapProblem`."""
    return "".join(part.capitalize() for part in problem.slug.split("-")) + "Problem"


def problem_schema(problem: type[ServiceError]) -> dict[str, Any]:
    """The Problem schema narrowed to `problem`'s type, with its extension members."""
    return {
        "title": schema_name(problem),
        "description": problem.description,
        "allOf": [
            {"$ref": PROBLEM_REF},
            {
                "type": "object",
                "properties": {
                    "type": {"const": problem.type_uri()},
                    **problem.all_members(),
                },
            },
        ],
    }


def reads_bearer_token(function: F) -> F:
    """Marks a dependency that authenticates with the bearer token, for the OpenAPI."""
    setattr(function, _BEARER_ATTRIBUTE, True)
    return function


def dependencies(dependant: Dependant) -> Iterable[Dependant]:
    """`dependant` and every dependency under it."""
    yield dependant
    for sub in dependant.dependencies:
        yield from dependencies(sub)


def needs_bearer_token(route: APIRoute) -> bool:
    return any(getattr(d.call, _BEARER_ATTRIBUTE, False) for d in dependencies(route.dependant))


def route_problems(route: APIRoute) -> set[type[ServiceError]]:
    """What the route and every dependency under it declare, and 422 when it takes input."""
    found: set[type[ServiceError]] = set()
    for dependant in dependencies(route.dependant):
        found.update(declared_problems(dependant.call))
        takes_input = (
            dependant.path_params
            or dependant.query_params
            or dependant.header_params
            or dependant.cookie_params
            or dependant.body_params
        )
        if takes_input:
            found.add(UnprocessableContent)
        if dependant.body_params:
            found.update(JSON_BODY_PROBLEMS)
    return found


# What reading a JSON body may answer (servicekit.bodies).
JSON_BODY_PROBLEMS = (
    BadRequest,
    MalformedJson,
    DuplicateJsonName,
    JsonTooDeep,
    ContentTooLarge,
    UnsupportedMediaType,
)


def problem_responses(
    problems: Iterable[type[ServiceError]], components: dict[str, Any]
) -> dict[str, Any]:
    """One response per status, listing the problem types it carries; adds their schemas."""
    by_status: dict[int, list[type[ServiceError]]] = {}
    for problem in sorted(problems, key=lambda p: (p.status, p.slug)):
        by_status.setdefault(problem.status, []).append(problem)
    responses: dict[str, Any] = {}
    for status, types in by_status.items():
        refs: list[str] = []
        for problem in types:
            if problem.all_members():
                components.setdefault(schema_name(problem), problem_schema(problem))
                ref = f"#/components/schemas/{schema_name(problem)}"
            else:
                ref = PROBLEM_REF
            if ref not in refs:
                refs.append(ref)
        # anyOf, not oneOf: a bare Problem matches every narrowed one too.
        schema = {"$ref": refs[0]} if len(refs) == 1 else {"anyOf": [{"$ref": r} for r in refs]}
        listed = ", ".join(f"`{p.type_uri()}`" for p in types)
        responses[str(status)] = {
            "description": f"{types[0].title}: {listed}",
            "content": {PROBLEM_JSON: {"schema": schema}},
        }
    return responses


def examples(*, request: Any = None, response: Any = None, status: int = 200) -> dict[str, Any]:
    """A route's `openapi_extra`: an example JSON request body and an example answer."""
    extra: dict[str, Any] = {}
    if request is not None:
        extra["requestBody"] = {"content": {"application/json": {"example": request}}}
    if response is not None:
        extra["responses"] = {str(status): {"content": {"application/json": {"example": response}}}}
    return extra


def build_openapi(app: FastAPI) -> dict[str, Any]:
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
        separate_input_output_schemas=app.separate_input_output_schemas,
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    secured = False
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    components["Problem"] = PROBLEM_SCHEMA
    paths = schema.get("paths", {})
    for context in iter_route_contexts(app.router.routes):
        route = context.original_route
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        problems = route_problems(route)
        security = needs_bearer_token(route)
        secured = secured or security
        for method in context.methods or ():
            operation = paths.get(context.path_format, {}).get(method.lower())
            if operation is None:
                continue
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)  # FastAPI's {"detail": ...} shape, never answered
            responses.update(problem_responses(problems, components))
            if "requestBody" in operation:
                default_limit = getattr(app.state.settings, "max_body_bytes", None)
                operation["x-body-limit"] = declared_body_limit(route.endpoint) or default_limit
            if security:
                operation["security"] = [{BEARER_SCHEME_NAME: []}]
    if secured:
        schema["components"].setdefault("securitySchemes", {})[BEARER_SCHEME_NAME] = BEARER_SCHEME
    add_creation_links(paths, components)
    return schema


_PARAMETER = re.compile(r"^\{([^}/]+)\}$")
_LINKED_METHODS = ("get", "put", "patch", "delete")


def add_creation_links(paths: dict[str, Any], components: dict[str, Any]) -> None:
    """Links from each creating POST to the operations on what it created (see above)."""
    for path, item in paths.items():
        created = item.get("post", {}).get("responses", {}).get("201")
        if created is None:
            continue
        fields = _properties(created, components)
        links: dict[str, Any] = {}
        for other, other_item in paths.items():
            new = _new_parameter(path, other)
            if new is None:
                continue
            field = (
                new if new in fields else "id" if new.endswith("_id") and "id" in fields else None
            )
            if field is None:
                continue
            for method in _LINKED_METHODS:
                operation = other_item.get(method)
                if operation is None or "operationId" not in operation:
                    continue
                parameters = {
                    p["name"]: f"$request.path.{p['name']}"
                    for p in operation.get("parameters", [])
                    if p.get("in") == "path" and p["name"] != new
                }
                parameters[new] = f"$response.body#/{field}"
                links[operation["operationId"]] = {
                    "operationId": operation["operationId"],
                    "parameters": parameters,
                }
        if links:
            created["links"] = links


def _naming_field(parameter: str, fields: set[str]) -> str | None:
    if parameter in fields:
        return parameter
    return "id" if parameter.endswith("_id") and "id" in fields else None


def _new_parameter(collection: str, path: str) -> str | None:
    """`x` when `path` is `collection/{x}` or below it with no other new parameter."""
    if not path.startswith(collection + "/"):
        return None
    first, *rest = path[len(collection) + 1 :].split("/")
    match = _PARAMETER.match(first)
    if match is None or any(_PARAMETER.match(segment) for segment in rest):
        return None
    return match.group(1)


def _properties(response: dict[str, Any], components: dict[str, Any]) -> set[str]:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    ref = schema.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        schema = components.get(ref.rsplit("/", 1)[1], {})
    return set(schema.get("properties", {}))


def install_problem_openapi(app: FastAPI) -> None:
    """Replaces FastAPI's document with the one above, and its `/openapi.json` route with one
    that adds the gateway prefix to `servers`."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build_openapi(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    async def openapi_document(request: Request) -> JSONResponse:
        # app.openapi, not the function above: other conventions wrap it (servicekit.http).
        document = app.openapi()
        prefix = forwarded_prefix(request.scope)
        if prefix:
            document = {**document, "servers": [{"url": prefix}]}
        return JSONResponse(document)

    if app.openapi_url:
        app.router.routes[:] = [
            r for r in app.router.routes if not (isinstance(r, Route) and r.path == app.openapi_url)
        ]
        app.add_route(app.openapi_url, openapi_document, include_in_schema=False)

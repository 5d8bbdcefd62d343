"""Test helpers for the gates: checks generated from an app's OpenAPI over every operation.

A gate walks `operations(document)` (every path and method of a service's or the
gateway's document), fills the path with `fill_path`, sends what it checks and
collects each operation that fails into a list, so that one run names every route that
breaks a guarantee and a route added later is checked without a change to the gate.

    bad_bodies(operation)      the bodies every write must refuse with a 4xx problem
                               naming the problem (servicekit.bodies), nothing written
    security_header_problems   what an answer lacks of the headers servicekit.middleware
                               promises
    route_checks, expected_status
                               what a route must answer a caller, derived from the access
                               rules its dependencies declare (servicekit.auth.checks)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi.routing import APIRoute

from servicekit.auth import AREA_READABLE, AccessCheck, declared_checks
from servicekit.bodies import MAX_JSON_DEPTH, SAFE_INTEGER
from servicekit.errors import PROBLEM_JSON
from servicekit.middleware import DOCUMENT_CSP

UNSAFE_METHODS = frozenset({"post", "put", "patch", "delete"})
_PARAMETER = re.compile(r"\{([^}]+)\}")


@dataclass(frozen=True)
class Operation:
    path: str  # the template, `/v1/areas/{area_id}`
    method: str  # lower case, as the document has it
    spec: dict[str, Any]

    @property
    def secured(self) -> bool:
        return bool(self.spec.get("security"))

    @property
    def body_types(self) -> list[str]:
        return list(self.spec.get("requestBody", {}).get("content", {}))

    @property
    def body_limit(self) -> int | None:
        limit = self.spec.get("x-body-limit")
        return limit if isinstance(limit, int) else None

    @property
    def takes_json(self) -> bool:
        return any(t == "application/json" or t.endswith("+json") for t in self.body_types)

    @property
    def is_write(self) -> bool:
        return self.method in UNSAFE_METHODS

    @property
    def statuses(self) -> set[str]:
        return set(self.spec.get("responses", {}))

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path}"


def operations(document: Mapping[str, Any]) -> Iterator[Operation]:
    for path, item in document.get("paths", {}).items():
        for method, spec in item.items():
            if method in {"get", "head", "post", "put", "patch", "delete"}:
                yield Operation(path, method, spec)


def fill_path(path: str, values: Mapping[str, str], default: str = "1") -> str:
    """The path with each `{name}` replaced by `values[name]`, or `default`."""
    return _PARAMETER.sub(lambda m: values.get(m.group(1), default), path)


@dataclass(frozen=True)
class BadBody:
    name: str
    content: bytes
    content_type: str
    status: int
    slug: str | None  # None: the operation's own type for the status
    field: str | None = None  # the field a 422 must name


def bad_bodies(operation: Operation) -> list[BadBody]:
    """What the operation must refuse, each with the status and problem type it must answer."""
    limit = operation.body_limit
    bodies: list[BadBody] = []
    if limit is not None:
        padding = b" " * (limit + 1 - 2)
        media = operation.body_types[0]
        bodies.append(BadBody("oversized", b"{" + padding + b"}", media, 413, "content-too-large"))
    if not operation.takes_json:
        # A file in its own media type (a Kela CSV): JSON in its place is another type.
        bodies.append(BadBody("JSON for a file", b"{}", "application/json", 415, None))
        return bodies
    valid = b'{"name": "gate"}'

    def body(name: str, content: bytes, status: int, slug: str, field: str | None = None) -> None:
        bodies.append(BadBody(name, content, "application/json", status, slug, field))

    depth = MAX_JSON_DEPTH + 1
    body("deep", b"[" * depth + b"]" * depth, 400, "json-too-deep")
    body("very deep", b"[" * 100_000 + b"]" * 100_000, 400, "json-too-deep")
    body("not UTF-8", b'{"name": "\xff\xfe"}', 400, "malformed-json")
    body("a lone surrogate", b'{"name": "\xed\xa0\x80"}', 400, "malformed-json")
    body("not JSON", b'{"name": ', 400, "malformed-json")
    body("NaN", b'{"name": NaN}', 400, "malformed-json")
    body("Infinity", b'{"name": -Infinity}', 400, "malformed-json")
    body("a duplicate name", b'{"name": "a", "name": "b"}', 400, "duplicate-json-name")
    body("NUL", json.dumps({"name": "a\x00b"}).encode(), 422, "invalid-fields", "name")
    body(
        "a control character",
        json.dumps({"name": "a\x1bb"}).encode(),
        422,
        "invalid-fields",
        "name",
    )
    body("an escaped lone surrogate", b'{"name": "\\udc00"}', 422, "invalid-fields", "name")
    body("a NUL in a name", b'{"na\\u0000me": 1}', 422, "invalid-fields", "body")
    body("a huge number", b'{"name": 1e400}', 422, "invalid-fields", "name")
    body("a huge integer", b'{"name": %d}' % (SAFE_INTEGER + 1), 422, "invalid-fields", "name")
    body("a long integer", b'{"name": ' + b"9" * 5000 + b"}", 422, "invalid-fields", "name")
    bodies += [
        BadBody("text/plain", valid, "text/plain", 415, "unsupported-media-type"),
        BadBody(
            "a form",
            b"name=gate",
            "application/x-www-form-urlencoded",
            415,
            "unsupported-media-type",
        ),
        BadBody(
            "JSON in Latin-1",
            valid,
            "application/json; charset=iso-8859-1",
            415,
            "unsupported-media-type",
        ),
    ]
    return bodies


def body_problems(response: httpx.Response, bad: BadBody) -> str | None:
    """What is wrong with the answer to `bad`, or None."""
    if response.status_code != bad.status:
        return f"{bad.name}: {response.status_code}, not {bad.status}: {response.text[:200]}"
    if response.headers.get("content-type") != PROBLEM_JSON:
        return f"{bad.name}: answered {response.headers.get('content-type')}, not problem+json"
    problem = response.json()
    if bad.slug is not None and problem.get("type") != f"/problems/{bad.slug}":
        return f"{bad.name}: problem type {problem.get('type')}, not /problems/{bad.slug}"
    if bad.field is not None:
        fields = [e.get("field") for e in problem.get("errors", [])]
        if fields != [bad.field]:
            return f"{bad.name}: named {fields}, not [{bad.field!r}]"
    return None


def security_header_problems(response: httpx.Response, *, credentials: bool) -> list[str]:
    """What the answer lacks of servicekit.middleware's security headers."""
    problems = []
    headers = response.headers
    if headers.get("x-content-type-options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    media = headers.get("content-type", "").partition(";")[0].strip()
    if credentials and (media == "application/json" or media.endswith("+json")):
        cache = headers.get("cache-control", "")
        if "no-store" not in cache and "private" not in cache:
            problems.append(f"authenticated JSON a shared cache may keep: {cache!r}")
    if media == "text/html" and headers.get("content-security-policy") != DOCUMENT_CSP:
        problems.append(f"an HTML document with CSP {headers.get('content-security-policy')!r}")
    return problems


def route_checks(route: APIRoute) -> list[AccessCheck]:
    """The access rules the route's dependencies declare, in the order FastAPI runs them
    (each dependency after its own), each once; a path under `{area_id}` is readable only
    to those who may read the area (DESIGN.md, "Security and tenancy") whether or not a
    dependency says so."""
    found: list[AccessCheck] = []

    def visit(dependant: Any) -> None:
        for sub in dependant.dependencies:
            visit(sub)
        for check in declared_checks(dependant.call):
            if check not in found:
                found.append(check)

    visit(route.dependant)
    if "{area_id}" in route.path_format and AREA_READABLE not in found:
        found.insert(0, AREA_READABLE)
    return found


def expected_status(
    checks: list[AccessCheck], *, roles: frozenset[str], areas: frozenset[str], area: str | None
) -> int | None:
    """The status of the first rule the caller fails, or None: the caller is let through.

    The rules of DESIGN.md ("Security and tenancy"), written out here again rather than
    taken from servicekit.auth: reviewers and admins read every area, viewers and planners
    the areas of their token; admins write every area, planners the areas of their token.
    """
    reads = bool(roles & {"reviewer", "admin"}) or (
        bool(roles & {"viewer", "planner"}) and area in areas
    )
    writes = "admin" in roles or ("planner" in roles and area in areas)
    for check in checks:
        passed = {
            "role": bool(roles & check.roles),
            "area_readable": area is None or reads,
            "area_writable": area is None or writes,
            "area_planner": "planner" in roles and area in areas,
        }[check.kind]
        if not passed:
            return check.status
    return None

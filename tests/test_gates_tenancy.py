"""The tenancy matrix: every route of every service and of the gateway, every caller.

Generated from each app's OpenAPI document: each operation is asked by no token, an
expired token, and each role (viewer, planner, reviewer, admin) holding the demo area
(`kymppi`), on that area and on another (`suupohja`) where the path names one. What it
must answer is derived from the access rules the route's dependencies declare
(`servicekit.gates.route_checks`; a service's route behind the gateway keeps its own):
401 without a valid token, the failing rule's 404 or 403, and otherwise anything but a
refusal. A write is sent a body no route accepts and an `If-Match` no resource has, so
that a caller let through is stopped after its authorisation; no service's data
generation may move over the whole matrix.
"""

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute

from alue.in_process import GATEWAY, InProcessSystem
from alue.registry import SERVICES
from servicekit.auth import ROLES, mint_token
from servicekit.gates import Operation, expected_status, fill_path, operations, route_checks
from servicekit.settings import AuthSettings

OWN, OTHER = "kymppi", "suupohja"
PATH_VALUES = {"code": "005", "year": "2025", "month": "2025-01"}
# How an answer hides an area the caller may not read (DESIGN.md: as if it did not exist).
HIDDEN = {"/problems/not-found", "/problems/area-not-found"}


@dataclass(frozen=True)
class Caller:
    name: str
    token: str | None
    roles: frozenset[str] = frozenset()
    valid: bool = True


def callers(settings: AuthSettings) -> Iterator[Caller]:
    yield Caller("no token", None, valid=False)
    expired = mint_token(settings, sub="late", roles=sorted(ROLES), areas=[OWN], ttl_seconds=-60)
    yield Caller("an expired token", expired, valid=False)
    for role in sorted(ROLES):
        token = mint_token(settings, sub=f"gate-{role}", roles=[role], areas=[OWN])
        yield Caller(role, token, frozenset({role}))


def served_by(system: InProcessSystem, name: str, operation: Operation) -> APIRoute:
    """The route that answers the operation: a service's own behind its gateway prefix."""
    app: FastAPI = system.apps[name]
    path = operation.path
    if name == GATEWAY:
        service, _, rest = path.lstrip("/").partition("/")
        if service in system.services:
            app, path = system.services[service], "/" + rest
    method = operation.method.upper()
    for route in app.routes:
        if (
            isinstance(route, APIRoute)
            and route.path_format == path
            and method in (route.methods or ())
        ):
            return route
    raise AssertionError(f"no route serves {operation}")


def verdict(response: httpx.Response, expected: int | None) -> str | None:
    status = response.status_code
    if status >= 500:
        return f"{status}: {response.text[:160]}"
    if expected is not None:
        return None if status == expected else f"{status}, not {expected}"
    kind = response.json().get("type") if status == 404 else None
    if status in (401, 403) or kind in HIDDEN:
        return f"{status} {kind or ''}, not let through: {response.text[:160]}"
    return None


async def generations(system: InProcessSystem, token: str) -> dict[str, int]:
    found = {}
    for name in system.services:
        async with system.client(name) as client:
            response = await client.get(
                "/v1/generation", headers={"Authorization": f"Bearer {token}"}
            )
        found[name] = response.json()["generation"]
    return found


@pytest.mark.parametrize("name", [spec.name for spec in SERVICES] + [GATEWAY])
async def test_every_route_answers_every_caller_as_its_declared_rules_say(
    in_process: InProcessSystem, name: str
) -> None:
    settings: AuthSettings = in_process.gateway.state.settings
    reader = mint_token(settings, sub="gate", roles=["viewer"])
    before = await generations(in_process, reader)
    failures: list[str] = []
    asked = 0
    async with in_process.client(name) as client:
        document = (await client.get("/openapi.json")).json()
        for operation in operations(document):
            if not operation.path.split("/")[1:3] or "/v1/" not in operation.path + "/":
                continue
            assert operation.secured, f"{operation} takes no bearer token"
            checks = route_checks(served_by(in_process, name, operation))
            areas = [OWN, OTHER] if "{area_id}" in operation.path else [None]
            for caller in callers(settings):
                for area in areas:
                    path = fill_path(operation.path, {**PATH_VALUES, "area_id": area or OWN})
                    headers = {"Authorization": f"Bearer {caller.token}"} if caller.token else {}
                    content = None
                    if operation.is_write:
                        headers |= {"If-Match": '"gate"', "Content-Type": "application/json"}
                        content = b'"gate"'
                    response = await client.request(
                        operation.method, path, headers=headers, content=content
                    )
                    asked += 1
                    expected = (
                        expected_status(
                            checks, roles=caller.roles, areas=frozenset({OWN}), area=area
                        )
                        if caller.valid
                        else 401
                    )
                    wrong = verdict(response, expected)
                    if wrong is not None:
                        failures.append(f"{operation} by {caller.name} on {area}: {wrong}")
    assert failures == [], f"{len(failures)} of {asked}:\n" + "\n".join(failures)
    assert await generations(in_process, reader) == before, "a caller's request wrote"

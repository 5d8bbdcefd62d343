"""Bad input on every write route of every service and of the gateway (issue 13).

Generated from each app's OpenAPI document: every operation that takes a body gets
each of `servicekit.gates.bad_bodies` (too large for its `x-body-limit`, too deep, not
UTF-8, NUL and control characters, NaN and infinities, huge numbers, another media type,
a duplicate name) and must answer the 4xx problem naming it, never a 5xx; and no
service's data generation (`GET /v1/generation`, advanced by every committed write)
moves: nothing was written.
"""

import pytest

from alue.in_process import GATEWAY, InProcessSystem
from alue.registry import SERVICES
from servicekit.auth import mint_token
from servicekit.gates import bad_bodies, body_problems, fill_path, operations
from servicekit.settings import AuthSettings

# The demo data's employment area, and values of the other path parameters' formats.
PATH_VALUES = {"area_id": "kymppi", "code": "005", "year": "2025", "month": "2025-01"}


async def generations(in_process: InProcessSystem) -> dict[str, int]:
    settings: AuthSettings = in_process.gateway.state.settings
    token = mint_token(settings, sub="gate", roles=["viewer"])
    found = {}
    for name in in_process.services:
        async with in_process.client(name) as client:
            response = await client.get(
                "/v1/generation", headers={"Authorization": f"Bearer {token}"}
            )
        assert response.status_code == 200, response.text
        found[name] = response.json()["generation"]
    return found


@pytest.mark.parametrize("name", [spec.name for spec in SERVICES] + [GATEWAY])
async def test_every_write_refuses_bad_bodies_with_a_problem_and_writes_nothing(
    in_process: InProcessSystem, name: str
) -> None:
    settings: AuthSettings = in_process.gateway.state.settings
    admin = mint_token(settings, sub="gate", roles=["admin"], areas=["kymppi"])
    failures: list[str] = []
    checked = 0
    before = await generations(in_process)
    async with in_process.client(name) as client:
        document = (await client.get("/openapi.json")).json()
        for operation in operations(document):
            if not operation.is_write or not operation.body_types:
                continue
            path = fill_path(operation.path, PATH_VALUES)
            for bad in bad_bodies(operation):
                response = await client.request(
                    operation.method,
                    path,
                    content=bad.content,
                    headers={"Authorization": f"Bearer {admin}", "Content-Type": bad.content_type},
                )
                checked += 1
                problem = body_problems(response, bad)
                if problem is not None:
                    failures.append(f"{operation}: {problem}")
    assert failures == [], "\n".join(failures)
    assert checked > 0, f"{name} has no write route with a body"
    assert await generations(in_process) == before, "a refused body wrote something"


@pytest.mark.parametrize("name", [spec.name for spec in SERVICES] + [GATEWAY])
async def test_every_body_declares_its_limit_and_the_problems_of_reading_it(
    in_process: InProcessSystem, name: str
) -> None:
    async with in_process.client(name) as client:
        document = (await client.get("/openapi.json")).json()
    undeclared = []
    for operation in operations(document):
        if not operation.body_types:
            continue
        wanted = {"413", "415", "400"} if operation.takes_json else {"413"}
        if operation.body_limit is None or not wanted <= operation.statuses:
            undeclared.append(f"{operation}: {operation.body_limit}, {sorted(operation.statuses)}")
    assert undeclared == []

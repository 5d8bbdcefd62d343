"""Security headers on every answer of every route of every service and the gateway.

Generated from each app's OpenAPI document: every operation is asked with a token and
without one (a write with a body no route accepts, and `If-Match` no resource has, so
nothing is written), and an operation that documents HTML is asked for it too. Each
answer must carry what `servicekit.middleware` promises (`servicekit.gates`).
"""

import pytest

from alue.in_process import GATEWAY, InProcessSystem
from alue.registry import SERVICES
from servicekit.auth import mint_token
from servicekit.gates import fill_path, operations, security_header_problems
from servicekit.settings import AuthSettings

PATH_VALUES = {"area_id": "kymppi", "code": "005", "year": "2025", "month": "2025-01"}


def documents_html(spec: dict[str, object]) -> bool:
    responses = spec.get("responses", {})
    assert isinstance(responses, dict)
    return any("text/html" in (r.get("content") or {}) for r in responses.values())


@pytest.mark.parametrize("name", [spec.name for spec in SERVICES] + [GATEWAY])
async def test_every_answer_carries_the_security_headers(
    in_process: InProcessSystem, name: str
) -> None:
    settings: AuthSettings = in_process.gateway.state.settings
    token = mint_token(settings, sub="gate", roles=["admin"], areas=["kymppi"])
    failures: list[str] = []
    html_seen = 0
    async with in_process.client(name) as client:
        document = (await client.get("/openapi.json")).json()
        for operation in operations(document):
            path = fill_path(operation.path, PATH_VALUES)
            asks = [({}, False), ({"Authorization": f"Bearer {token}"}, True)]
            if documents_html(operation.spec):
                asks.append(({"Authorization": f"Bearer {token}", "Accept": "text/html"}, True))
            for headers, credentials in asks:
                extra = {}
                if operation.is_write:
                    extra = {"If-Match": '"gate"', "Content-Type": "application/json"}
                response = await client.request(
                    operation.method,
                    path,
                    headers={**headers, **extra},
                    content=b'"gate"' if operation.is_write else None,
                )
                if response.headers.get("content-type", "").startswith("text/html"):
                    html_seen += 1
                for problem in security_header_problems(response, credentials=credentials):
                    failures.append(f"{operation} ({response.status_code}): {problem}")
    assert failures == [], "\n".join(failures)
    if name == GATEWAY:
        assert html_seen > 0, "the printable plan was never answered"

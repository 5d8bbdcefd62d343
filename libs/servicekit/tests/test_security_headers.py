"""Security headers on every answer (servicekit.middleware)."""

from collections.abc import Callable

import httpx

from servicekit.middleware import DOCUMENT_CSP

Auth = Callable[..., dict[str, str]]


async def test_every_answer_says_nosniff(client: httpx.AsyncClient, auth: Auth) -> None:
    for path, headers in [
        ("/livez", {}),
        ("/v1/items", {}),
        ("/v1/items", auth("viewer")),
        ("/no-such-path", {}),
        ("/openapi.json", {}),
    ]:
        response = await client.get(path, headers=headers)
        assert response.headers["x-content-type-options"] == "nosniff", path


async def test_authenticated_json_is_not_stored(client: httpx.AsyncClient, auth: Auth) -> None:
    listed = await client.get("/v1/items", headers=auth("viewer"))
    assert listed.status_code == 200
    assert listed.headers["cache-control"] == "no-store"
    refused = await client.get("/v1/items", headers={"Authorization": "Bearer not.a.jwt"})
    assert refused.status_code == 401
    assert refused.headers["cache-control"] == "no-store"


async def test_public_json_is_left_to_the_route(client: httpx.AsyncClient) -> None:
    response = await client.get("/openapi.json")
    assert "cache-control" not in response.headers


async def test_the_docs_page_keeps_its_scripts(client: httpx.AsyncClient) -> None:
    response = await client.get("/docs")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "content-security-policy" not in response.headers


def test_the_document_policy_loads_and_runs_nothing() -> None:
    directives = dict(part.strip().split(" ", 1) for part in DOCUMENT_CSP.split(";"))
    assert directives["default-src"] == "'none'"
    assert "script-src" not in directives  # default-src 'none' covers scripts
    assert directives["frame-ancestors"] == "'none'"

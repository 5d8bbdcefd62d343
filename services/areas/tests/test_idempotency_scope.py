"""Which POSTs honour Idempotency-Key, and bodies no route may answer with a 500."""

from collections.abc import Callable

import httpx
import pytest

Auth = Callable[..., dict[str, str]]


@pytest.mark.parametrize("path", ["/v1/eligibility", "/v1/forecast"])
async def test_what_if_posts_do_not_take_an_idempotency_key(
    client: httpx.AsyncClient, auth: Auth, path: str
) -> None:
    operation = (await client.get("/openapi.json")).json()["paths"][path]["post"]
    assert "Idempotency-Key" not in {p["name"] for p in operation.get("parameters", [])}
    headers = {**auth("viewer"), "Idempotency-Key": "k-what-if"}
    body = {"municipality_codes": ["005"]}
    for _ in range(2):
        response = await client.post(path, json=body, headers=headers)
        assert "Idempotent-Replayed" not in response.headers


@pytest.mark.parametrize(
    "path", ["/v1/municipalities", "/v1/areas", "/v1/eligibility", "/v1/areas/kymppi/exemptions"]
)
async def test_json_nested_1000_deep_is_a_400_problem(
    client: httpx.AsyncClient, auth: Auth, path: str
) -> None:
    deep = '{"a": ' + "[" * 1000 + "]" * 1000 + "}"
    for key in ({}, {"Idempotency-Key": "k-deep"}):
        headers = {**auth("admin"), **key, "Content-Type": "application/json"}
        response = await client.post(path, content=deep, headers=headers)
        assert response.status_code == 400, response.text
        assert response.headers["content-type"] == "application/problem+json"

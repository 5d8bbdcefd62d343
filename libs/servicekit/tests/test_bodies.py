"""Request bodies: the size limit, the JSON media type and strict JSON (servicekit.bodies).

Every refusal is a problem naming what is wrong, and nothing is written: the sample
service's data generation stays where it was.
"""

from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from sample_app import UPLOAD_LIMIT

from servicekit.bodies import DEFAULT_BODY_LIMIT, MAX_JSON_DEPTH, SAFE_INTEGER

Auth = Callable[..., dict[str, str]]
PROBLEM = "application/problem+json"


async def generation(client: httpx.AsyncClient, auth: Auth) -> int:
    response = await client.get("/v1/generation", headers=auth("viewer"))
    assert response.status_code == 200, response.text
    value: int = response.json()["generation"]
    return value


async def post_item(
    client: httpx.AsyncClient, auth: Auth, content: bytes, content_type: str = "application/json"
) -> httpx.Response:
    headers = {**auth("admin"), "content-type": content_type}
    return await client.post("/v1/items", content=content, headers=headers)


def problem(response: httpx.Response, status: int, slug: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, object] = response.json()
    assert body["type"] == f"/problems/{slug}"
    return body


async def test_a_body_over_the_default_limit_is_413(client: httpx.AsyncClient, auth: Auth) -> None:
    before = await generation(client, auth)
    padding = "x" * DEFAULT_BODY_LIMIT
    response = await post_item(client, auth, f'{{"name": "a", "colour": "{padding}"}}'.encode())
    assert problem(response, 413, "content-too-large")["limit"] == DEFAULT_BODY_LIMIT
    assert await generation(client, auth) == before


async def chunks(size: int, chunk: int = 8192) -> AsyncIterator[bytes]:
    for start in range(0, size, chunk):
        yield b"y" * min(chunk, size - start)


async def test_a_streamed_body_is_stopped_at_the_routes_own_limit(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    # No Content-Length: the limit is found by counting what arrives.
    response = await client.post(
        "/v1/uploads", content=chunks(UPLOAD_LIMIT + 1), headers=auth("admin")
    )
    assert problem(response, 413, "content-too-large")["limit"] == UPLOAD_LIMIT
    fits = await client.post("/v1/uploads", content=chunks(UPLOAD_LIMIT), headers=auth("admin"))
    assert fits.status_code == 200, fits.text
    assert fits.json() == {"bytes": UPLOAD_LIMIT}


async def test_a_content_length_over_the_limit_is_refused_before_reading(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    read: list[int] = []

    async def counted() -> AsyncIterator[bytes]:
        async for chunk in chunks(UPLOAD_LIMIT * 2):
            read.append(len(chunk))
            yield chunk

    headers = {**auth("admin"), "content-length": str(UPLOAD_LIMIT * 2)}
    response = await client.post("/v1/uploads", content=counted(), headers=headers)
    problem(response, 413, "content-too-large")
    # httpx's in-process transport hands the app each chunk as it asks: it asked for none.
    assert read == []


@pytest.mark.parametrize(
    ("content_type", "status"),
    [
        ("text/plain", 415),
        ("application/x-www-form-urlencoded", 415),
        ("application/json; charset=latin-1", 415),
    ],
)
async def test_a_json_route_refuses_another_media_type(
    client: httpx.AsyncClient, auth: Auth, content_type: str, status: int
) -> None:
    before = await generation(client, auth)
    response = await post_item(client, auth, b'{"name": "a", "colour": "red"}', content_type)
    problem(response, status, "unsupported-media-type")
    assert await generation(client, auth) == before


async def test_a_body_without_a_content_type_is_415(client: httpx.AsyncClient, auth: Auth) -> None:
    headers = auth("admin")
    response = await client.post(
        "/v1/items", content=b'{"name": "a", "colour": "red"}', headers=headers
    )
    problem(response, 415, "unsupported-media-type")


async def test_a_merge_patch_style_json_type_is_json(client: httpx.AsyncClient, auth: Auth) -> None:
    response = await post_item(
        client, auth, b'{"name": "a", "colour": "red"}', "application/vnd.alue+json"
    )
    assert response.status_code == 201, response.text


@pytest.mark.parametrize(
    ("content", "slug"),
    [
        (b'{"name": "a", "name": "b", "colour": "red"}', "duplicate-json-name"),
        (b'{"name": "a", "colour": NaN}', "malformed-json"),
        (b'{"name": "a", "colour": Infinity}', "malformed-json"),
        (b'{"name": "a", "colour": -Infinity}', "malformed-json"),
        (b'{"name": "\xff", "colour": "red"}', "malformed-json"),
        (b'{"name": "\xed\xa0\x80", "colour": "red"}', "malformed-json"),
        (b'{"name": "a", "colour": "red"', "malformed-json"),
        (b"[" * 100_000 + b"]" * 100_000, "json-too-deep"),
        (
            b'{"name": "a", "colour": '
            + b"[" * (MAX_JSON_DEPTH + 1)
            + b"]" * (MAX_JSON_DEPTH + 1)
            + b"}",
            "json-too-deep",
        ),
    ],
)
async def test_a_body_that_is_not_strict_json_is_400_naming_the_problem(
    client: httpx.AsyncClient, auth: Auth, content: bytes, slug: str
) -> None:
    before = await generation(client, auth)
    problem(await post_item(client, auth, content), 400, slug)
    assert await generation(client, auth) == before


async def test_a_duplicate_name_is_named(client: httpx.AsyncClient, auth: Auth) -> None:
    response = await post_item(client, auth, b'{"name": "a", "colour": "red", "colour": "blue"}')
    assert problem(response, 400, "duplicate-json-name")["name"] == "colour"


@pytest.mark.parametrize(
    ("content", "field"),
    [
        (b'{"name": "a\\u0000", "colour": "red"}', "name"),
        (b'{"name": "a\\u001b", "colour": "red"}', "name"),
        (b'{"name": "\\ud800", "colour": "red"}', "name"),
        (b'{"name": "a", "colour": "red", "extra": {"x\\u0000": 1}}', "extra"),
        (b'{"name": "a", "colour": "red", "extra": [1, 1e400]}', "extra.1"),
        (b'{"name": "a", "colour": "red", "extra": %d}' % (SAFE_INTEGER + 1), "extra"),
        (b'{"name": "a", "colour": "red", "extra": ' + b"9" * 5000 + b"}", "extra"),
    ],
)
async def test_a_value_no_field_can_hold_is_422_naming_the_field(
    client: httpx.AsyncClient, auth: Auth, content: bytes, field: str
) -> None:
    before = await generation(client, auth)
    response = await post_item(client, auth, content)
    body = problem(response, 422, "invalid-fields")
    assert [e["field"] for e in body["errors"]] == [field]  # type: ignore[attr-defined]
    assert await generation(client, auth) == before


async def test_tabs_and_line_breaks_are_text(client: httpx.AsyncClient, auth: Auth) -> None:
    response = await client.post(
        "/v1/items/what-if", json={"name": "a\tb\r\nc", "colour": "red"}, headers=auth("admin")
    )
    assert response.status_code == 200, response.text

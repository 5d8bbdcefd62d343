import base64
import json
from collections.abc import Callable

import httpx
import pytest

Auth = Callable[..., dict[str, str]]


async def add(client: httpx.AsyncClient, auth: Auth, name: str, colour: str = "red") -> None:
    response = await client.post(
        "/v1/items", json={"name": name, "colour": colour}, headers=auth("admin")
    )
    assert response.status_code == 201


async def test_write_needs_if_match_and_refuses_stale(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    await add(client, auth, "a")
    body = {"name": "a", "colour": "blue"}
    assert (await client.put("/v1/items/a", json=body)).status_code == 428
    stale = await client.put("/v1/items/a", json=body, headers={"If-Match": '"0000"'})
    assert stale.status_code == 412
    assert stale.headers["content-type"] == "application/problem+json"
    wildcard = await client.put("/v1/items/a", json=body, headers={"If-Match": "*"})
    assert wildcard.status_code == 200
    etag = wildcard.headers["ETag"]
    again = await client.put(
        "/v1/items/a", json={"name": "a", "colour": "green"}, headers={"If-Match": f'"x", {etag}'}
    )
    assert again.status_code == 200
    assert again.headers["ETag"] != etag


async def test_pages_follow_cursor_to_the_end(client: httpx.AsyncClient, auth: Auth) -> None:
    for name in ["e", "a", "d", "b", "c"]:
        await add(client, auth, name)
    seen, url = [], "/v1/items?limit=2"
    for _ in range(5):
        response = await client.get(url, headers=auth("viewer"))
        page = response.json()
        seen += [i["name"] for i in page["items"]]
        if page["next_cursor"] is None:
            assert "Link" not in response.headers
            break
        link = response.headers["Link"]
        assert link.endswith('; rel="next"')
        url = "/v1/items" + link[1 : link.index(">")]
    assert seen == ["a", "b", "c", "d", "e"]


async def test_limit_bounds_and_bad_cursor_are_422(client: httpx.AsyncClient, auth: Auth) -> None:
    for query, field in [
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("cursor=bm90LWEtbGlzdA", "cursor"),
    ]:
        response = await client.get(f"/v1/items?{query}", headers=auth("viewer"))
        assert response.status_code == 422, query
        assert response.json()["errors"][0]["field"] == field


async def test_a_read_with_a_matching_if_none_match_is_304_without_a_body(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    await add(client, auth, "fresh")
    first = await client.get("/v1/items/fresh")
    assert first.status_code == 200
    etag = first.headers["ETag"]
    for header in [etag, f'"other", {etag}', "*"]:
        cached = await client.get("/v1/items/fresh", headers={"If-None-Match": header})
        assert cached.status_code == 304, header
        assert cached.headers["ETag"] == etag
        assert cached.content == b""
    stale = await client.get("/v1/items/fresh", headers={"If-None-Match": '"other"'})
    assert stale.status_code == 200
    assert stale.json() == {"name": "fresh", "colour": "red"}


async def test_openapi_declares_the_precondition_headers_and_the_etag(
    client: httpx.AsyncClient,
) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]
    put = paths["/v1/items/{name}"]["put"]
    if_match = next(p for p in put["parameters"] if p["name"] == "If-Match")
    assert if_match["in"] == "header"
    assert "428" in if_match["description"]
    assert "ETag" in put["responses"]["200"]["headers"]
    get = paths["/v1/items/{name}"]["get"]
    assert {"If-None-Match"} <= {p["name"] for p in get["parameters"]}
    assert "ETag" in get["responses"]["200"]["headers"]
    post = paths["/v1/items"]["post"]
    assert "Idempotency-Key" in {p["name"] for p in post["parameters"]}
    assert "ETag" in post["responses"]["201"]["headers"]
    what_if = paths["/v1/items/what-if"]["post"]
    assert "Idempotency-Key" not in {p["name"] for p in what_if.get("parameters", [])}


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ([1], "an int where the list's key is text"),
        (["a", "b"], "two values for a one-value key"),
        ([], "no value"),
        ({"name": "a"}, "an object"),
        ([True], "a boolean"),
        (["a" * 201], "longer than any key issued"),
    ],
)
async def test_a_cursor_of_another_shape_is_422(
    client: httpx.AsyncClient, auth: Auth, key: object, reason: str
) -> None:
    response = await client.get(f"/v1/items?cursor={_cursor(key)}", headers=auth("viewer"))
    assert response.status_code == 422, reason
    assert response.json()["errors"][0] == {
        "field": "cursor",
        "in": "query",
        "message": "not a valid cursor for this list",
    }


@pytest.mark.parametrize("character", ["\x00", "\x01", "\n", "\x7f"])
async def test_a_cursor_with_a_control_character_is_422_not_sent_to_the_database(
    client: httpx.AsyncClient, auth: Auth, character: str
) -> None:
    # PostgreSQL text cannot hold NUL: asyncpg refused it, which answered 500.
    cursor = _cursor([f"a{character}"])
    response = await client.get(f"/v1/items?cursor={cursor}", headers=auth("viewer"))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "cursor"


async def test_the_next_link_keeps_the_query_and_only_the_last_page_has_none(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    for name in ["a", "b", "c"]:
        await add(client, auth, name)
    first = await client.get("/v1/items?limit=2", headers=auth("viewer"))
    assert first.status_code == 200
    cursor = first.json()["next_cursor"]
    assert first.headers["Link"] == f'<?limit=2&cursor={cursor}>; rel="next"'
    last = await client.get(f"/v1/items?limit=2&cursor={cursor}", headers=auth("viewer"))
    assert [i["name"] for i in last.json()["items"]] == ["c"]
    assert last.json()["next_cursor"] is None
    assert "Link" not in last.headers


def _cursor(key: object) -> str:
    raw = json.dumps(key).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")

from collections.abc import Callable
from typing import Any

import httpx
import pytest

Auth = Callable[..., dict[str, str]]

KAUHAVA = {"code": "233", "name_fi": "Kauhava", "name_sv": "Kauhava", "lat": 63.1, "lon": 23.07}


async def create(
    client: httpx.AsyncClient, auth: Auth, body: dict[str, Any], **headers: str
) -> httpx.Response:
    return await client.post("/v1/municipalities", json=body, headers={**auth("admin"), **headers})


async def test_admin_creates_and_any_token_reads(client: httpx.AsyncClient, auth: Auth) -> None:
    created = await create(client, auth, KAUHAVA)
    assert created.status_code == 201, created.text
    assert created.headers["ETag"].startswith('"')

    read = await client.get("/v1/municipalities/233", headers=auth("viewer", areas=["other"]))
    assert read.status_code == 200
    assert read.json() == {**KAUHAVA, "region": None}
    assert read.headers["ETag"] == created.headers["ETag"]


async def test_duplicate_code_is_a_conflict(client: httpx.AsyncClient, auth: Auth) -> None:
    assert (await create(client, auth, KAUHAVA)).status_code == 201
    again = await create(client, auth, KAUHAVA)
    assert again.status_code == 409
    assert again.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("field", "value"),
    [("code", "12"), ("code", "12a"), ("code", 5), ("lat", 58.9), ("lon", 31.7), ("name_fi", "")],
)
async def test_bad_field_is_named_and_nothing_is_written(
    client: httpx.AsyncClient, auth: Auth, field: str, value: object
) -> None:
    response = await create(client, auth, {**KAUHAVA, field: value})
    assert response.status_code == 422
    problem = response.json()
    assert problem["status"] == 422
    assert [e["field"] for e in problem["errors"]] == [field]
    listing = await client.get("/v1/municipalities", headers=auth("viewer"))
    assert listing.json()["items"] == []


async def test_non_admin_may_not_create(client: httpx.AsyncClient, auth: Auth) -> None:
    response = await client.post(
        "/v1/municipalities", json=KAUHAVA, headers=auth("planner", areas=["kymppi"])
    )
    assert response.status_code == 403


async def test_reads_need_a_token(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/municipalities")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


async def test_unknown_code_is_404(client: httpx.AsyncClient, auth: Auth) -> None:
    response = await client.get("/v1/municipalities/999", headers=auth("viewer"))
    assert response.status_code == 404
    assert response.json()["title"] == "Not Found"


async def test_list_pages_with_cursor_and_link(client: httpx.AsyncClient, auth: Auth) -> None:
    for code, name in [("005", "Alajärvi"), ("010", "Alavus"), ("052", "Evijärvi")]:
        assert (
            await create(client, auth, {"code": code, "name_fi": name, "name_sv": name})
        ).status_code == 201

    first = await client.get("/v1/municipalities?limit=2", headers=auth("viewer"))
    assert [m["code"] for m in first.json()["items"]] == ["005", "010"]
    cursor = first.json()["next_cursor"]
    assert cursor
    assert 'rel="next"' in first.headers["Link"]

    second = await client.get(f"/v1/municipalities?limit=2&cursor={cursor}", headers=auth("viewer"))
    assert [m["code"] for m in second.json()["items"]] == ["052"]
    assert second.json()["next_cursor"] is None
    assert "Link" not in second.headers


async def test_list_filters_by_codes_and_name_prefix(client: httpx.AsyncClient, auth: Auth) -> None:
    for code, fi, sv in [
        ("005", "Alajärvi", "Alajärvi"),
        ("010", "Alavus", "Alavo"),
        ("052", "Evijärvi", "Evijärvi"),
    ]:
        created = await create(client, auth, {"code": code, "name_fi": fi, "name_sv": sv})
        assert created.status_code == 201, created.text
    by_codes = await client.get("/v1/municipalities?codes=005,052", headers=auth("viewer"))
    assert by_codes.status_code == 200, by_codes.text
    assert [m["code"] for m in by_codes.json()["items"]] == ["005", "052"]
    by_name = await client.get("/v1/municipalities?q=ala", headers=auth("viewer"))
    assert [m["code"] for m in by_name.json()["items"]] == ["005", "010"]
    by_swedish = await client.get("/v1/municipalities?q=Alavo", headers=auth("viewer"))
    assert [m["code"] for m in by_swedish.json()["items"]] == ["010"]


async def test_bad_codes_filter_and_cursor_are_422(client: httpx.AsyncClient, auth: Auth) -> None:
    bad_codes = await client.get("/v1/municipalities?codes=5,010", headers=auth("viewer"))
    assert bad_codes.status_code == 422
    assert bad_codes.json()["errors"][0]["field"] == "codes"
    bad_cursor = await client.get("/v1/municipalities?cursor=!!!", headers=auth("viewer"))
    assert bad_cursor.status_code == 422
    assert bad_cursor.json()["errors"][0]["field"] == "cursor"


async def test_put_needs_current_etag(client: httpx.AsyncClient, auth: Auth) -> None:
    created = await create(client, auth, KAUHAVA)
    etag = created.headers["ETag"]
    update = {**{k: v for k, v in KAUHAVA.items() if k != "code"}, "region": "Etelä-Pohjanmaa"}

    missing = await client.put("/v1/municipalities/233", json=update, headers=auth("admin"))
    assert missing.status_code == 428
    updated = await client.put(
        "/v1/municipalities/233", json=update, headers={**auth("admin"), "If-Match": etag}
    )
    assert updated.status_code == 200
    assert updated.json()["region"] == "Etelä-Pohjanmaa"
    stale = await client.put(
        "/v1/municipalities/233", json=update, headers={**auth("admin"), "If-Match": etag}
    )
    assert stale.status_code == 412


async def test_idempotency_key_replays_the_first_answer(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    first = await create(client, auth, KAUHAVA, **{"Idempotency-Key": "create-233-a"})
    replay = await create(client, auth, KAUHAVA, **{"Idempotency-Key": "create-233-a"})
    assert first.status_code == replay.status_code == 201
    assert replay.json() == first.json()
    assert replay.headers["Idempotent-Replayed"] == "true"

    other_body = await create(
        client, auth, {**KAUHAVA, "name_fi": "X"}, **{"Idempotency-Key": "create-233-a"}
    )
    assert other_body.status_code == 422
    assert other_body.json()["errors"][0]["field"] == "Idempotency-Key"


async def test_operation_ids_are_readable(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    operation_ids = {op["operationId"] for path in spec["paths"].values() for op in path.values()}
    assert {
        "list_municipalities",
        "get_municipality",
        "create_municipality",
        "update_municipality",
    } <= operation_ids


async def test_openapi_declares_if_match_on_the_put_and_etag_on_the_read(
    client: httpx.AsyncClient,
) -> None:
    path = (await client.get("/openapi.json")).json()["paths"]["/v1/municipalities/{code}"]
    if_match = next(p for p in path["put"]["parameters"] if p["name"] == "If-Match")
    assert if_match["in"] == "header"
    assert "428" in if_match["description"]
    assert "ETag" in path["put"]["responses"]["200"]["headers"]
    assert "If-None-Match" in {p["name"] for p in path["get"]["parameters"]}
    assert "ETag" in path["get"]["responses"]["200"]["headers"]


async def test_a_read_with_a_matching_if_none_match_is_304(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    assert (await create(client, auth, KAUHAVA)).status_code == 201
    url = f"/v1/municipalities/{KAUHAVA['code']}"
    etag = (await client.get(url, headers=auth("viewer"))).headers["ETag"]
    cached = await client.get(url, headers={**auth("viewer"), "If-None-Match": etag})
    assert cached.status_code == 304
    assert (cached.headers["ETag"], cached.content) == (etag, b"")

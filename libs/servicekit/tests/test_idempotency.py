import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi import Request
from sample_app import IdempotencyKey
from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit import idempotency

Auth = Callable[..., dict[str, str]]
ITEM = {"name": "lamp", "colour": "red"}


def keyed(auth: Auth, key: str, sub: str = "tester") -> dict[str, str]:
    return {**auth("admin", sub=sub), "Idempotency-Key": key}


async def count_items(session: AsyncSession) -> int:
    return int(await session.scalar(text("SELECT count(*) FROM sk_sample.item")) or 0)


async def test_same_key_and_body_replays_and_creates_once(
    client: httpx.AsyncClient, auth: Auth, db_session: AsyncSession
) -> None:
    first = await client.post("/v1/items", json=ITEM, headers=keyed(auth, "k-replay"))
    second = await client.post("/v1/items", json=ITEM, headers=keyed(auth, "k-replay"))
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert await count_items(db_session) == 1


async def test_same_key_other_body_is_422(client: httpx.AsyncClient, auth: Auth) -> None:
    first = await client.post("/v1/items", json=ITEM, headers=keyed(auth, "k-other"))
    assert first.status_code == 201, first.text
    response = await client.post(
        "/v1/items", json={**ITEM, "colour": "blue"}, headers=keyed(auth, "k-other")
    )
    assert response.status_code == 422
    assert response.json()["errors"][0] == {
        "field": "Idempotency-Key",
        "in": "header",
        "message": "already used with another request body",
    }


async def test_keys_belong_to_their_principal(client: httpx.AsyncClient, auth: Auth) -> None:
    first = await client.post("/v1/items", json=ITEM, headers=keyed(auth, "k-shared", sub="alice"))
    assert first.status_code == 201, first.text
    bob = await client.post("/v1/items", json=ITEM, headers=keyed(auth, "k-shared", sub="bob"))
    assert bob.status_code == 409  # ran for bob, who hit the item alice created
    assert "Idempotent-Replayed" not in bob.headers


async def test_a_replay_is_authorised_first_and_keys_are_scoped_by_area(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    admin = keyed(auth, "k-area", sub="shared")
    first = await client.post("/v1/areas/toinen/things", headers=admin)
    assert first.status_code == 200, first.text
    outsider = {**auth("planner", areas=["kymppi"], sub="shared"), "Idempotency-Key": "k-area"}
    refused = await client.post("/v1/areas/toinen/things", headers=outsider)
    assert refused.status_code == 404
    assert "Idempotent-Replayed" not in refused.headers
    assert "area" not in refused.json()  # a problem, not the stored answer
    own = await client.post("/v1/areas/kymppi/things", headers=outsider)
    assert own.status_code == 200
    assert "Idempotent-Replayed" not in own.headers
    assert own.json() == {"area": "kymppi", "by": "shared"}


async def test_the_answer_is_stored_in_the_transaction_of_the_write(
    client: httpx.AsyncClient, auth: Auth, db_session: AsyncSession
) -> None:
    response = await client.post("/v1/items", json=ITEM, headers=keyed(auth, "k-stored"))
    assert response.status_code == 201
    stored = (
        await db_session.execute(select(IdempotencyKey).where(IdempotencyKey.c.key == "k-stored"))
    ).one()
    assert (stored.method, stored.route, stored.area) == ("POST", "/v1/items", "")
    assert stored.status_code == 201
    assert json.loads(stored.body) == ITEM


async def test_when_the_answer_cannot_be_stored_the_write_is_undone(
    client: httpx.AsyncClient, auth: Auth, db_session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def crash(claim: Any, response: Any) -> None:
        raise RuntimeError("the process died here")

    monkeypatch.setattr(idempotency._Claim, "store", crash)
    response = await client.post("/v1/items", json=ITEM, headers=keyed(auth, "k-crash"))
    assert response.status_code == 500
    assert await count_items(db_session) == 0
    keys = select(func.count()).select_from(IdempotencyKey)
    assert await db_session.scalar(keys.where(IdempotencyKey.c.key == "k-crash")) == 0


async def test_a_route_without_idempotency_runs_every_time(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    before = await client.post("/v1/items/what-if", json=ITEM, headers=keyed(auth, "k-what-if"))
    assert before.json() == {"exists": False}
    assert (await client.post("/v1/items", json=ITEM, headers=auth("admin"))).status_code == 201
    after = await client.post("/v1/items/what-if", json=ITEM, headers=keyed(auth, "k-what-if"))
    assert after.json() == {"exists": True}
    assert "Idempotent-Replayed" not in after.headers


async def test_deeply_nested_json_is_400_with_or_without_a_key(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    deep = '{"name": ' + "[" * 1000 + "]" * 1000 + ', "colour": "red"}'
    for headers in (auth("admin"), keyed(auth, "k-deep")):
        response = await client.post(
            "/v1/items", content=deep, headers={**headers, "Content-Type": "application/json"}
        )
        assert response.status_code == 400, response.text
        assert response.headers["content-type"] == "application/problem+json"


async def test_an_empty_or_too_long_key_is_422(client: httpx.AsyncClient, auth: Auth) -> None:
    for key in ["", "k" * 256]:
        response = await client.post("/v1/items", json=ITEM, headers=keyed(auth, key))
        assert response.status_code == 422, key
        assert response.json()["errors"][0]["field"] == "Idempotency-Key"


async def test_failed_request_releases_its_key(
    client: httpx.AsyncClient, auth: Auth, db_session: AsyncSession
) -> None:
    bad = await client.post(
        "/v1/items", json={"name": "", "colour": "red"}, headers=keyed(auth, "k-fail")
    )
    assert bad.status_code == 422
    stored = await db_session.scalar(
        select(func.count()).select_from(IdempotencyKey).where(IdempotencyKey.c.key == "k-fail")
    )
    assert stored == 0


async def test_expired_key_runs_again(
    client: httpx.AsyncClient, auth: Auth, db_session: AsyncSession
) -> None:
    first = await client.post("/v1/items", json=ITEM, headers=keyed(auth, "k-old"))
    assert first.status_code == 201, first.text
    await db_session.execute(
        update(IdempotencyKey)
        .where(IdempotencyKey.c.key == "k-old")
        .values(created_at=func.now() - text("interval '25 hours'"))
    )
    await db_session.commit()
    response = await client.post("/v1/items", json=ITEM, headers=keyed(auth, "k-old"))
    assert response.status_code == 409  # ran again: the item exists, no replay of the old 201


async def test_a_key_on_a_route_other_than_post_is_refused_before_it_is_claimed(
    db_session: AsyncSession,
) -> None:
    # Only POST routes store or release a claimed key: on a PUT it would stay claimed.
    async def replace() -> None: ...

    route = idempotency.IdempotentRoute("/v1/things/{name}", replace, methods=["PUT"])
    request = Request({"type": "http", "method": "PUT", "route": route, "headers": []})
    with pytest.raises(RuntimeError, match="POST routes"):
        await idempotency._claim(request, db_session, "tester", "k-put")

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sample_app import IdempotencyKey
from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from starlette.types import Message, Receive, Scope, Send

from servicekit import idempotency
from servicekit.idempotency import request_fingerprint

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
    await client.post("/v1/items", json=ITEM, headers=keyed(auth, "k-other"))
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
    await client.post("/v1/items", json=ITEM, headers=keyed(auth, "k-shared", sub="alice"))
    bob = await client.post("/v1/items", json=ITEM, headers=keyed(auth, "k-shared", sub="bob"))
    assert bob.status_code == 409  # ran for bob, who hit the item alice created
    assert "Idempotent-Replayed" not in bob.headers


async def test_key_in_progress_is_409(
    client: httpx.AsyncClient, auth: Auth, db_session: AsyncSession
) -> None:
    scope = {"method": "POST", "path": "/v1/items", "query_string": b""}
    fingerprint = request_fingerprint(scope, json.dumps(ITEM).encode())
    await db_session.execute(
        IdempotencyKey.insert().values(principal="tester", key="k-busy", fingerprint=fingerprint)
    )
    await db_session.commit()
    response = await client.post("/v1/items", json=ITEM, headers=keyed(auth, "k-busy"))
    assert response.status_code == 409
    assert "in progress" in response.json()["detail"]


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
    await client.post("/v1/items", json=ITEM, headers=keyed(auth, "k-old"))
    await db_session.execute(
        update(IdempotencyKey)
        .where(IdempotencyKey.c.key == "k-old")
        .values(created_at=func.now() - text("interval '25 hours'"))
    )
    await db_session.commit()
    response = await client.post("/v1/items", json=ITEM, headers=keyed(auth, "k-old"))
    assert response.status_code == 409  # ran again: the item exists, no replay of the old 201


async def test_answer_reaches_the_client_only_after_it_is_stored(
    app: FastAPI, auth: Auth, db_connection: AsyncConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A client that retries the moment it has the answer must get the replay, not a 409.
    events: list[str] = []
    complete = idempotency._Store.complete

    async def recorded_complete(store: Any, *args: Any) -> None:
        await complete(store, *args)
        events.append("stored")

    async def recorded_app(scope: Scope, receive: Receive, send: Send) -> None:
        async def recorded_send(message: Message) -> None:
            events.append(message["type"])
            await send(message)

        await app(scope, receive, recorded_send)

    monkeypatch.setattr(idempotency._Store, "complete", recorded_complete)
    transport = httpx.ASGITransport(app=recorded_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        response = await http.post("/v1/items", json=ITEM, headers=keyed(auth, "k-stored-first"))
    assert response.status_code == 201
    assert events[0] == "stored"
    assert "http.response.start" in events

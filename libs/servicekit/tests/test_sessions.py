from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from starlette.types import Message, Receive, Scope, Send

Auth = Callable[..., dict[str, str]]


async def test_changes_are_committed_before_the_answer_is_sent(
    app: FastAPI, auth: Auth, db_connection: AsyncConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A client that acts on a 201 at once must find the row; a failed commit must not be a 201.
    events: list[str] = []
    commit = AsyncSession.commit

    async def recorded_commit(session: AsyncSession, *args: Any) -> None:
        await commit(session, *args)
        events.append("commit")

    async def recorded_app(scope: Scope, receive: Receive, send: Send) -> None:
        async def recorded_send(message: Message) -> None:
            events.append(message["type"])
            await send(message)

        await app(scope, receive, recorded_send)

    monkeypatch.setattr(AsyncSession, "commit", recorded_commit)
    transport = httpx.ASGITransport(app=recorded_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        response = await http.post(
            "/v1/items", json={"name": "chair", "colour": "blue"}, headers=auth("admin")
        )
    assert response.status_code == 201
    assert "commit" in events
    assert events.index("commit") < events.index("http.response.start")

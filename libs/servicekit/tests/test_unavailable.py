"""A database that does not answer: requests fail fast with a 503 problem, no internals."""

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from sample_app import SampleSettings, build_app

from servicekit.auth import mint_token
from servicekit.testing import running_app, test_auth_env

DB_TIMEOUT = 0.5


@pytest.fixture
async def silent_server() -> AsyncIterator[int]:
    """A server that accepts connections and then says nothing, as a frozen one does."""
    connections: list[asyncio.StreamWriter] = []

    async def accept_and_say_nothing(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(writer)

    silent = await asyncio.start_server(accept_and_say_nothing, "127.0.0.1", 0)
    yield silent.sockets[0].getsockname()[1]
    for writer in connections:
        writer.close()
        await writer.wait_closed()
    silent.close()
    await silent.wait_closed()


async def answers(url: str, method: str, path: str, **kwargs: object) -> httpx.Response:
    settings = SampleSettings.model_validate(
        {"database_url": url, "db_timeout_seconds": DB_TIMEOUT, **test_auth_env()}
    )
    app = build_app(settings)
    admin = mint_token(settings, sub="t", roles=["admin"])
    async with running_app(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            headers = {"Authorization": f"Bearer {admin}"}
            return await http.request(method, path, headers=headers, **kwargs)  # type: ignore[arg-type]


def assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"] == "1"
    problem = response.json()
    assert problem["type"] == "/problems/service-unavailable"
    text = response.text.lower()
    assert not [w for w in ("timeouterror", "asyncpg", "127.0.0.1", "refused") if w in text]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [("GET", "/v1/items", None), ("POST", "/v1/items", {"name": "x", "colour": "red"})],
)
async def test_a_silent_database_is_a_503_within_its_timeout(
    silent_server: int, method: str, path: str, body: object
) -> None:
    started = time.monotonic()
    response = await answers(
        f"postgresql://nobody@127.0.0.1:{silent_server}/none", method, path, json=body
    )
    assert_unavailable(response)
    assert time.monotonic() - started < 2 * DB_TIMEOUT + 1


async def test_a_refused_database_connection_is_a_503() -> None:
    assert_unavailable(await answers("postgresql://nobody@127.0.0.1:1/none", "GET", "/v1/items"))

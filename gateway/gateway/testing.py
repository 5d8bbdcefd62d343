"""A pytest plugin for tests and benchmarks of the gateway, auto-loaded via entry point.

`StandInService` is a real HTTP server (aiohttp) on a free loopback port standing
in for a service, so the gateway's client, connection pool and timeouts are
exercised over real sockets. It records each request exactly as it arrived and
answers with a handler the test chooses. `gateway_client` runs a gateway in
process. Fixtures: `stand_in` (an echoing stand-in), `make_gateway_settings`,
`viewer_auth`.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self

import httpx
import pytest
from aiohttp import web

from gateway.config import GatewaySettings
from gateway.main import build_app
from servicekit.auth import mint_token
from servicekit.testing import test_auth_env

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# A test fixture's signature: `make_settings({"areas": url}, request_timeout_seconds=0.2)`.
SettingsFactory = Callable[..., GatewaySettings]


@dataclass(frozen=True)
class ReceivedRequest:
    method: str
    raw_path: str  # path and query string, still percent-encoded
    headers: list[tuple[str, str]]  # in arrival order, names lowercased
    body: bytes

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k == name.lower()), None)

    @property
    def header_names(self) -> set[str]:
        return {k for k, _ in self.headers}


async def echo(request: web.Request) -> web.StreamResponse:
    """Answers what it received, as JSON, like a well-behaved service would."""
    body = await request.read()
    return web.json_response(
        {"method": request.method, "path": request.raw_path, "body": body.decode("latin-1")}
    )


async def ready(request: web.Request) -> web.StreamResponse:
    return web.json_response({"status": "ready"})


class StandInService:
    def __init__(self, handler: Handler = echo, *, readiness: Handler = ready) -> None:
        self.handler, self.readiness = handler, readiness
        self.received: list[ReceivedRequest] = []
        self.port = 0
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        if request.path == "/readyz":
            return await self.readiness(request)
        headers = [
            (k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in request.raw_headers
        ]
        body = await request.read()
        self.received.append(ReceivedRequest(request.method, request.raw_path, headers, body))
        return await self.handler(request)

    async def start(self) -> Self:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        # Handlers are cancelled when the caller goes away, so a slow one never holds up stop().
        self._runner = web.AppRunner(
            app, handler_cancellation=True, access_log=None, shutdown_timeout=1.0
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()


def unused_port() -> int:
    """A loopback port nothing listens on (free when asked; tests use it at once)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@asynccontextmanager
async def gateway_client(
    settings: GatewaySettings, *, transport: httpx.AsyncBaseTransport | None = None
) -> AsyncIterator[httpx.AsyncClient]:
    """An in-process client of a gateway built from `settings`, its lifespan running."""
    app = build_app(settings, transport=transport)
    async with app.router.lifespan_context(app):
        asgi = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=asgi, base_url="http://gateway.test") as client:
            yield client


@pytest.fixture
async def stand_in() -> AsyncIterator[StandInService]:
    """A stand-in service that echoes what it receives."""
    async with StandInService() as service:
        yield service


@pytest.fixture
def make_gateway_settings() -> SettingsFactory:
    """`make_gateway_settings({"areas": url}, request_timeout_seconds=0.2)`: test secret set."""

    def factory(services: dict[str, str], **overrides: Any) -> GatewaySettings:
        # No start-up fetch of the services' OpenAPI: tests count the requests a service gets.
        defaults = {"openapi_fetch_at_startup": False}
        return GatewaySettings.model_validate(
            {"services": services, **defaults, **overrides, **test_auth_env()}
        )

    return factory


@pytest.fixture
def viewer_auth(make_gateway_settings: SettingsFactory) -> dict[str, str]:
    """An Authorization header with a valid viewer token of area `kymppi`."""
    token = mint_token(make_gateway_settings({}), sub="tester", roles=["viewer"], areas=["kymppi"])
    return {"Authorization": f"Bearer {token}"}

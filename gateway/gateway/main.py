import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

from gateway.api import router
from gateway.clients import Upstreams, create_http_client
from gateway.config import GatewaySettings, get_settings
from servicekit.app import create_base_app


def build_app(
    settings: GatewaySettings | None = None, *, transport: httpx.AsyncBaseTransport | None = None
) -> FastAPI:
    """The gateway app; `transport` replaces the aiohttp one (tests wrap it to count attempts)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # One client for the app's lifetime: its pool keeps connections to the services open.
        async with create_http_client(settings, transport) as http:
            app.state.upstreams = Upstreams.from_settings(settings, http)
            yield

    async def always_ready(app: FastAPI) -> str | None:
        # The gateway is ready when it runs; each service's readiness is GET /v1/services.
        return None

    app = create_base_app(
        name="gateway",
        settings=settings,
        routers=[router],
        lifespan=lifespan,
        readiness=always_ready,
        description=(
            "The single entry point of Alue. `/{service}/v1/{path}` is forwarded to that "
            "service's `/v1/{path}` after the bearer token is verified; see each service's "
            "own OpenAPI document for those paths."
        ),
    )
    # httpx logs every call at INFO; servicekit's access line already records each request.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    return app

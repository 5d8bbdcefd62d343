from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

from gateway import errors
from gateway.api import router
from gateway.clients import Upstreams, create_transport
from gateway.config import GatewaySettings, get_settings
from gateway.plan.api import router as plan_router
from gateway.problems import ProblemCatalogue
from servicekit.app import create_base_app
from servicekit.errors import problem_catalogue, problem_types_in


def build_app(
    settings: GatewaySettings | None = None, *, transport: httpx.AsyncBaseTransport | None = None
) -> FastAPI:
    """The gateway app; `transport` replaces the aiohttp one (tests wrap it to count attempts)."""
    settings = settings or get_settings()
    own_problems = problem_catalogue(problem_types_in(errors))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # One pool for the app's lifetime keeps connections to the services open.
        pool = transport or create_transport(settings)
        app.state.upstreams = Upstreams.from_settings(settings, pool)
        app.state.problem_catalogue = ProblemCatalogue(app.state.upstreams, own_problems)
        try:
            yield
        finally:
            await pool.aclose()

    async def always_ready(app: FastAPI) -> str | None:
        # The gateway is ready when it runs; each service's readiness is GET /v1/services.
        return None

    return create_base_app(
        name="gateway",
        settings=settings,
        routers=[plan_router, router],
        lifespan=lifespan,
        readiness=always_ready,
        problem_types=problem_types_in(errors),
        description=(
            "The single entry point of Alue. `/{service}/v1/{path}` is forwarded to that "
            "service's `/v1/{path}` after the bearer token is verified; see each service's "
            "own OpenAPI document for those paths."
        ),
    )

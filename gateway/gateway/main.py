from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI, Request, Response
from starlette.middleware import Middleware

from gateway import errors
from gateway.api import router
from gateway.clients import Upstreams, create_transport
from gateway.config import GatewaySettings, get_settings
from gateway.plan import errors as plan_errors
from gateway.plan.api import router as plan_router
from gateway.plan.cache import GenerationReads, OverviewCache, PlanCache
from gateway.plan.downstream import Answers
from gateway.plan.versions import AreasAnswered
from gateway.plan.versions_api import router as versions_router
from gateway.problems import ProblemCatalogue
from gateway.proxy import to_response
from gateway.ratelimit import RateLimitMiddleware
from gateway.system_openapi import SystemOpenAPI, install_system_openapi
from servicekit.app import create_base_app
from servicekit.errors import problem_catalogue, problem_types_in


def build_app(
    settings: GatewaySettings | None = None, *, transport: httpx.AsyncBaseTransport | None = None
) -> FastAPI:
    """The gateway app; `transport` replaces the aiohttp one (tests wrap it to count attempts)."""
    settings = settings or get_settings()
    problem_types = [*problem_types_in(errors), *problem_types_in(plan_errors)]
    own_problems = problem_catalogue(problem_types)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # One pool for the app's lifetime keeps connections to the services open.
        pool = transport or create_transport(settings)
        app.state.upstreams = Upstreams.from_settings(settings, pool)
        app.state.problem_catalogue = ProblemCatalogue(app.state.upstreams, own_problems)
        app.state.system_openapi = SystemOpenAPI(app.state.upstreams, app.openapi)
        if settings.openapi_fetch_at_startup:
            await app.state.system_openapi.refresh()
        try:
            yield
        finally:
            await pool.aclose()

    async def always_ready(app: FastAPI) -> str | None:
        # The gateway is ready when it runs; each service's readiness is GET /v1/services.
        return None

    app = create_base_app(
        name="gateway",
        settings=settings,
        routers=[plan_router, versions_router, router],
        lifespan=lifespan,
        readiness=always_ready,
        problem_types=problem_types,
        middleware=[
            Middleware(
                RateLimitMiddleware,
                limits=settings.rate_limit,
                strategy=settings.rate_limit_strategy,
                storage=settings.rate_limit_storage,
            )
        ],
        description=(
            "The single entry point of Alue. `/{service}/v1/{path}` is forwarded to that "
            "service's `/v1/{path}` after the bearer token is verified; see each service's "
            "own OpenAPI document for those paths."
        ),
    )
    install_system_openapi(app)
    # The section calls' parsed answers, revalidated by ETag (gateway.plan.downstream).
    app.state.downstream_answers = Answers()
    # Complete plans, kept while their services' data generations stand (gateway.plan.cache).
    generation_reads = GenerationReads()
    app.state.plan_cache = PlanCache(generation_reads)
    app.state.overview_cache = OverviewCache(generation_reads)

    async def relay_areas_problem(request: Request, exc: Exception) -> Response:
        # A refusal by the areas service during a publish (a reused Idempotency-Key, a
        # plan record gone meanwhile) reaches the caller as the service gave it.
        assert isinstance(exc, AreasAnswered)
        return to_response(exc.reply)

    app.add_exception_handler(AreasAnswered, relay_areas_problem)
    return app

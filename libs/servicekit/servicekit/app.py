"""The app factory every service and the gateway build on."""

from __future__ import annotations

import asyncio
import gc
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute, _IncludedRouter
from fastapi_offline import FastAPIOffline
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
)
from sqlalchemy import Table, text
from starlette.middleware import Middleware

from servicekit.audit import audit_router
from servicekit.auth import TokenVerifier
from servicekit.bodies import BodyLimitMiddleware, JsonBodyRoute
from servicekit.db import create_engine, make_read_sessionmaker, make_reads, make_sessionmaker
from servicekit.errors import (
    PROBLEMS_PATH,
    ServiceError,
    install_error_handlers,
    problem_catalogue,
)
from servicekit.generation import AnswerCache, generation_router
from servicekit.http import install_conditional_requests
from servicekit.logging import configure_logging
from servicekit.middleware import RequestContextMiddleware
from servicekit.migrations import current_revision, head_revision
from servicekit.openapi import install_problem_openapi
from servicekit.peers import Peers
from servicekit.settings import AuthSettings, ServiceSettings
from servicekit.unavailable import install_database_unavailable

ReadinessCheck = Callable[[FastAPI], Awaitable[str | None]]
# The interactive docs pages: they run scripts, so the documents' CSP is not theirs.
DOCS_PATH, REDOC_PATH = "/docs", "/redoc"
DOCS_PAGES = frozenset({DOCS_PATH, REDOC_PATH, f"{DOCS_PATH}/oauth2-redirect"})


def operation_id(route: APIRoute) -> str:
    """Operation ids are the endpoint function names: `list_municipalities`, not a path soup."""
    return route.name


def create_app(
    *,
    name: str,
    settings: ServiceSettings,
    routers: Sequence[APIRouter],
    schema: str,
    migrations_dir: Path,
    idempotency_table: Table | None = None,
    generation_table: Table | None = None,
    audit_table: Table | None = None,
    problem_types: Sequence[type[ServiceError]] = (),
    version: str = "0.1.0",
    description: str = "",
) -> FastAPI:
    """A service app: a database engine in its lifespan and every shared convention installed.

    `problem_types` are the service's own error classes (`problem_types_in(errors)`); with
    servicekit's generic ones they are the catalogue `GET /problems` lists, from which the
    gateway serves each `/problems/<slug>` page.
    """
    head = head_revision(migrations_dir)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_engine(
            settings.dsn,
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_max_overflow,
            timeout=settings.db_timeout_seconds,
        )
        app.state.engine = engine
        app.state.sessionmaker = make_sessionmaker(engine)
        app.state.read_sessionmaker = make_read_sessionmaker(engine)
        app.state.reads = make_reads(engine)
        app.state.peers = Peers(settings.services, timeout=settings.peer_timeout_seconds)
        try:
            yield
        finally:
            await app.state.peers.aclose()
            await engine.dispose()

    async def database_ready(app: FastAPI) -> str | None:
        async with app.state.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        revision = await current_revision(app.state.engine, schema)
        if revision != head:
            return f"schema '{schema}' is at revision {revision}, expected {head}"
        return None

    app = create_base_app(
        name=name,
        settings=settings,
        routers=[
            _problems_router(),
            *routers,
            *([generation_router()] if generation_table is not None else []),
            *([audit_router()] if audit_table is not None else []),
        ],
        lifespan=lifespan,
        readiness=database_ready,
        readiness_timeout=settings.readiness_timeout_seconds,
        problem_types=problem_types,
        version=version,
        description=description,
    )
    install_database_unavailable(app)
    # Where servicekit.idempotency keeps the keys of the routes that take them.
    app.state.idempotency_table = idempotency_table
    # The data generation and the answers remembered for it (servicekit.generation).
    app.state.generation_table = generation_table
    # Where servicekit.audit's triggers record every write to area data.
    app.state.audit_table = audit_table
    app.state.answer_cache = AnswerCache()
    return app


def create_base_app(
    *,
    name: str,
    settings: AuthSettings,
    routers: Sequence[APIRouter],
    lifespan: Callable[[FastAPI], Any],
    readiness: ReadinessCheck,
    readiness_timeout: float = 0.8,
    problem_types: Sequence[type[ServiceError]] = (),
    version: str = "0.1.0",
    description: str = "",
    middleware: Sequence[Middleware] = (),
) -> FastAPI:
    """Errors, auth, health and metrics without a database: the gateway uses this directly.

    `middleware` runs inside the request-context middleware (so its answers carry the
    request id and the security headers) and outside the body limit, first listed first.
    """
    configure_logging(name, getattr(settings, "log_level", "INFO"))
    # Docs pages served with their own assets: no CDN, so they work on closed networks.
    app = FastAPIOffline(
        title=name,
        version=version,
        description=description,
        lifespan=_freezing_startup(lifespan),
        docs_url=DOCS_PATH,
        redoc_url=REDOC_PATH,
        generate_unique_id_function=operation_id,
        separate_input_output_schemas=False,
        # A service never redirects to its own address (behind the gateway that address is
        # not the client's): a path with a trailing slash is simply not found.
        redirect_slashes=False,
    )
    app.state.settings = settings
    app.state.problem_types = problem_catalogue(problem_types)
    app.state.token_verifier = TokenVerifier(settings)
    install_error_handlers(app)
    install_problem_openapi(app)
    install_conditional_requests(app)
    for router in [_health_router(readiness, readiness_timeout), *routers]:
        include_flat(app, router)
    app.add_middleware(BodyLimitMiddleware, default_limit=settings.max_body_bytes)
    for layer in reversed(middleware):
        app.add_middleware(layer.cls, *layer.args, **layer.kwargs)
    # Added last, so outermost: every response, an idempotent replay too, carries the id.
    app.add_middleware(RequestContextMiddleware, docs_paths=DOCS_PAGES)
    return app


def _freezing_startup(
    lifespan: Callable[[FastAPI], Any],
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """The app's lifespan, and what it built at start-up kept out of the garbage collector.

    Everything alive once the app has started (modules, routes, models, pools) lives as
    long as the process; `gc.freeze` moves it out of the collector's generations, so that a
    full collection under load walks only what requests allocate and pauses a request for
    less (the tail latency of bench/README.md).
    """

    @asynccontextmanager
    async def frozen(app: FastAPI) -> AsyncIterator[None]:
        async with lifespan(app):
            gc.collect()
            gc.freeze()
            yield

    return frozen


def include_flat(app: FastAPI, router: APIRouter) -> None:
    """Includes `router`, and the routers it includes, as plain routes of the app.

    FastAPI 0.165 keeps an included router as one route that matches its own routes on
    every request, twice (once to choose the router, once to handle the request), and
    checks the whole tree's version each time: about a tenth of a list request's CPU with
    the areas service's two levels (bench/README.md). FastAPI resolves each route as its
    inclusion makes it (prefix, tags, dependencies, responses, the route class, the
    operation id); the app gets that route itself, so it is matched once, directly. The
    OpenAPI document is the same.
    """
    app.include_router(router)
    included = app.router.routes.pop()
    assert isinstance(included, _IncludedRouter)
    for effective in included.effective_route_contexts():
        route = effective.original_route
        if not isinstance(route, APIRoute):
            raise TypeError(f"only API routes can be included flat, not {route!r}")
        # Every route reads its JSON body strictly (servicekit.bodies).
        route_class = JsonBodyRoute if type(route) is APIRoute else type(route)
        if not issubclass(route_class, JsonBodyRoute):
            raise TypeError(f"{route_class.__name__} must subclass servicekit's JsonBodyRoute")
        app.router.routes.append(
            route_class(
                effective.path,
                effective.endpoint or route.endpoint,
                response_model=effective.response_model,
                status_code=effective.status_code,
                tags=effective.tags,
                dependencies=effective.dependencies,
                summary=effective.summary,
                description=effective.description,
                response_description=effective.response_description,
                responses=effective.responses,
                deprecated=effective.deprecated,
                name=effective.name,
                methods=effective.methods,
                operation_id=effective.operation_id,
                response_model_include=effective.response_model_include,
                response_model_exclude=effective.response_model_exclude,
                response_model_by_alias=effective.response_model_by_alias,
                response_model_exclude_unset=effective.response_model_exclude_unset,
                response_model_exclude_defaults=effective.response_model_exclude_defaults,
                response_model_exclude_none=effective.response_model_exclude_none,
                include_in_schema=effective.include_in_schema,
                response_class=effective.response_class,
                dependency_overrides_provider=effective.dependency_overrides_provider,
                callbacks=effective.callbacks,
                openapi_extra=effective.openapi_extra,
                generate_unique_id_function=effective.generate_unique_id_function,
                strict_content_type=effective.strict_content_type,
                max_body_size=effective.max_body_size,
                form_limits=route.form_limits,
            )
        )


def _problems_router() -> APIRouter:
    router = APIRouter(tags=["problems"])

    # Public like /openapi.json: what a problem `type` means is no secret.
    @router.get(PROBLEMS_PATH, include_in_schema=False)
    async def list_problem_types(request: Request) -> dict[str, list[dict[str, Any]]]:
        """The problem types this service answers with: the gateway builds its pages on it."""
        return {"items": [cls.catalogue_entry() for cls in request.app.state.problem_types]}

    return router


def metrics_registry() -> CollectorRegistry:
    """What /metrics reports: this process's metrics, or with `PROMETHEUS_MULTIPROC_DIR` set
    (`alue run --workers N`: several processes behind one port) every worker's, added up
    from the files each writes there (prometheus_client's multiprocess mode). One scrape
    then counts every request whichever worker answered it."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return registry


def _retrieve(task: asyncio.Future[str | None]) -> None:
    """Marks a readiness check's failure as seen: answered as "not ready", not a stray log."""
    if not task.cancelled():
        task.exception()


def _health_router(readiness: ReadinessCheck, timeout: float) -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/livez", include_in_schema=False)
    async def livez() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/readyz", include_in_schema=False)
    async def readyz(request: Request) -> JSONResponse:
        # The check runs as a task that is not waited for past the timeout: a check cut
        # short still hands its connection back, and with the database frozen that waits
        # for the statement timeout too; the answer must not.
        check = asyncio.ensure_future(readiness(request.app))
        check.add_done_callback(_retrieve)
        done, _ = await asyncio.wait({check}, timeout=timeout)
        if not done:
            check.cancel()
            problem: str | None = f"no answer within {timeout:g} s"
        elif (exc := check.exception()) is not None:  # failing to reach it is "not ready"
            problem = f"{type(exc).__name__}: {exc}"
        else:
            problem = check.result()
        # The name lets a caller tell this process from another that took its port.
        name = request.app.title
        if problem is None:
            return JSONResponse({"status": "ready", "service": name})
        return JSONResponse(
            {"status": "not ready", "service": name, "reason": problem}, status_code=503
        )

    @router.get("/metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(metrics_registry()), media_type=CONTENT_TYPE_LATEST)

    return router

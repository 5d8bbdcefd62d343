"""A service's nested routers become plain routes of the app, as FastAPI would include them."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from starlette.routing import Mount, Route

from servicekit.app import create_base_app
from servicekit.idempotency import IdempotentRoute
from servicekit.settings import AuthSettings
from servicekit.testing import test_auth_env

inner = APIRouter(tags=["things"], route_class=IdempotentRoute)


@inner.get("/things/{name}")
async def read_thing(name: str) -> dict[str, str]:
    return {"name": name}


@inner.post("/things", status_code=201)
async def create_thing() -> dict[str, str]:
    return {}


outer = APIRouter(prefix="/v1")
outer.include_router(inner, prefix="/store", tags=["store"])


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield


async def _ready(app: FastAPI) -> str | None:
    return None


def build() -> FastAPI:
    settings = AuthSettings.model_validate(test_auth_env())
    return create_base_app(name="t", settings=settings, routers=[outer], lifespan=_lifespan,
                           readiness=_ready)  # fmt: skip


async def test_nested_routes_are_the_apps_own_with_their_inclusion_applied() -> None:
    app = build()
    routes = {route.path: route for route in app.router.routes if isinstance(route, APIRoute)}
    assert set(routes) >= {"/livez", "/v1/store/things/{name}", "/v1/store/things"}
    # Every route is the app's own: nothing is matched through an included router.
    assert all(isinstance(route, (Route, Mount)) for route in app.router.routes)
    thing = routes["/v1/store/things/{name}"]
    assert isinstance(thing, IdempotentRoute)
    assert thing.tags == ["store", "things"]
    operations = app.openapi()["paths"]
    assert operations["/v1/store/things/{name}"]["get"]["operationId"] == "read_thing"
    assert operations["/v1/store/things"]["post"]["tags"] == ["store", "things"]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        assert (await client.get("/v1/store/things/x")).json() == {"name": "x"}
        assert (await client.post("/v1/store/things")).status_code == 201
        assert (await client.get("/v1/things/x")).status_code == 404

"""The whole system in one process, wired by the registry: for the gates over every route.

Every service of the registry is built with its real app factory on one fresh
database (migrated, demo data loaded: `alue.database.prepare_database`), each asking
the others in process (`servicekit.testing.peers_in_process`), and the gateway reaches
them through an in-process transport instead of sockets. A service added to the
registry is in it without a change here.
"""

from __future__ import annotations

import importlib
import uuid
from collections.abc import AsyncIterator, Mapping
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from types import ModuleType

import httpx
from fastapi import FastAPI

from alue.database import prepare_database
from alue.registry import SERVICES, ServiceSpec
from gateway.config import GatewaySettings
from gateway.main import build_app as build_gateway
from servicekit import provision
from servicekit.settings import ServiceSettings
from servicekit.testing import peers_in_process, running_app, test_auth_env

GATEWAY = "gateway"


@dataclass(frozen=True)
class InProcessSystem:
    services: Mapping[str, FastAPI]
    gateway: FastAPI

    @property
    def apps(self) -> dict[str, FastAPI]:
        """Every app by name, the gateway last."""
        return {**self.services, GATEWAY: self.gateway}

    def client(self, name: str) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=self.apps[name], raise_app_exceptions=False)
        return httpx.AsyncClient(transport=transport, base_url=f"http://{name}.test")


class ServicesTransport(httpx.AsyncBaseTransport):
    """Sends each request to the app its host names (`http://<service>.test`)."""

    def __init__(self, apps: Mapping[str, FastAPI]) -> None:
        self._transports = {
            f"{name}.test": httpx.ASGITransport(app=app, raise_app_exceptions=False)
            for name, app in apps.items()
        }

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._transports[request.url.host].handle_async_request(request)


def settings_class(config: ModuleType) -> type[ServiceSettings]:
    """The service's settings class: the one `ServiceSettings` subclass its config defines."""
    [found] = [
        value
        for value in vars(config).values()
        if isinstance(value, type)
        and issubclass(value, ServiceSettings)
        and value.__module__ == config.__name__
    ]
    return found


def build_service(spec: ServiceSpec, url: str, peers: Mapping[str, str]) -> FastAPI:
    config = importlib.import_module(f"{spec.package}.config")
    main = importlib.import_module(f"{spec.package}.main")
    settings = settings_class(config).model_validate(
        {"database_url": url, "db_pool_size": 4, "ALUE_SERVICES": dict(peers), **test_auth_env()}
    )
    app: FastAPI = main.build_app(settings)
    return app


@asynccontextmanager
async def in_process_system(
    admin_url: str, *, services: tuple[ServiceSpec, ...] = SERVICES, **gateway_settings: object
) -> AsyncIterator[InProcessSystem]:
    """The system on a throwaway database (dropped after), every lifespan running."""
    database = f"alue_gates_{uuid.uuid4().hex[:8]}"
    urls = await prepare_database(admin_url, database, services=services)
    addresses = {spec.name: f"http://{spec.name}.test" for spec in services}
    try:
        async with AsyncExitStack() as stack:
            apps = {spec.name: build_service(spec, urls[spec.name], addresses) for spec in services}
            for app in apps.values():
                await stack.enter_async_context(running_app(app))
            for name, app in apps.items():
                others = {n: a for n, a in apps.items() if n != name}
                await stack.enter_async_context(peers_in_process(app, others))
            settings = GatewaySettings.model_validate(
                {
                    "services": addresses,
                    "openapi_fetch_at_startup": False,
                    **gateway_settings,
                    **test_auth_env(),
                }
            )
            gateway = build_gateway(settings, transport=ServicesTransport(apps))
            await stack.enter_async_context(running_app(gateway))
            yield InProcessSystem(services=apps, gateway=gateway)
    finally:
        await provision.drop_database(admin_url, database)

"""The system's database: server, roles and schemas, migrations and demo data.

`DATABASE_URL`, when set, is an admin URL of an existing PostgreSQL server;
otherwise an embedded server keeps its data in `.alue/pgdata`. Either way the
services share one database (`alue` by default) with one schema each and two login
roles each (DESIGN.md, "Rules that keep them independent"): the owner `alue_<service>`
runs the migrations; the runtime `alue_<service>_app`, under row-level security, is
what the service connects as (servicekit.provision, servicekit.tenancy).
"""

from __future__ import annotations

import importlib
import os
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import anyio

from alue.paths import pgdata_dir
from alue.registry import SERVICES, ServiceSpec
from servicekit import provision
from servicekit.db import create_engine, seeding_session
from servicekit.embedded import start_embedded
from servicekit.migrations import upgrade

DEFAULT_DATABASE = "alue"


@contextmanager
def postgres_server(state_dir: Path, *, reset: bool = False) -> Iterator[str]:
    """Yields an admin URL of the server: `DATABASE_URL`, or the embedded one, stopped after."""
    given = os.environ.get("DATABASE_URL")
    if given:
        yield given
        return
    pgdata = pgdata_dir(state_dir)
    if reset:
        shutil.rmtree(pgdata, ignore_errors=True)
    url, server = start_embedded(pgdata)
    try:
        yield url
    finally:
        server.cleanup()


async def create_database(admin_url: str, database: str, *, reset: bool = False) -> str:
    """Creates `database` if needed (dropped first on reset) and returns its admin URL."""
    if reset:
        await provision.drop_database(admin_url, database)
    await provision.create_database(admin_url, database)
    return provision.with_database(admin_url, database)


@dataclass(frozen=True)
class ServiceUrls:
    owner: str  # the owner role's: migrations
    runtime: str  # the runtime role's: the service itself, and its demo data


async def provision_services(
    database_url: str, services: tuple[ServiceSpec, ...] = SERVICES
) -> dict[str, ServiceUrls]:
    """Each service's two roles and schema; returns each service's URLs, one per role.

    `<PREFIX>DB_PASSWORD` (e.g. `AREAS_DB_PASSWORD`) and `<PREFIX>APP_DB_PASSWORD`, when
    set, become the owner's and the runtime role's passwords and go into their URLs: a
    server that asks for passwords over TCP (compose's) needs them.
    """
    urls = {}
    for spec in services:
        password = os.environ.get(f"{spec.env_prefix}DB_PASSWORD") or None
        app_password = os.environ.get(f"{spec.env_prefix}APP_DB_PASSWORD") or None
        await provision.ensure_service_role(
            database_url, role=spec.role, schema=spec.schema, password=password
        )
        runtime = await provision.ensure_runtime_role(
            database_url, owner=spec.role, schema=spec.schema, password=app_password
        )
        urls[spec.name] = ServiceUrls(
            owner=provision.role_url(database_url, spec.role, password),
            runtime=provision.role_url(database_url, runtime, app_password),
        )
    return urls


async def grant_runtime_roles(
    database_url: str, services: tuple[ServiceSpec, ...] = SERVICES
) -> None:
    for spec in services:
        await provision.ensure_runtime_role(
            database_url,
            owner=spec.role,
            schema=spec.schema,
            password=os.environ.get(f"{spec.env_prefix}APP_DB_PASSWORD") or None,
        )


def service_config(spec: ServiceSpec) -> ModuleType:
    return importlib.import_module(f"{spec.package}.config")


async def migrate_services(
    service_urls: Mapping[str, str], services: tuple[ServiceSpec, ...] = SERVICES
) -> None:
    """Every service's migrations to head, each as its owner role (Alembic runs in a thread:
    its env.py starts an event loop of its own)."""
    for spec in services:
        migrations_dir: Path = service_config(spec).MIGRATIONS_DIR
        await anyio.to_thread.run_sync(
            upgrade, migrations_dir, service_urls[spec.name], spec.schema
        )


async def load_demo_data(
    service_urls: Mapping[str, str], services: tuple[ServiceSpec, ...] = SERVICES
) -> dict[str, object]:
    """Each service's `demo.load_demo_data(session)`, if it has one; loaders are idempotent.

    As the runtime role, with every area in scope (`servicekit.db.seeding_session`): the
    demo writes many areas' rows, under the same row-level security as the service."""
    loaded: dict[str, object] = {}
    for spec in services:
        try:
            demo = importlib.import_module(f"{spec.package}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{spec.package}.demo":
                raise
            continue
        loader = getattr(demo, "load_demo_data", None)
        if loader is None:
            continue
        engine = create_engine(service_urls[spec.name], pool_size=1)
        try:
            async with seeding_session(engine) as session:
                loaded[spec.name] = await loader(session)
                await session.commit()
        finally:
            await engine.dispose()
    return loaded


async def prepare_database(
    admin_url: str,
    database: str = DEFAULT_DATABASE,
    *,
    reset: bool = False,
    migrate: bool = True,
    seed: bool = True,
    services: tuple[ServiceSpec, ...] = SERVICES,
) -> dict[str, str]:
    """Database, roles and schemas, migrations (as the owners) and demo data; returns the URL
    each service connects with (its runtime role's)."""
    database_url = await create_database(admin_url, database, reset=reset)
    urls = await provision_services(database_url, services)
    runtime_urls = {name: url.runtime for name, url in urls.items()}
    if migrate:
        await migrate_services({name: url.owner for name, url in urls.items()}, services)
        # Tables made before the runtime role existed (a database migrated before it was
        # introduced) get their grants now; the default privileges cover the rest.
        await grant_runtime_roles(database_url, services)
    if seed:
        await load_demo_data(runtime_urls, services)
    return runtime_urls

"""The system's database: server, roles and schemas, migrations and demo data.

`DATABASE_URL`, when set, is an admin URL of an existing PostgreSQL server;
otherwise an embedded server keeps its data in `.alue/pgdata`. Either way the
services share one database (`alue` by default) with one schema and one login
role each (DESIGN.md, "Rules that keep them independent").
"""

from __future__ import annotations

import importlib
import os
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import anyio

from alue.paths import pgdata_dir
from alue.registry import SERVICES, ServiceSpec
from servicekit import provision
from servicekit.db import create_engine, make_sessionmaker
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


async def provision_services(
    database_url: str, services: tuple[ServiceSpec, ...] = SERVICES
) -> dict[str, str]:
    """Each service's role and schema; returns each service's own URL (its role's).

    `<PREFIX>DB_PASSWORD` (e.g. `AREAS_DB_PASSWORD`), when set, becomes the role's password
    and goes into its URL: a server that asks for passwords over TCP (compose's) needs it.
    """
    urls = {}
    for spec in services:
        password = os.environ.get(f"{spec.env_prefix}DB_PASSWORD") or None
        await provision.ensure_service_role(
            database_url, role=spec.role, schema=spec.schema, password=password
        )
        urls[spec.name] = provision.role_url(database_url, spec.role, password)
    return urls


def service_config(spec: ServiceSpec) -> ModuleType:
    return importlib.import_module(f"{spec.package}.config")


async def migrate_services(
    service_urls: Mapping[str, str], services: tuple[ServiceSpec, ...] = SERVICES
) -> None:
    """Every service's migrations to head, each as its own role (Alembic runs in a thread:
    its env.py starts an event loop of its own)."""
    for spec in services:
        migrations_dir: Path = service_config(spec).MIGRATIONS_DIR
        await anyio.to_thread.run_sync(
            upgrade, migrations_dir, service_urls[spec.name], spec.schema
        )


async def load_demo_data(
    service_urls: Mapping[str, str], services: tuple[ServiceSpec, ...] = SERVICES
) -> dict[str, object]:
    """Each service's `demo.load_demo_data(session)`, if it has one; loaders are idempotent."""
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
            async with make_sessionmaker(engine)() as session:
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
    """Database, roles and schemas, migrations and demo data; returns each service's URL."""
    database_url = await create_database(admin_url, database, reset=reset)
    service_urls = await provision_services(database_url, services)
    if migrate:
        await migrate_services(service_urls, services)
    if seed:
        await load_demo_data(service_urls, services)
    return service_urls

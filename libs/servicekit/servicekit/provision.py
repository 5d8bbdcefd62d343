"""Databases, roles and schemas: one login role per service, owning only its schema."""

from __future__ import annotations

import contextlib
import re

import asyncpg
from sqlalchemy.engine import make_url

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _ident(name: str) -> str:
    if not _IDENTIFIER.match(name):
        raise ValueError(f"not a safe SQL identifier: {name!r}")
    return f'"{name}"'


def libpq_url(url: str) -> str:
    """A URL asyncpg's own connect() accepts (no SQLAlchemy driver suffix)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def with_database(url: str, database: str) -> str:
    return make_url(url).set(database=database).render_as_string(hide_password=False)


def role_url(admin_url: str, role: str, password: str | None) -> str:
    """The admin URL with the service's role as the user (same host, port and database)."""
    return (
        make_url(admin_url)
        .set(username=role, password=password)
        .render_as_string(hide_password=False)
    )


async def create_database(admin_url: str, database: str, *, exist_ok: bool = True) -> None:
    conn = await asyncpg.connect(libpq_url(admin_url))
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database)
        if exists and not exist_ok:
            raise RuntimeError(f"database {database} exists")
        if not exists:
            await conn.execute(f"CREATE DATABASE {_ident(database)}")
    finally:
        await conn.close()


async def drop_database(admin_url: str, database: str) -> None:
    conn = await asyncpg.connect(libpq_url(admin_url))
    try:
        await conn.execute(f"DROP DATABASE IF EXISTS {_ident(database)} WITH (FORCE)")
    finally:
        await conn.close()


async def ensure_service_role(
    url: str, *, role: str, schema: str, password: str | None = None
) -> None:
    """Creates the role and its schema in the database of `url` (an admin connection).

    The role owns its schema and nothing else; the public schema is closed to it.
    Safe to run again, and from several processes at once.
    """
    conn = await asyncpg.connect(libpq_url(url))
    try:
        await _ensure_role(conn, role)
        async with conn.transaction():
            if password:
                literal = password.replace("'", "''")
                await conn.execute(f"ALTER ROLE {_ident(role)} PASSWORD '{literal}'")
            database = await conn.fetchval("SELECT current_database()")
            await conn.execute(f"GRANT CONNECT ON DATABASE {_ident(database)} TO {_ident(role)}")
            await conn.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
            await conn.execute(
                f"CREATE SCHEMA IF NOT EXISTS {_ident(schema)} AUTHORIZATION {_ident(role)}"
            )
            await conn.execute(f"ALTER SCHEMA {_ident(schema)} OWNER TO {_ident(role)}")
            await conn.execute(
                f"ALTER ROLE {_ident(role)} IN DATABASE {_ident(database)} "
                f"SET search_path = {_ident(schema)}"
            )
    finally:
        await conn.close()


async def _ensure_role(conn: asyncpg.Connection, role: str) -> None:
    """Roles are cluster-wide, so another process (a test worker, a replica) may create it first."""
    if await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role):
        return
    with contextlib.suppress(asyncpg.DuplicateObjectError, asyncpg.UniqueViolationError):
        await conn.execute(f"CREATE ROLE {_ident(role)} LOGIN")

"""Databases, roles and schemas: two login roles per service.

The owner role (`alue_<service>`) owns the service's schema and runs its migrations; the
runtime role (`alue_<service>_app`, `runtime_role`) is what the service connects as: it
owns nothing and does not bypass row-level security, so the policies the migrations put on
area-owned tables (servicekit.tenancy) hold for every query the service makes. It gets
USAGE on the schema and DML on the schema's tables and sequences, now and, through the
owner's default privileges, on every table a later migration creates; the audit table
(servicekit.audit) only INSERT and SELECT.
"""

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


RUNTIME_SUFFIX = "_app"
# The append-only table of every schema (servicekit.audit): its rows are never changed.
AUDIT_TABLE = "audit_entry"


def runtime_role(owner: str) -> str:
    """The role a service connects as, beside the owner role that migrates its schema."""
    return f"{owner}{RUNTIME_SUFFIX}"


async def ensure_runtime_role(
    url: str, *, owner: str, schema: str, password: str | None = None
) -> str:
    """Creates the service's runtime role (after `ensure_service_role`) and returns its name.

    NOSUPERUSER NOBYPASSRLS, owning nothing: row-level security applies to it. DML on the
    schema's tables and sequences, and the same on whatever the owner creates there later
    (default privileges), so a new table needs no grant of its own. Safe to run again.
    """
    role = runtime_role(owner)
    conn = await asyncpg.connect(libpq_url(url))
    try:
        await _ensure_role(conn, role)
        async with conn.transaction():
            r, s, o = _ident(role), _ident(schema), _ident(owner)
            # Roles are cluster-wide: altered only when needed, as other processes (test
            # workers on their own databases) may provision the same role at once.
            if await conn.fetchval(
                "SELECT rolsuper OR rolbypassrls OR rolcreatedb OR rolcreaterole "
                "FROM pg_roles WHERE rolname = $1",
                role,
            ):
                await conn.execute(
                    f"ALTER ROLE {r} NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"
                )
            if password:
                literal = password.replace("'", "''")
                await conn.execute(f"ALTER ROLE {r} PASSWORD '{literal}'")
            database = _ident(await conn.fetchval("SELECT current_database()"))
            for statement in (
                f"GRANT CONNECT ON DATABASE {database} TO {r}",
                f"GRANT USAGE ON SCHEMA {s} TO {r}",
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {r}",
                f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {s} TO {r}",
                f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA {s} "
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {r}",
                f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA {s} "
                f"GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {r}",
                f"ALTER ROLE {r} IN DATABASE {database} SET search_path = {s}",
            ):
                await conn.execute(statement)
            # The grant above covers every table; the audit table stays append-only.
            if await conn.fetchval(
                "SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = $2",
                schema,
                AUDIT_TABLE,
            ):
                await conn.execute(
                    f"REVOKE UPDATE, DELETE, TRUNCATE ON {s}.{_ident(AUDIT_TABLE)} FROM {r}"
                )
    finally:
        await conn.close()
    return role


async def _ensure_role(conn: asyncpg.Connection, role: str) -> None:
    """Roles are cluster-wide, so another process (a test worker, a replica) may create it first."""
    if await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role):
        return
    with contextlib.suppress(asyncpg.DuplicateObjectError, asyncpg.UniqueViolationError):
        await conn.execute(f"CREATE ROLE {_ident(role)} LOGIN")

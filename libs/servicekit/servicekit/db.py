"""Database access: declarative bases bound to one schema, engines and sessions."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import MetaData, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError, IntegrityError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def schema_metadata(schema: str) -> MetaData:
    """Metadata for a service's declarative base: every table in `schema`, constraints named.

    A service writes `class Base(DeclarativeBase): metadata = schema_metadata(SCHEMA)`;
    a base class made by a factory function would be opaque to mypy.
    """
    return MetaData(schema=schema, naming_convention=NAMING_CONVENTION)


def async_url(url: str) -> str:
    """Any PostgreSQL URL (libpq style, psycopg, asyncpg) as an asyncpg SQLAlchemy URL."""
    parsed = make_url(url)
    return parsed.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)


def create_engine(url: str, *, pool_size: int = 10, max_overflow: int = 0) -> AsyncEngine:
    engine = create_async_engine(async_url(url), pool_size=pool_size, max_overflow=max_overflow)
    event.listen(engine.sync_engine, "checkout", _discard_closed_connection)
    return engine


def _discard_closed_connection(dbapi_connection: Any, record: Any, proxy: Any) -> None:
    """Pessimistic disconnect handling without round trips, in place of `pool_pre_ping`.

    On asyncpg, SQLAlchemy's pre-ping is BEGIN, a query and ROLLBACK on every checkout:
    three round trips added to a request's own (bench/README.md measured it). A server
    that restarted or ended the connection closed the socket, which asyncpg has already
    noticed; such a connection is replaced here and the request gets a fresh one.
    """
    if dbapi_connection.driver_connection.is_closed():
        raise DisconnectionError("the server closed this pooled connection")


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One session per request: committed when the handler succeeds, rolled back otherwise.

    Depend on it through `DbSession`: FastAPI's default scope would commit only after the
    answer is sent, so a client could act on a 201 before its row is visible, or get a 201
    for a commit that then fails.
    """
    sessionmaker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    async with sessionmaker() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


DbSession = Annotated[AsyncSession, Depends(get_session, scope="function")]


# SQLSTATE codes a repository may expect and turn into a domain answer.
UNIQUE_VIOLATION = "23505"
EXCLUSION_VIOLATION = "23P01"


async def flush_unless(
    session: AsyncSession,
    instance: object,
    sqlstate: str,
    *,
    changes: Mapping[str, object] | None = None,
) -> bool:
    """Applies `changes` to `instance` and writes it in a savepoint; False (and nothing
    written) when the database refuses it with `sqlstate`, so the request's transaction
    stays usable for the error answer. The changes are made inside the savepoint: a change
    made before it would be flushed, and refused, outside it."""
    try:
        async with session.begin_nested():
            for name, value in (changes or {}).items():
                setattr(instance, name, value)
            session.add(instance)
            await session.flush()
    except IntegrityError as exc:
        if getattr(exc.orig, "sqlstate", None) == sqlstate:
            return False
        raise
    return True


async def driver_connection(session: AsyncSession) -> Any:
    """The session's asyncpg connection, inside its transaction: for the few statements
    (bulk unnest writes, hot lookups) where the ORM's per-row work costs more than the query."""
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    return raw.driver_connection

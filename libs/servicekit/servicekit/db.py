"""Database access: declarative bases bound to one schema, engines and sessions."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Annotated, Any

from asyncpg import Record
from fastapi import Depends, Request
from sqlalchemy import (
    ARRAY,
    JSON,
    Boolean,
    ColumnElement,
    Date,
    DateTime,
    Enum,
    Float,
    Integer,
    MetaData,
    Numeric,
    Row,
    Select,
    String,
    Time,
    TypeDecorator,
    Uuid,
    any_,
    event,
    literal,
)
from sqlalchemy.engine import Connection, Dialect, make_url
from sqlalchemy.exc import DisconnectionError, IntegrityError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import QueryableAttribute, Session, SessionTransaction
from sqlalchemy.sql.cache_key import CacheKey
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.util import await_only

from servicekit.context import ALL_AREAS, DatabaseScope, database_scope_var, request_id_var

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


def create_engine(
    url: str, *, pool_size: int = 10, max_overflow: int = 0, timeout: float | None = None
) -> AsyncEngine:
    """`timeout` bounds each connect, statement and wait for a pooled connection (a service's
    `db_timeout_seconds`); None leaves them unbounded, for migrations and bulk loads."""
    bounds: dict[str, Any] = {}
    if timeout is not None:
        bounds = {
            "connect_args": {"timeout": timeout, "command_timeout": timeout},
            "pool_timeout": timeout,
        }
    engine = create_async_engine(
        async_url(url), pool_size=pool_size, max_overflow=max_overflow, **bounds
    )
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


# Who asks, as the row-level security policies (servicekit.tenancy) and the audit trigger
# (servicekit.audit) read it: local to the transaction, so it ends with it.
_SCOPE_LOCAL = (
    "SELECT set_config('alue.area', $1, true), set_config('alue.sub', $2, true), "
    "set_config('alue.request_id', $3, true)"
)
# A statement outside a transaction (the reads of `make_read_sessionmaker` and `Reads`)
# is its own transaction: the area is set on the connection instead, and only when it
# differs from what the connection has, so reads of one principal cost no round trip.
_SCOPE_SESSION = "SELECT set_config('alue.area', $1, false)"
_AREA_ON_CONNECTION = "alue.area"
# A session not serving a request (seeding, a test's own writes) may carry its scope here.
SCOPE_INFO = "database_scope"


class ScopedSession(Session):
    """A session whose every transaction tells the database who asks (`_scope_transaction`)."""


def _current_scope(session: Session | None = None) -> DatabaseScope | None:
    if session is not None:
        given = session.info.get(SCOPE_INFO)
        if isinstance(given, DatabaseScope):
            return given
    return database_scope_var.get()


@event.listens_for(ScopedSession, "after_begin")
def _scope_transaction(
    session: Session, transaction: SessionTransaction, connection: Connection
) -> None:
    """Sets `alue.area`, `alue.sub` and `alue.request_id` from the request (servicekit.auth
    sets the scope when it verifies the token) at the start of the session's transaction,
    in one statement after its BEGIN; in autocommit, the area on the connection when it
    differs (`_SCOPE_SESSION`). No scope: no area, so the policies show no area's rows."""
    scope = _current_scope(session)
    if connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
        driver = connection.connection.driver_connection
        _sync_connection_area(connection.info, driver, scope.area if scope else "", await_only)
        return
    if scope is None and not connection.info.get(_AREA_ON_CONNECTION):
        return  # nothing set, on the transaction or on the connection
    connection.exec_driver_sql(
        _SCOPE_LOCAL,
        (scope.area if scope else "", scope.sub if scope else "", request_id_var.get() or ""),
    )


def _sync_connection_area(
    info: dict[Any, Any], driver: Any, area: str, wait: Callable[[Any], Any]
) -> None:
    if info.get(_AREA_ON_CONNECTION, "") != area:
        wait(driver.execute(_SCOPE_SESSION, area))
        info[_AREA_ON_CONNECTION] = area


async def scope_driver_connection(info: dict[Any, Any], driver: Any) -> None:
    """The request's scope on an asyncpg connection about to run a statement of its own: on
    the connection when it is outside a transaction, local to the transaction inside one."""
    scope = _current_scope()
    if driver.is_in_transaction():
        if scope is not None or info.get(_AREA_ON_CONNECTION):
            await driver.execute(
                _SCOPE_LOCAL,
                scope.area if scope else "",
                scope.sub if scope else "",
                request_id_var.get() or "",
            )
        return
    area = scope.area if scope else ""
    if info.get(_AREA_ON_CONNECTION, "") != area:
        await driver.execute(_SCOPE_SESSION, area)
        info[_AREA_ON_CONNECTION] = area  # the same bookkeeping as `_sync_connection_area`


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, sync_session_class=ScopedSession)


# Demo data (`alue seed`, the tests' fixtures) is every area's: its loader writes them all.
SEED_SCOPE = DatabaseScope(area=ALL_AREAS, sub="alue-seed")


def seeding_session(engine: AsyncEngine) -> AsyncSession:
    """A session for a demo-data loader: it writes every area's rows, as `SEED_SCOPE`."""
    return make_sessionmaker(engine)(info={SCOPE_INFO: SEED_SCOPE})


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def make_read_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions for safe methods, in autocommit: a read is its statements and nothing else.

    In a transaction a one-query GET is BEGIN, the query and COMMIT, three round trips.
    Under READ COMMITTED (PostgreSQL's default, which services keep) every statement sees
    its own snapshot whether or not a transaction surrounds it, so a read that leaves the
    transaction out sees what it would have seen in one.
    """
    return async_sessionmaker(
        engine.execution_options(isolation_level="AUTOCOMMIT"),
        expire_on_commit=False,
        sync_session_class=ScopedSession,
    )


async def fetch_rows(
    session: AsyncSession, query: Select[*tuple[Any, ...]]
) -> Sequence[Row[*tuple[Any, ...]]]:
    """The rows of a Core query (columns, not entities), run on the session's connection.

    `session.execute` sends even a Core query through the ORM layer (its compile state,
    events and result wrapping): a fifth of the CPU of a 51-row list query measured alone
    (bench/README.md). A list has no entities to load, so it skips that layer.
    """
    connection = await session.connection()
    return (await connection.execute(query)).all()


class Reads:
    """The statements of a read that selects rows and loads no entities (a list page).

    Each statement runs on a pooled connection checked out for that statement alone, and
    on the driver itself, as the floor of bench/README.md does: SQLAlchemy compiles a query
    of each shape once (its cache key tells the shapes apart, the values aside), and the
    rows come back as asyncpg records, read by column name (`row["code"]`). No
    `AsyncSession`, no ORM or Core result layer, no transaction: under READ COMMITTED a
    statement sees the same snapshot with or without one (`make_read_sessionmaker`).

    That path takes a query whose every column SQLAlchemy would hand over as the driver
    gives it (no result processing for the column's type: text, numbers, dates, UUIDs, JSON
    and arrays with this driver's codecs), and whose list of values is one parameter
    (`one_of`), not an expanding `IN`. Any other query runs through SQLAlchemy's Core on the
    same kind of connection. Either way a row is read by column name, `row["code"]` or
    `row.code`. A route that loads entities, or writes, takes `DbSession` instead.
    """

    def __init__(
        self,
        connect: Callable[[], AbstractAsyncContextManager[AsyncConnection]],
        dialect: Dialect,
    ) -> None:
        self._connect = connect
        self._dialect = dialect
        self._statements: dict[Any, _Statement] = {}

    async def rows(self, query: Select[*tuple[Any, ...]]) -> list[Any]:
        """The rows, each read by column name (`row["code"]`) or as an attribute."""
        key = query._generate_cache_key()
        statement = self._statements.get(key.key) if key is not None else None
        if statement is None:
            statement = _Statement.compile(query, self._dialect, key)
            if key is not None and len(self._statements) < _MAX_STATEMENTS:
                self._statements[key.key] = statement
        async with self._connect() as connection:
            driver: Any = (await connection.get_raw_connection()).driver_connection
            await scope_driver_connection(connection.info, driver)
            if statement is _THROUGH_CORE:
                result = await connection.execute(query)
                return [_CoreRow(row) for row in result.mappings()]
            arguments = statement.arguments(key)
            records: list[ReadRow] = await driver.fetch(
                statement.sql, *arguments, record_class=ReadRow
            )
            return records


# The shapes of a service's read queries are few and fixed by its code; the bound only
# keeps a query built wrongly (values in its structure) from growing the cache forever.
_MAX_STATEMENTS = 512


_PLAIN_TYPES = (String, Integer, Float, Boolean, Date, DateTime, Time, Uuid)


def _as_the_driver_gives_it(type_: Any) -> bool:
    """Whether SQLAlchemy hands a column of this type over as asyncpg gives it: plain values,
    decimals, JSON (the dialect's codec on each connection decodes it) and arrays of them.
    An enum class or a type decorator changes the value on its way out: not these."""
    if isinstance(type_, Enum | TypeDecorator):
        return False
    if isinstance(type_, ARRAY):
        return _as_the_driver_gives_it(type_.item_type)
    if isinstance(type_, Numeric) and not isinstance(type_, Float):
        return bool(type_.asdecimal)
    return isinstance(type_, (*_PLAIN_TYPES, JSON))


class ReadRow(Record):  # type: ignore[misc]  # asyncpg has no type hints
    """A driver row read by column name, `row["code"]`, or as an attribute, `row.code`;
    `row._mapping` is it as a dict, as on a SQLAlchemy row."""

    @property
    def _mapping(self) -> dict[str, Any]:
        return dict(self.items())

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


class _CoreRow(dict[str, Any]):
    """A row SQLAlchemy's Core processed, read as a `ReadRow` is."""

    @property
    def _mapping(self) -> dict[str, Any]:
        return self

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass(frozen=True)
class _Statement:
    """A query compiled for the driver: its SQL, and its parameters in `$n` order."""

    sql: str
    compiled: SQLCompiler
    names: tuple[str, ...]
    processors: dict[str, Callable[[Any], Any]]

    @classmethod
    def compile(
        cls, query: Select[*tuple[Any, ...]], dialect: Dialect, key: CacheKey | None
    ) -> _Statement:
        """The query for the driver, or `_THROUGH_CORE` when its values would come back
        otherwise than SQLAlchemy gives them (a JSON or array column) or it has an `IN`."""
        if not all(_as_the_driver_gives_it(column.type) for column in query.selected_columns):
            return _THROUGH_CORE
        compiled = query.compile(dialect=dialect, cache_key=key)
        assert isinstance(compiled, SQLCompiler)
        if compiled.post_compile_params or compiled.literal_execute_params:
            return _THROUGH_CORE
        names = tuple(compiled.positiontup or ())
        # What SQLAlchemy would do to each parameter on its way to the driver (an array's items).
        processors: dict[str, Callable[[Any], Any]] = {}
        for name in names:
            processor = compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect)
            if processor is not None:
                processors[name] = processor
        return cls(sql=compiled.string, compiled=compiled, names=names, processors=processors)

    def arguments(self, key: CacheKey | None) -> list[Any]:
        values = self.compiled.construct_params(
            extracted_parameters=key.bindparams if key is not None else None
        )
        for name, processor in self.processors.items():
            values[name] = processor(values[name])
        return [values[name] for name in self.names]


# The mark of a query that `Reads.rows` runs through SQLAlchemy's Core.
_THROUGH_CORE = _Statement(sql="", compiled=None, names=(), processors={})  # type: ignore[arg-type]


def one_of(
    column: ColumnElement[Any] | QueryableAttribute[Any], values: Iterable[Any]
) -> ColumnElement[bool]:
    """`column = ANY($n)`: the values as one array parameter, so a query of one shape is
    compiled once whatever their number (`IN` renders one parameter per value)."""
    return column == any_(literal(list(values), ARRAY(column.type)))


def make_reads(engine: AsyncEngine) -> Reads:
    return Reads(engine.connect, engine.dialect)


async def get_reads(request: Request) -> Reads:
    # async so that FastAPI runs it inline; not a generator: nothing to close after the route.
    reads: Reads = request.app.state.reads
    return reads


DbReads = Annotated[Reads, Depends(get_reads)]


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One session per request: committed when the handler succeeds, rolled back otherwise.

    A GET, HEAD or OPTIONS gets a read session (`make_read_sessionmaker`): nothing to
    commit. Depend on it through `DbSession`: FastAPI's default scope would commit only
    after the answer is sent, so a client could act on a 201 before its row is visible, or
    get a 201 for a commit that then fails.
    """
    if request.method in SAFE_METHODS:
        reads: async_sessionmaker[AsyncSession] = request.app.state.read_sessionmaker
        async with reads() as session:
            yield session
        return
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

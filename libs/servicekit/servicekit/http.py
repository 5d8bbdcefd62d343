"""HTTP conventions shared by every service: ETags, preconditions and cursor pages.

A resource's strong ETag is a hash of its JSON representation. Every route that answers
one takes a dependency that also declares the headers it reads in the OpenAPI:

    FreshRead      a GET: `read(Model, row)`; a matching `If-None-Match` answers 304
    ETagged        a write without a precondition (a creating POST)
    IfMatch        a conditional write: `lock(session, select(...), ...)` (428, 412)
    IfMatchOptional, IfMatchOrCreate   the same with an optional `If-Match`, and for a
                   PUT that creates (`If-None-Match: *` makes it create-only)

A precondition is only ever evaluated on a row read `FOR UPDATE` in the request's
transaction, so of N concurrent writers holding one ETag exactly one wins.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeAlias, TypeVar
from urllib.parse import urlencode

from asyncpg import Record
from fastapi import Depends, FastAPI, Header, Query, Request, Response
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel, TypeAdapter
from sqlalchemy import ColumnExpressionArgument, Row, Select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit.auth import Principal, current_principal
from servicekit.db import Reads
from servicekit.errors import (
    FieldError,
    PreconditionFailed,
    PreconditionRequired,
    ServiceError,
    Unauthorized,
    UnprocessableContent,
    raises,
)
from servicekit.openapi import reads_bearer_token

T = TypeVar("T")
ReadT = TypeVar("ReadT", bound=BaseModel)
RowT = TypeVar("RowT")
# Any query and any row, whatever their column types.
Q = TypeVar("Q", bound=Select[*tuple[Any, ...]])
# A list's rows: SQLAlchemy rows, or the driver's records that `servicekit.db.Reads` returns.
AnyRow: TypeAlias = Row[*tuple[Any, ...]] | Record


def etag_of(representation: BaseModel | dict[str, Any]) -> str:
    """A strong ETag: a hash of the resource's JSON representation."""
    if isinstance(representation, BaseModel):
        payload = representation.model_dump_json()
    else:
        payload = json.dumps(representation, sort_keys=True, default=str)
    return '"' + hashlib.sha256(payload.encode()).hexdigest()[:32] + '"'


def _tags(header: str) -> set[str]:
    return {tag.strip() for tag in header.split(",")}


class NotModified(Exception):
    """The client's copy is current: answered 304 with the ETag and no body."""

    def __init__(self, etag: str) -> None:
        super().__init__(etag)
        self.etag = etag


class ETagged:
    """Builds a resource's read model and sets its strong ETag on the response."""

    def __init__(self, response: Response) -> None:
        self._response = response

    def read(self, model: type[ReadT], row: object) -> ReadT:
        """`model` validated from `row` (an ORM object or a mapping), with its ETag set."""
        return self.respond(model.model_validate(row))

    def respond(self, read: ReadT, etag: str | None = None) -> ReadT:
        """`read` as the answer, with `etag` (default: the hash of `read`) set."""
        self._response.headers["ETag"] = etag or etag_of(read)
        return read


class FreshReads(ETagged):
    def __init__(self, response: Response, if_none_match: str | None) -> None:
        super().__init__(response)
        self._if_none_match = if_none_match

    def respond(self, read: ReadT, etag: str | None = None) -> ReadT:
        etag = etag or etag_of(read)
        if self._if_none_match is not None:
            tags = _tags(self._if_none_match)
            if "*" in tags or etag in tags or f"W/{etag}" in tags:
                raise NotModified(etag)
        return super().respond(read, etag)


class Preconditions(ETagged):
    """The `If-Match` / `If-None-Match` of a write, evaluated only on a locked row."""

    def __init__(
        self,
        response: Response,
        *,
        if_match: str | None,
        if_none_match: str | None = None,
        required: bool,
    ) -> None:
        super().__init__(response)
        self._if_match, self._if_none_match, self._required = if_match, if_none_match, required

    async def lock(
        self,
        session: AsyncSession,
        statement: Select[RowT],
        *,
        model: type[BaseModel],
        not_found: ServiceError,
    ) -> RowT:
        """The row `statement` selects, locked until the transaction ends, once its current
        representation (`model`) matches `If-Match`: 428 without it (when required), 412
        when stale, `not_found` when there is no row."""
        row = await _locked(session, statement)
        if row is None:
            raise not_found
        self._check(etag_of(model.model_validate(row)))
        return row

    async def lock_or_create(
        self, session: AsyncSession, statement: Select[RowT], *, model: type[BaseModel]
    ) -> RowT | None:
        """Like `lock` for a PUT that creates: None when there is no row and no `If-Match`
        (412 with one); an existing row with `If-None-Match: *` is 412. The caller holds a
        lock that serialises creating the row (a parent's), as no row can be locked yet."""
        row = await _locked(session, statement)
        if row is None:
            if self._if_match is not None:
                raise PreconditionFailed(
                    "The resource does not exist, so no ETag can match: create it without If-Match."
                )
            return None
        if self._if_none_match is not None and "*" in _tags(self._if_none_match):
            raise PreconditionFailed("The resource exists (If-None-Match: * asked to create only).")
        self._check(etag_of(model.model_validate(row)))
        return row

    def _check(self, current_etag: str) -> None:
        if self._if_match is None:
            if self._required:
                raise PreconditionRequired(
                    "This write needs an If-Match header with the resource's ETag."
                )
            return
        tags = _tags(self._if_match)
        if "*" in tags or current_etag in tags:
            return
        raise PreconditionFailed(
            "The resource has changed since it was read; "
            "fetch it again and retry with its new ETag."
        )


async def _locked(session: AsyncSession, statement: Select[RowT]) -> RowT | None:
    # populate_existing: a row already in the session is refreshed from the locked read,
    # so the ETag is computed from what the lock protects, not from an earlier read.
    locked = statement.with_for_update().execution_options(populate_existing=True)
    return (await session.scalars(locked)).first()


_IF_MATCH = "The ETag of the representation this write is based on (`*`: any)."
_IF_MATCH_REQUIRED = _IF_MATCH + " Required: 428 without it, 412 when stale."
_IF_NONE_MATCH_READ = "ETags the client holds; a match answers 304 Not Modified with no body."
_IF_NONE_MATCH_CREATE = "`*`: create only; 412 when the resource exists."


async def etagged(response: Response) -> ETagged:
    return ETagged(response)


async def fresh_reads(
    response: Response,
    if_none_match: Annotated[
        str | None, Header(alias="If-None-Match", description=_IF_NONE_MATCH_READ)
    ] = None,
) -> FreshReads:
    return FreshReads(response, if_none_match)


@raises(PreconditionFailed, PreconditionRequired)
async def if_match_required(
    response: Response,
    if_match: Annotated[
        str | None, Header(alias="If-Match", description=_IF_MATCH_REQUIRED)
    ] = None,
) -> Preconditions:
    return Preconditions(response, if_match=if_match, required=True)


@raises(PreconditionFailed)
async def if_match_optional(
    response: Response,
    if_match: Annotated[str | None, Header(alias="If-Match", description=_IF_MATCH)] = None,
) -> Preconditions:
    return Preconditions(response, if_match=if_match, required=False)


@raises(PreconditionFailed, PreconditionRequired)
async def if_match_or_create(
    response: Response,
    if_match: Annotated[
        str | None,
        Header(alias="If-Match", description=_IF_MATCH + " Required to replace (428, 412)."),
    ] = None,
    if_none_match: Annotated[
        str | None, Header(alias="If-None-Match", description=_IF_NONE_MATCH_CREATE)
    ] = None,
) -> Preconditions:
    return Preconditions(response, if_match=if_match, if_none_match=if_none_match, required=True)


ETaggedWrite = Annotated[ETagged, Depends(etagged)]
FreshRead = Annotated[FreshReads, Depends(fresh_reads)]
IfMatch = Annotated[Preconditions, Depends(if_match_required)]
IfMatchOptional = Annotated[Preconditions, Depends(if_match_optional)]
IfMatchOrCreate = Annotated[Preconditions, Depends(if_match_or_create)]

_ETAG_DEPENDENCIES: frozenset[Callable[..., Any]] = frozenset(
    {etagged, fresh_reads, if_match_required, if_match_optional, if_match_or_create}
)
_ETAG_HEADER = {
    "description": "The strong ETag of the representation (send it as If-Match to change it).",
    "schema": {"type": "string"},
}


_NOT_MODIFIED = {
    "description": "Not Modified: the representation still has the ETag sent in If-None-Match.",
    "headers": {"ETag": _ETAG_HEADER},
}


def install_conditional_requests(app: FastAPI) -> None:
    """Answers NotModified as 304, and declares the ETag response header on the operations
    whose dependencies set it.

    A required If-Match stays optional in the OpenAPI, described as required: without it
    the answer is 428, which a client must be able to receive, not a validation error."""

    async def not_modified(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, NotModified)
        return Response(status_code=304, headers={"ETag": exc.etag})

    app.add_exception_handler(NotModified, not_modified)
    generate = app.openapi
    declared = False

    def openapi() -> dict[str, Any]:
        nonlocal declared
        schema = generate()
        if not declared:
            _declare_etags(app, schema)
            declared = True
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _declare_etags(app: FastAPI, schema: dict[str, Any]) -> None:
    # Route contexts, as FastAPI's own OpenAPI walks them: paths with their routers' prefixes.
    for route in iter_route_contexts(app.routes):
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        calls = _dependency_calls(route.dependant)
        if not calls & _ETAG_DEPENDENCIES:
            continue
        for method in route.methods or ():
            operation = schema["paths"].get(route.path_format, {}).get(method.lower())
            if operation is None:
                continue
            responses = operation.setdefault("responses", {})
            for status, answer in responses.items():
                if status.startswith("2"):
                    answer.setdefault("headers", {})["ETag"] = _ETAG_HEADER
            if fresh_reads in calls:
                responses["304"] = _NOT_MODIFIED


def _dependency_calls(dependant: Any) -> set[Callable[..., Any]]:
    calls: set[Callable[..., Any]] = set()
    for sub in dependant.dependencies:
        if sub.call is not None:
            calls.add(sub.call)
        calls |= _dependency_calls(sub)
    return calls


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


# A key value we could have issued: text PostgreSQL can store and compare, an int4.
_MAX_KEY_TEXT = 200
_INT4 = range(-(2**31), 2**31)


@dataclass(frozen=True)
class Keyset:
    """What a repository needs for one page: the previous page's last sort key (None on the
    first page) and how many rows to fetch, one more than the page shows."""

    after: tuple[Any, ...] | None
    fetch: int

    def apply(self, query: Q, *key: ColumnExpressionArgument[Any]) -> Q:
        """`query` ordered by `key`, starting after the cursor's key, `fetch` rows at most."""
        query = query.order_by(*key).limit(self.fetch)
        if self.after is not None:
            query = query.where(tuple_(*key) > tuple_(*self.after))
        return query


@dataclass(frozen=True)
class PageQuery:
    """`limit` and `cursor` of a list request, and the page built from its rows.

    A route takes it as `page: PageParams`, hands `page.keyset(str)` (the types of its sort
    key) to the repository and returns `page.build(Model, rows, key=...)`; a cursor of
    another shape is 422 naming `cursor`, so no crafted value reaches the database.
    """

    limit: int
    cursor: str | None
    request: Request
    response: Response

    def keyset(self, *shape: type[str] | type[int]) -> Keyset:
        return Keyset(after=self._after(shape), fetch=self.limit + 1)

    def _after(self, shape: tuple[type, ...]) -> tuple[Any, ...] | None:
        if self.cursor is None:
            return None
        try:
            decoded = json.loads(base64.urlsafe_b64decode(self.cursor.encode() + b"=="))
        except (binascii.Error, ValueError, UnicodeDecodeError):
            decoded = None
        if (
            not isinstance(decoded, list)
            or len(decoded) != len(shape)
            or not all(_issued(v, kind) for v, kind in zip(decoded, shape, strict=True))
        ):
            raise UnprocessableContent(
                "The cursor is not one this list issued.",
                [FieldError("cursor", "not a valid cursor for this list", in_="query")],
            )
        return tuple(decoded)

    def build(
        self, model: type[T], rows: Sequence[AnyRow], *, key: Callable[[Any], Sequence[Any]]
    ) -> Page[T]:
        """The page of up to `limit` of `rows` (fetched with `keyset`) as `model`.

        One row more than the limit tells that another page follows: its cursor is
        `key(row)` of the page's last row, also sent as `Link: rel="next"`. The rows are
        validated once, as dictionaries of their columns (several times faster than
        reading them as attributes); columns the model does not name are left out.
        """
        shown = rows[: self.limit]
        next_cursor = None
        if len(rows) > self.limit and shown:
            next_cursor = encode_cursor(list(key(shown[-1])))
            self.link_next(next_cursor)
        items = _list_adapter(model).validate_python(_as_dicts(shown))
        return Page[model](items=items, next_cursor=next_cursor)  # type: ignore[valid-type]

    def link_next(self, next_cursor: str) -> None:
        """Sets `Link: rel="next"` to this request's query with `cursor=next_cursor`.

        A query-only reference resolves against whatever URL the client called, so the
        link stays right behind the gateway's path prefix. Built from the parsed
        parameters: `request.url` would rebuild and reparse the whole URL.
        """
        others = [(k, v) for k, v in self.request.query_params.multi_items() if k != "cursor"]
        query = urlencode([*others, ("cursor", next_cursor)])
        self.response.headers["Link"] = f'<?{query}>; rel="next"'


def _as_dicts(rows: Sequence[AnyRow]) -> list[dict[str, Any]]:
    """SQLAlchemy rows, or driver records (`servicekit.db.Reads`), as dicts of their columns."""
    if not rows:
        return []
    first = rows[0]
    if isinstance(first, Row):
        return [dict(zip(first._fields, row, strict=True)) for row in rows]
    return [dict(row) for row in rows]


def _issued(value: object, kind: type) -> bool:
    if isinstance(value, bool) or not isinstance(value, kind):
        return False
    if isinstance(value, int):
        return value in _INT4
    return isinstance(value, str) and value.isprintable() and len(value) <= _MAX_KEY_TEXT


_ADAPTERS: dict[type, TypeAdapter[list[Any]]] = {}


def _list_adapter(model: type) -> TypeAdapter[list[Any]]:
    """One validator per item model, built on first use (building one takes milliseconds)."""
    adapter = _ADAPTERS.get(model)
    if adapter is None:
        adapter = _ADAPTERS[model] = TypeAdapter(list[model])  # type: ignore[valid-type]
    return adapter


LimitQuery = Annotated[int, Query(ge=1, le=500, description="Items on one page.")]
CursorQuery = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=1000,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="The `next_cursor` of the previous page.",
    ),
]


async def page_query(
    request: Request, response: Response, limit: LimitQuery = 50, cursor: CursorQuery = None
) -> PageQuery:
    # async so that FastAPI runs it inline, not in its thread pool (a hop per request).
    return PageQuery(limit=limit, cursor=cursor, request=request, response=response)


PageParams = Annotated[PageQuery, Depends(page_query)]


@dataclass(frozen=True)
class Listing:
    """A list of rows any reader may ask for: the caller, the page, and `Reads` to fetch it.

    One dependency in place of three (`AnyReader`, `PageParams`, `DbReads`): FastAPI solves
    every dependency on its own on every request, and on the list page that was the largest
    share of the CPU left after the query (bench/README.md). The OpenAPI is the same: the
    bearer scheme, the 401, `limit` and `cursor`.
    """

    principal: Principal
    page: PageQuery
    reads: Reads


@reads_bearer_token
@raises(Unauthorized)
async def listing(
    request: Request, response: Response, limit: LimitQuery = 50, cursor: CursorQuery = None
) -> Listing:
    return Listing(
        principal=await current_principal(request),
        page=PageQuery(limit=limit, cursor=cursor, request=request, response=response),
        reads=request.app.state.reads,
    )


ListingParams = Annotated[Listing, Depends(listing)]


def encode_cursor(key: list[Any]) -> str:
    raw = json.dumps(key, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")

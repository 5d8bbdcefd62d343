"""HTTP conventions shared by every service: ETags, preconditions and cursor pages."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query, Request, Response
from pydantic import BaseModel, TypeAdapter
from sqlalchemy import ColumnExpressionArgument, Row, Select, tuple_

from servicekit.errors import (
    FieldError,
    PreconditionFailed,
    PreconditionRequired,
    UnprocessableContent,
)

T = TypeVar("T")
# Any query and any row, whatever their column types.
Q = TypeVar("Q", bound=Select[*tuple[Any, ...]])
AnyRow = Row[*tuple[Any, ...]]


def etag_of(representation: BaseModel | dict[str, Any]) -> str:
    """A strong ETag: a hash of the resource's JSON representation."""
    if isinstance(representation, BaseModel):
        payload = representation.model_dump_json()
    else:
        payload = json.dumps(representation, sort_keys=True, default=str)
    return '"' + hashlib.sha256(payload.encode()).hexdigest()[:32] + '"'


def require_if_match(request: Request, current_etag: str) -> None:
    """Refuses an unconditional write (428) and a write based on a stale representation (412)."""
    header = request.headers.get("if-match")
    if header is None:
        raise PreconditionRequired("This write needs an If-Match header with the resource's ETag.")
    candidates = {tag.strip() for tag in header.split(",")}
    if "*" in candidates or current_etag in candidates:
        return
    raise PreconditionFailed(
        "The resource has changed since it was read; fetch it again and retry with its new ETag."
    )


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
            # A query-only reference resolves against whatever URL the client called,
            # so the link stays right behind the gateway's path prefix.
            query = self.request.url.include_query_params(cursor=next_cursor).query
            self.response.headers["Link"] = f'<?{query}>; rel="next"'
        columns = shown[0]._fields if shown else ()
        items = _list_adapter(model).validate_python(
            [dict(zip(columns, row, strict=True)) for row in shown]
        )
        return Page[model](items=items, next_cursor=next_cursor)  # type: ignore[valid-type]


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


async def page_query(
    request: Request,
    response: Response,
    limit: int = Query(50, ge=1, le=500, description="Items on one page."),
    cursor: str | None = Query(
        None,
        min_length=1,
        max_length=1000,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="The `next_cursor` of the previous page.",
    ),
) -> PageQuery:
    # async so that FastAPI runs it inline, not in its thread pool (a hop per request).
    return PageQuery(limit=limit, cursor=cursor, request=request, response=response)


PageParams = Annotated[PageQuery, Depends(page_query)]


def encode_cursor(key: list[Any]) -> str:
    raw = json.dumps(key, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")

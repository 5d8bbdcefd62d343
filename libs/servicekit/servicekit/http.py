"""HTTP conventions shared by every service: ETags, preconditions and cursor pages."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query, Request, Response
from pydantic import BaseModel

from servicekit.errors import (
    FieldError,
    PreconditionFailed,
    PreconditionRequired,
    UnprocessableContent,
)

T = TypeVar("T")


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


@dataclass(frozen=True)
class PageParams:
    """`limit` and `cursor` of a list request; take it with the `PageQuery` dependency."""

    limit: int
    cursor: str | None

    def after(self) -> list[Any] | None:
        """The sort key of the last item of the previous page, or None for the first page."""
        if self.cursor is None:
            return None
        try:
            decoded = json.loads(base64.urlsafe_b64decode(self.cursor.encode() + b"=="))
        except (binascii.Error, ValueError, UnicodeDecodeError):
            decoded = None
        if not isinstance(decoded, list):
            raise UnprocessableContent(
                "The cursor is not one this service issued.",
                [FieldError("cursor", "not a valid cursor", in_="query")],
            )
        return decoded


async def page_params(
    limit: int = Query(50, ge=1, le=500, description="Items on one page."),
    cursor: str | None = Query(
        None,
        min_length=1,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="The `next_cursor` of the previous page.",
    ),
) -> PageParams:
    # async so that FastAPI runs it inline, not in its thread pool (a hop per request).
    return PageParams(limit=limit, cursor=cursor)


PageQuery = Annotated[PageParams, Depends(page_params)]


def encode_cursor(key: list[Any]) -> str:
    raw = json.dumps(key, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def paginate(
    request: Request, response: Response, items: list[T], params: PageParams, key: Any
) -> Page[T]:
    """Builds a page from up to limit+1 fetched items, setting `Link: rel="next"` when more follow.

    `key(item)` returns the item's sort key as a list; the repository fetched `limit + 1`
    rows ordered by that key so that one extra row tells whether another page exists.
    """
    has_more = len(items) > params.limit
    items = items[: params.limit]
    next_cursor = encode_cursor(key(items[-1])) if has_more and items else None
    if next_cursor is not None:
        # A query-only reference resolves against whatever URL the client called,
        # so the link stays right behind the gateway's path prefix.
        query = request.url.include_query_params(cursor=next_cursor).query
        response.headers["Link"] = f'<?{query}>; rel="next"'
    return Page[T](items=items, next_cursor=next_cursor)

"""Request bodies: a size limit per route, the JSON media type, and strict JSON.

    BodyLimitMiddleware  counts a body's bytes as they arrive and stops at the route's
                         limit (413): a body that is too large is never read whole, and
                         one whose Content-Length says so is not read at all
    body_limit(n)        a route's own limit, above or below the app's default
                         (`max_body_bytes` in the settings); the OpenAPI names each
                         operation's as `x-body-limit`
    JsonBodyRoute        the route class of every route (`servicekit.app.include_flat`):
                         a route that takes a JSON body refuses another media type (415)
                         and reads the body with `strict_json`

`strict_json` accepts what RFC 8259 calls JSON and I-JSON (RFC 7493) lets every parser
read alike: UTF-8 only, no NaN or Infinity, no member name twice in one object,
numbers within IEEE 754 double precision (integers within +-(2**53 - 1)), no unpaired
surrogate (an escaped `\\ud800`), and no nesting deeper than `MAX_JSON_DEPTH`. Strings
(and names) may hold no NUL or other control character but tab, line feed and carriage
return: PostgreSQL's text and jsonb cannot store NUL, and no value of this API has a use
for the others (single-line fields refuse line breaks too, `servicekit.fields`). A bad
value is 422 naming its field, as any invalid field is.
"""

from __future__ import annotations

import email.message
import json
import math
import re
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from fastapi import Request, Response, params
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from servicekit.errors import (
    ContentTooLarge,
    DuplicateJsonName,
    FieldError,
    JsonTooDeep,
    MalformedJson,
    UnprocessableContent,
    UnsupportedMediaType,
    raises,
)

F = TypeVar("F", bound=Callable[..., Any])

MIB = 1024 * 1024
DEFAULT_BODY_LIMIT = 1 * MIB
# The most any route may take (a national Kela file of several years): the gateway
# forwards bodies up to it, and each service holds its own routes to theirs.
LARGEST_BODY_LIMIT = 64 * MIB
MAX_JSON_DEPTH = 32
# I-JSON (RFC 7493 section 2.2): integers every parser holds exactly.
SAFE_INTEGER = 2**53 - 1
# A field error list long enough to fix a body by, short enough to read.
MAX_FIELD_ERRORS = 50
_BODY_LIMIT_ATTRIBUTE = "__servicekit_body_limit__"
_CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def body_limit(max_bytes: int) -> Callable[[F], F]:
    """Gives a route a body limit of its own (a file upload: larger than the default)."""
    if not 0 < max_bytes <= LARGEST_BODY_LIMIT:
        raise ValueError(f"a body limit is from 1 to {LARGEST_BODY_LIMIT} bytes")

    def mark(endpoint: F) -> F:
        setattr(endpoint, _BODY_LIMIT_ATTRIBUTE, max_bytes)
        return raises(ContentTooLarge)(endpoint)

    return mark


def declared_body_limit(endpoint: object) -> int | None:
    limit = getattr(endpoint, _BODY_LIMIT_ATTRIBUTE, None)
    return limit if isinstance(limit, int) else None


class BodyLimitMiddleware:
    """Refuses a body past its route's limit with 413, counting bytes as they arrive.

    The limit is looked up when the body is first read, which is after routing: the
    matched route's own (`body_limit`) or the default.
    """

    def __init__(self, app: ASGIApp, *, default_limit: int = DEFAULT_BODY_LIMIT) -> None:
        self.app = app
        self.default_limit = default_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit: int | None = None
        received = 0

        async def limited_receive() -> Message:
            nonlocal limit, received
            if limit is None:
                limit = declared_body_limit(scope.get("endpoint")) or self.default_limit
                announced = _content_length(scope)
                if announced is not None and announced > limit:
                    raise ContentTooLarge(limit)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise ContentTooLarge(limit)
            return message

        await self.app(scope, limited_receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


class JsonBodyRoute(APIRoute):
    """A route whose JSON body is checked for its media type and read with `strict_json`."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()
        if not takes_json_body(self):
            return handle

        async def handler(request: Request) -> Response:
            body = await request.body()
            if body:
                require_json_media_type(request.headers.get("content-type"))
                # Starlette's own cache of the parsed body, which FastAPI reads next.
                request._json = strict_json(body)
            return await handle(request)

        return handler


def takes_json_body(route: APIRoute) -> bool:
    return route.body_field is not None and not isinstance(route.body_field.field_info, params.Form)


def require_json_media_type(content_type: str | None) -> None:
    """`application/json` or a `+json` type, in UTF-8 (RFC 8259 section 8.1); else 415."""
    if content_type is None:
        raise UnsupportedMediaType("The body needs Content-Type: application/json.")
    message = email.message.Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    is_json = message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )
    charset = message.get_param("charset")
    if not is_json or (isinstance(charset, str) and charset.lower() not in ("utf-8", "utf8")):
        raise UnsupportedMediaType(
            f"The body is {content_type}; this operation takes application/json (UTF-8)."
        )


def strict_json(body: bytes) -> Any:
    """The body's JSON value, or the problem with it (see the module docstring)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MalformedJson(f"The body is not UTF-8 (byte {exc.start}).") from exc
    try:
        value = json.loads(
            text,
            object_pairs_hook=_unique_names,
            parse_constant=_no_constant,
            parse_int=_integer,
        )
    except RecursionError as exc:
        raise _too_deep() from exc
    except json.JSONDecodeError as exc:
        raise MalformedJson(
            f"The body is not JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})."
        ) from exc
    errors = _value_errors(value)
    if errors:
        fields = ", ".join(e.field for e in errors)
        raise UnprocessableContent(f"The request has invalid fields: {fields}", errors)
    return value


class _HugeInteger(str):
    """An integer literal too long to convert: Python refuses past 4300 digits anyway."""


def _integer(literal: str) -> int | _HugeInteger:
    return int(literal) if len(literal) <= 20 else _HugeInteger(literal)


def _unique_names(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    value = dict(pairs)
    if len(value) != len(pairs):
        seen: set[str] = set()
        for name, _ in pairs:
            if name in seen:
                raise DuplicateJsonName(
                    f"An object of the body names the member '{name}' twice.",
                    extra={"name": name},
                )
            seen.add(name)
    return value


def _no_constant(literal: str) -> Any:
    raise MalformedJson(f"The body is not JSON: {literal} is no JSON number (RFC 8259 section 6).")


def _too_deep() -> JsonTooDeep:
    return JsonTooDeep(
        f"The body nests arrays and objects deeper than {MAX_JSON_DEPTH} levels.",
        extra={"limit": MAX_JSON_DEPTH},
    )


def _value_errors(value: Any) -> list[FieldError]:
    """Every string with a control character and every number out of range, by field, in
    the body's order."""
    errors: list[FieldError] = []
    stack: list[tuple[Any, tuple[str, ...]]] = [(value, ())]
    while stack and len(errors) < MAX_FIELD_ERRORS:
        item, path = stack.pop()
        if isinstance(item, dict | list) and len(path) >= MAX_JSON_DEPTH:
            raise _too_deep()  # the item is a container on level len(path) + 1
        field = ".".join(path) or "body"
        message = _scalar_problem(item)
        if message is not None:
            errors.append(FieldError(field, message))
        elif isinstance(item, dict):
            if any(_CONTROL_CHARACTER.search(name) for name in item):
                errors.append(FieldError(field, f"a member name {_CONTROL_MESSAGE}"))
            stack.extend((item[name], (*path, name)) for name in reversed(item))
        elif isinstance(item, list):
            stack.extend((item[i], (*path, str(i))) for i in reversed(range(len(item))))
    return errors


_CONTROL_MESSAGE = "holds a control character (NUL, or another but tab and line breaks)"


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _scalar_problem(item: Any) -> str | None:
    if isinstance(item, _HugeInteger):
        return f"must be an integer within +-{SAFE_INTEGER}"
    if isinstance(item, str):
        if _CONTROL_CHARACTER.search(item):
            return _CONTROL_MESSAGE
        # An escaped lone surrogate is no character (RFC 7493 section 2.1).
        return None if item.isascii() or _encodes(item) else "holds an unpaired surrogate"
    if isinstance(item, bool):
        return None
    if isinstance(item, int) and abs(item) > SAFE_INTEGER:
        return f"must be an integer within +-{SAFE_INTEGER}"
    if isinstance(item, float) and not math.isfinite(item):
        return "must be a number within double precision"
    return None

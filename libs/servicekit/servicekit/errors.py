"""Errors rendered as RFC 9457 problem details.

    ServiceError (status carried by the class)      type /problems/...
    ├── BadRequest            400                     bad-request
    │   ├── MalformedJson     400                     malformed-json
    │   ├── DuplicateJsonName 400                     duplicate-json-name
    │   └── JsonTooDeep       400                     json-too-deep
    ├── Unauthorized          401  (WWW-Authenticate) unauthorized
    ├── Forbidden             403                     forbidden
    ├── NotFound              404                     not-found
    ├── MethodNotAllowed      405  (Allow)            method-not-allowed
    ├── Conflict              409                     conflict
    ├── PreconditionFailed    412                     precondition-failed
    ├── ContentTooLarge       413  (limit)            content-too-large
    ├── UnsupportedMediaType  415                     unsupported-media-type
    ├── UnprocessableContent  422  (errors[])         invalid-fields
    ├── PreconditionRequired  428                     precondition-required
    ├── TooManyRequests       429  (Retry-After)      too-many-requests
    └── ServiceUnavailable    503                     service-unavailable
    (ServiceError itself is   500                     internal-error)

Every class is a problem type: a stable `slug`, served as `/problems/<slug>`
(a relative URI: the gateway serves the page), a one-paragraph `description`,
and the JSON Schema of the extension `members` it adds to the Problem object.
A service's own error classes subclass these with their own slug. Every
response that is not a success goes through `problem_response`, so a client
never sees FastAPI's default `{"detail": ...}` shape or a stack trace.

`raises(...)` declares what a route or a dependency may answer; the OpenAPI
document lists those statuses per operation (servicekit.openapi).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from types import ModuleType
from typing import Any, ClassVar, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import Scope

from servicekit.context import request_id_var
from servicekit.links import public_path

PROBLEM_JSON = "application/problem+json"
PROBLEMS_PATH = "/problems"
_RAISES_ATTRIBUTE = "__servicekit_problems__"


class ServiceError(Exception):
    status: ClassVar[int] = 500
    title: ClassVar[str] = "Internal Server Error"
    slug: ClassVar[str] = "internal-error"
    description: ClassVar[str] = (
        "The service failed in a way it did not expect; nothing was written. The answer "
        "carries no internals; quote its request_id when reporting it."
    )
    # JSON Schema of each extension member this problem type adds (inherited members too).
    members: ClassVar[dict[str, dict[str, Any]]] = {}

    def __init__(
        self,
        detail: str | None = None,
        *,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.extra = extra or {}
        self.headers = headers or {}

    @classmethod
    def type_uri(cls) -> str:
        return f"{PROBLEMS_PATH}/{cls.slug}"

    @classmethod
    def all_members(cls) -> dict[str, dict[str, Any]]:
        merged: dict[str, dict[str, Any]] = {}
        for klass in reversed(cls.__mro__):
            merged.update(vars(klass).get("members", {}))
        return merged

    @classmethod
    def catalogue_entry(cls) -> dict[str, Any]:
        return {
            "type": cls.type_uri(),
            "slug": cls.slug,
            "title": cls.title,
            "status": cls.status,
            "description": cls.description,
            "members": sorted(cls.all_members()),
        }


class BadRequest(ServiceError):
    status, title, slug = 400, "Bad Request", "bad-request"
    description = (
        "The request could not be read at all (for example its body is not a document the "
        "service can parse); nothing was done. Fix the request before sending it again."
    )


class MalformedJson(BadRequest):
    slug = "malformed-json"
    description = (
        "The body is not JSON (RFC 8259): a syntax error, bytes that are not UTF-8, or a "
        "literal JSON has not (NaN, Infinity); `detail` says which and where. Nothing was done."
    )


class DuplicateJsonName(BadRequest):
    slug = "duplicate-json-name"
    description = (
        "An object of the body names a member twice (`name` says which). Parsers disagree "
        "on which of the two counts, so the body is refused (I-JSON, RFC 7493 section 2.3). "
        "Nothing was done."
    )
    members: ClassVar[dict[str, dict[str, Any]]] = {
        "name": {"type": "string", "description": "The member name that appears twice."}
    }


class JsonTooDeep(BadRequest):
    slug = "json-too-deep"
    description = (
        "The body nests arrays and objects deeper than `limit` levels; no body of this API "
        "needs that many. Nothing was done."
    )
    members: ClassVar[dict[str, dict[str, Any]]] = {
        "limit": {"type": "integer", "description": "The deepest nesting accepted."}
    }


class Unauthorized(ServiceError):
    status, title, slug = 401, "Unauthorized", "unauthorized"
    description = (
        "The request has no bearer token, or its token is not valid: expired, signed with "
        "another key, for another audience or with unknown roles. Get a new token from the "
        "identity provider; the WWW-Authenticate header says what was wrong."
    )

    def __init__(self, detail: str | None = None, *, error: str = "invalid_token") -> None:
        challenge = f'Bearer realm="alue", error="{error}"'
        super().__init__(detail, headers={"WWW-Authenticate": challenge})


class Forbidden(ServiceError):
    status, title, slug = 403, "Forbidden", "forbidden"
    description = (
        "The token is valid but its roles do not allow this action (for example a viewer "
        "writing, or a non-admin changing reference data). Another token is needed."
    )


class NotFound(ServiceError):
    status, title, slug = 404, "Not Found", "not-found"
    description = (
        "Nothing is at this path, or it belongs to an employment area the token does not "
        "give access to: the two are answered alike, so that areas cannot be discovered."
    )


class MethodNotAllowed(ServiceError):
    status, title, slug = 405, "Method Not Allowed", "method-not-allowed"
    description = (
        "The resource exists but does not support this method; the Allow header lists the "
        "methods it does support."
    )


class Conflict(ServiceError):
    status, title, slug = 409, "Conflict", "conflict"
    description = (
        "The request is well formed but conflicts with the current state of the resource "
        "(for example something with the same key already exists). Read the resource, "
        "resolve the conflict and send a new request."
    )


class PreconditionFailed(ServiceError):
    status, title, slug = 412, "Precondition Failed", "precondition-failed"
    description = (
        "The If-Match (or If-None-Match) condition does not hold: the resource changed "
        "since the client read it, or exists when it was to be created. Nothing was "
        "written; read the resource again and retry with its new ETag."
    )


class ContentTooLarge(ServiceError):
    status, title, slug = 413, "Content Too Large", "content-too-large"
    description = (
        "The body is larger than this operation accepts (`limit`, in bytes; the OpenAPI "
        "document names it per operation as `x-body-limit`). It was not read further and "
        "nothing was done; send a smaller body, or split a bulk write."
    )
    members: ClassVar[dict[str, dict[str, Any]]] = {
        "limit": {"type": "integer", "description": "The largest body accepted, in bytes."}
    }

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"The body is larger than the {limit} bytes this operation accepts.",
            extra={"limit": limit},
        )


class UnsupportedMediaType(ServiceError):
    status, title, slug = 415, "Unsupported Media Type", "unsupported-media-type"
    description = "The body is not in a media type this operation accepts (send JSON)."


class UnprocessableContent(ServiceError):
    status, title, slug = 422, "Unprocessable Content", "invalid-fields"
    description = (
        "Fields of the request are invalid; `errors` names each one: where it is "
        "(`in`: body, query, path or header), which `field` (dotted for nested ones) and "
        "what is wrong with it. Nothing was done."
    )
    members: ClassVar[dict[str, dict[str, Any]]] = {
        "errors": {
            "type": "array",
            "description": "One entry per invalid field.",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": "string"},
                    "in": {"type": "string", "enum": ["body", "query", "path", "header", "cookie"]},
                    "message": {"type": "string"},
                },
                "required": ["field", "in", "message"],
            },
        }
    }

    def __init__(self, detail: str, errors: Sequence[FieldError]) -> None:
        super().__init__(detail, extra={"errors": [e.as_dict() for e in errors]})


class PreconditionRequired(ServiceError):
    status, title, slug = 428, "Precondition Required", "precondition-required"
    description = (
        "This write must be conditional: send If-Match with the ETag of the representation "
        "the change is based on, so that it cannot overwrite a change made meanwhile."
    )


class TooManyRequests(ServiceError):
    status, title, slug = 429, "Too Many Requests", "too-many-requests"
    description = (
        "The caller (the token's subject, or without a token its address) sent more requests "
        "than the gateway allows in the current window. Nothing was done; `Retry-After` says "
        "how many seconds to wait."
    )

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            f"Too many requests; retry after {retry_after} s.",
            headers={"Retry-After": str(retry_after)},
        )


class ServiceUnavailable(ServiceError):
    status, title, slug = 503, "Service Unavailable", "service-unavailable"
    description = "The service cannot answer right now (for example its database is down)."


class DependencyUnavailable(ServiceError):
    """Another Alue service this answer needs gave no usable answer (`servicekit.peers`): the
    service acted as a gateway to it, so the status is a gateway's."""

    status, title, slug = 502, "Bad Gateway", "dependency-unavailable"
    description = (
        "Another Alue service this answer needs (`service` names it) did not answer in time, "
        "could not be reached or failed. Nothing was written; retry later."
    )
    members: ClassVar[dict[str, dict[str, Any]]] = {
        "service": {"type": "string", "description": "The service that gave no usable answer."}
    }

    def __init__(self, service: str, reason: str) -> None:
        super().__init__(f"The {service} service {reason}.", extra={"service": service})
        self.service = service


class FieldError:
    """One bad input field: where it is (`field`, dotted) and why it is wrong."""

    def __init__(self, field: str, message: str, *, in_: str = "body") -> None:
        self.field, self.message, self.location = field, message, in_

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "in": self.location, "message": self.message}


def listed(errors: Iterable[FieldError]) -> str:
    """The fields' errors in one line, for a problem's `detail`: "field: why; field: why"."""
    return "; ".join(f"{e.field}: {e.message}" for e in errors)


# The member of a problem that lists only the first of many errors.
ERRORS_LEFT_OUT: dict[str, dict[str, Any]] = {
    "errors_left_out": {
        "type": "integer",
        "minimum": 1,
        "description": "How many more errors there were than `errors` lists (absent: none).",
    }
}


# The generic problem types every app answers with, and by status the type of an answer
# that no ServiceError raised (routing's 404 and 405, a framework 400 or 415, a 500).
GENERIC_PROBLEMS: tuple[type[ServiceError], ...] = (
    BadRequest,
    MalformedJson,
    DuplicateJsonName,
    JsonTooDeep,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    Conflict,
    PreconditionFailed,
    ContentTooLarge,
    UnsupportedMediaType,
    UnprocessableContent,
    PreconditionRequired,
    TooManyRequests,
    ServiceError,
    ServiceUnavailable,
    DependencyUnavailable,
)
# A 502 no ServiceError raised is not a dependency's, nor a 400 one of the JSON body's.
_GENERIC_BY_STATUS = {
    cls.status: cls
    for cls in GENERIC_PROBLEMS
    if cls not in (DependencyUnavailable, MalformedJson, DuplicateJsonName, JsonTooDeep)
}
_STATUS_TITLES = {
    **{cls.status: cls.title for cls in GENERIC_PROBLEMS},
    502: "Bad Gateway",
    504: "Gateway Timeout",
}

E = TypeVar("E", bound=Callable[..., Any])


def raises(*problems: type[ServiceError]) -> Callable[[E], E]:
    """Declares the problem types a route or a dependency answers with, for the OpenAPI.

    Put it under the route decorator (`@router.post(...)` then `@raises(Conflict)`), or on a
    dependency function; a route's operation lists its own and those of its dependencies.
    """

    def mark(function: E) -> E:
        declared = getattr(function, _RAISES_ATTRIBUTE, ())
        setattr(function, _RAISES_ATTRIBUTE, (*declared, *problems))
        return function

    return mark


def declared_problems(function: object) -> tuple[type[ServiceError], ...]:
    return tuple(getattr(function, _RAISES_ATTRIBUTE, ()))


def problem_types_in(module: ModuleType) -> list[type[ServiceError]]:
    """The problem types a module defines (a service's `errors` module), in definition order."""
    return [
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, ServiceError)
        and value.__module__ == module.__name__
    ]


def problem_catalogue(problem_types: Iterable[type[ServiceError]]) -> list[type[ServiceError]]:
    """The generic types and `problem_types`, one per slug; a slug used twice is an error."""
    by_slug: dict[str, type[ServiceError]] = {}
    for cls in (*GENERIC_PROBLEMS, *problem_types):
        if "slug" not in vars(cls) and cls not in GENERIC_PROBLEMS:
            raise ValueError(f"{cls.__qualname__} needs its own problem slug")
        known = by_slug.setdefault(cls.slug, cls)
        if known is not cls:
            raise ValueError(f"problem slug '{cls.slug}' is used by {known} and {cls}")
    return list(by_slug.values())


def problem_body(
    status: int,
    detail: str,
    *,
    type_uri: str | None = None,
    instance: str | None = None,
    title: str | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    generic = _GENERIC_BY_STATUS.get(status)
    if type_uri is None:
        type_uri = generic.type_uri() if generic is not None else "about:blank"
    body: dict[str, Any] = {
        "type": type_uri,
        "title": title or _STATUS_TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if instance is not None:
        body["instance"] = instance
    body["request_id"] = request_id_var.get()
    body.update(extra or {})
    return body


def error_body(error: ServiceError, scope: Scope) -> dict[str, Any]:
    """The problem body of `error` raised while answering the request of `scope`."""
    return problem_body(
        error.status,
        error.detail,
        type_uri=error.type_uri(),
        instance=public_path(scope, scope["path"]),
        title=error.title,
        extra=error.extra,
    )


def problem_response(
    status: int,
    detail: str,
    *,
    type_uri: str | None = None,
    instance: str | None = None,
    title: str | None = None,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = problem_body(
        status, detail, type_uri=type_uri, instance=instance, title=title, extra=extra
    )
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


def _field_path(loc: Sequence[int | str]) -> tuple[str, str]:
    """Split a pydantic location like ("body", "items", 3, "code") into ("body", "items.3.code")."""
    if not loc:
        return "body", ""
    where = str(loc[0]) if loc[0] in ("body", "query", "path", "header", "cookie") else "body"
    parts = [str(p) for p in (loc[1:] if where == str(loc[0]) else loc)]
    return where, ".".join(parts) or where


def validation_errors(exc: RequestValidationError) -> list[FieldError]:
    out = []
    for err in exc.errors():
        where, field = _field_path(err.get("loc", ()))
        out.append(FieldError(field, str(err.get("msg", "invalid")), in_=where))
    return out


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ServiceError)
    async def _service_error(request: Request, exc: ServiceError) -> JSONResponse:
        body = error_body(exc, request.scope)
        return JSONResponse(
            body, status_code=exc.status, headers=exc.headers, media_type=PROBLEM_JSON
        )

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = validation_errors(exc)
        return problem_response(
            422,
            "The request has invalid fields: " + ", ".join(e.field for e in errors),
            instance=public_path(request, request.url.path),
            extra={"errors": [e.as_dict() for e in errors]},
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else _STATUS_TITLES.get(exc.status_code)
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            # Starlette names only the first route that matched the path; a path served by
            # several routes (GET and POST on a collection) allows all of their methods.
            headers["Allow"] = ", ".join(allowed_methods(request))
        return problem_response(
            exc.status_code,
            detail or "Error",
            instance=public_path(request, request.url.path),
            headers=headers,
        )


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at the request's path.

    Routes of an included router sit behind one entry of `app.router.routes` (FastAPI keeps
    the router, not copies of its routes), so each route is matched through its context. A
    route that declares it answers 405 (`@raises(MethodNotAllowed subclass)`) exists to
    refuse its methods, so they are not allowed.
    """
    allowed: set[str] = set()
    for route in iter_route_contexts(request.app.router.routes):
        if any(issubclass(p, MethodNotAllowed) for p in declared_problems(route.endpoint)):
            continue
        match, _ = route.matches(request.scope)
        if match != Match.NONE:
            allowed |= set(route.methods or ())
    return sorted(allowed)

"""Errors rendered as RFC 9457 problem details.

    ServiceError (status carried by the class)
    ├── BadRequest            400
    ├── Unauthorized          401  (adds WWW-Authenticate)
    ├── Forbidden             403
    ├── NotFound              404
    ├── Conflict              409
    ├── PreconditionFailed    412
    ├── UnprocessableContent  422  (carries errors[]: one entry per bad field)
    └── PreconditionRequired  428

Every response that is not a success goes through `problem_response`, so a
client never sees FastAPI's default `{"detail": ...}` shape or a stack trace.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from servicekit.context import request_id_var

PROBLEM_JSON = "application/problem+json"


class ServiceError(Exception):
    status: int = 500
    title: str = "Internal Server Error"

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


class BadRequest(ServiceError):
    status, title = 400, "Bad Request"


class Unauthorized(ServiceError):
    status, title = 401, "Unauthorized"

    def __init__(self, detail: str | None = None, *, error: str = "invalid_token") -> None:
        challenge = f'Bearer realm="alue", error="{error}"'
        super().__init__(detail, headers={"WWW-Authenticate": challenge})


class Forbidden(ServiceError):
    status, title = 403, "Forbidden"


class NotFound(ServiceError):
    status, title = 404, "Not Found"


class Conflict(ServiceError):
    status, title = 409, "Conflict"


class PreconditionFailed(ServiceError):
    status, title = 412, "Precondition Failed"


class PreconditionRequired(ServiceError):
    status, title = 428, "Precondition Required"


class UnprocessableContent(ServiceError):
    status, title = 422, "Unprocessable Content"

    def __init__(self, detail: str, errors: Sequence[FieldError]) -> None:
        super().__init__(detail, extra={"errors": [e.as_dict() for e in errors]})


class FieldError:
    """One bad input field: where it is (`field`, dotted) and why it is wrong."""

    def __init__(self, field: str, message: str, *, in_: str = "body") -> None:
        self.field, self.message, self.location = field, message, in_

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "in": self.location, "message": self.message}


_STATUS_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    412: "Precondition Failed",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    428: "Precondition Required",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def problem_body(
    status: int,
    detail: str,
    *,
    instance: str | None = None,
    title: str | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title or _STATUS_TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if instance is not None:
        body["instance"] = instance
    body["request_id"] = request_id_var.get()
    body.update(extra or {})
    return body


def problem_response(
    status: int,
    detail: str,
    *,
    instance: str | None = None,
    title: str | None = None,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = problem_body(status, detail, instance=instance, title=title, extra=extra)
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
        return problem_response(
            exc.status,
            exc.detail,
            instance=request.url.path,
            title=exc.title,
            extra=exc.extra,
            headers=exc.headers,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = validation_errors(exc)
        return problem_response(
            422,
            "The request has invalid fields: " + ", ".join(e.field for e in errors),
            instance=request.url.path,
            extra={"errors": [e.as_dict() for e in errors]},
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else _STATUS_TITLES.get(exc.status_code)
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            # Starlette names only the first route that matched the path; a path served by
            # several routes (GET and POST on a collection) allows all of their methods.
            headers["Allow"] = ", ".join(_allowed_methods(request))
        return problem_response(
            exc.status_code, detail or "Error", instance=request.url.path, headers=headers
        )


def _allowed_methods(request: Request) -> list[str]:
    allowed: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match != Match.NONE:
            allowed |= set(getattr(route, "methods", None) or ())
    return sorted(allowed)

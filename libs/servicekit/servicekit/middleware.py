"""ASGI middleware: request ids, access log and Prometheus request timing."""

from __future__ import annotations

import logging
import re
import time
import uuid

from prometheus_client import Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from servicekit.context import database_scope_var, request_id_var
from servicekit.errors import problem_response
from servicekit.links import public_path

REQUEST_ID_HEADER = b"x-request-id"
# Accept a caller's id only if it is a plain token: it goes into logs and headers.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

REQUEST_DURATION = Histogram(
    "http_server_request_duration_seconds",
    "Duration of HTTP server requests.",
    ["method", "route", "status"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
access_log = logging.getLogger("servicekit.access")
log = logging.getLogger("servicekit.errors")


class RequestContextMiddleware:
    """Accepts or generates `X-Request-ID`, echoes it, times and logs the request.

    It is also the last line of defence: an unexpected exception is logged with
    the request id and answered 500 problem+json with no internals.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _incoming_request_id(scope) or uuid.uuid4().hex
        token = request_id_var.set(request_id)
        # No scope until the request's token is verified (servicekit.auth), whatever the
        # task ran before (an in-process client runs requests in its own task, one by one).
        scope_token = database_scope_var.set(None)
        status = 500
        started = time.perf_counter()
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status, response_started = message["status"], True
                headers = [h for h in message.get("headers", []) if h[0] != REQUEST_ID_HEADER]
                headers.append((REQUEST_ID_HEADER, request_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception("unhandled error on %s %s", scope["method"], scope["path"])
            if response_started:
                raise
            response = problem_response(
                500,
                "An unexpected error occurred. Quote the request id when reporting it.",
                instance=public_path(scope, scope["path"]),
            )
            await response(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = _route_template(scope)
            REQUEST_DURATION.labels(scope["method"], route, str(status)).observe(elapsed)
            access_log.info(
                "%s %s %s",
                scope["method"],
                scope["path"],
                status,
                extra={"route": route, "status": status, "duration_ms": round(elapsed * 1000, 2)},
            )
            database_scope_var.reset(scope_token)
            request_id_var.reset(token)


def _incoming_request_id(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == REQUEST_ID_HEADER:
            candidate = value.decode("latin-1")
            return candidate if _VALID_REQUEST_ID.match(candidate) else None
    return None


def _route_template(scope: Scope) -> str:
    """The matched route's path template; unmatched paths share one label to bound cardinality."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "<unmatched>"

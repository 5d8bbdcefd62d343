"""ASGI middleware: request ids, security headers, access log and Prometheus request timing.

Security headers on every answer (OWASP HTTP Headers Cheat Sheet), unless the route set
its own: `X-Content-Type-Options: nosniff`; `Cache-Control: no-store` on JSON answered to
a request that carried credentials (a route that may be kept says so, as the gateway's
plan does); and on an HTML document `DOCUMENT_CSP`, which lets it load nothing and run no
script (the documents are self-contained: inline styles and SVG, no JavaScript). The
interactive docs pages run scripts and keep their own.
"""

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
DOCUMENT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
_NOSNIFF = (b"x-content-type-options", b"nosniff")
_NO_STORE = (b"cache-control", b"no-store")
_CSP = (b"content-security-policy", DOCUMENT_CSP.encode())
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

    def __init__(self, app: ASGIApp, *, docs_paths: frozenset[str] = frozenset()) -> None:
        self.app = app
        self.docs_paths = docs_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming_id, credentials = _incoming(scope)
        request_id = incoming_id or uuid.uuid4().hex
        document_csp = scope["path"] not in self.docs_paths
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
                _add_security_headers(headers, credentials=credentials, document=document_csp)
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


def _incoming(scope: Scope) -> tuple[str | None, bool]:
    """The caller's request id, if it is a plain token, and whether it sent credentials."""
    request_id, credentials = None, False
    for name, value in scope.get("headers", []):
        if name == REQUEST_ID_HEADER:
            candidate = value.decode("latin-1")
            request_id = candidate if _VALID_REQUEST_ID.match(candidate) else None
        elif name == b"authorization":
            credentials = True
    return request_id, credentials


def _add_security_headers(
    headers: list[tuple[bytes, bytes]], *, credentials: bool, document: bool
) -> None:
    content_type = b""
    has_nosniff = has_cache_control = has_csp = False
    for name, value in headers:
        if name == b"content-type":
            content_type = value.partition(b";")[0].strip().lower()
        elif name == b"x-content-type-options":
            has_nosniff = True
        elif name == b"cache-control":
            has_cache_control = True
        elif name == b"content-security-policy":
            has_csp = True
    if not has_nosniff:
        headers.append(_NOSNIFF)
    is_json = content_type == b"application/json" or content_type.endswith(b"+json")
    if credentials and is_json and not has_cache_control:
        headers.append(_NO_STORE)
    if document and content_type == b"text/html" and not has_csp:
        headers.append(_CSP)


def _route_template(scope: Scope) -> str:
    """The matched route's path template; unmatched paths share one label to bound cardinality."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "<unmatched>"

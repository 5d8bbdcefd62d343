"""Requests per principal: the gateway answers 429 with `Retry-After` past the limit.

The limit (`GATEWAY_RATE_LIMIT`, e.g. `600/minute`, or several as `20/second;600/minute`)
is counted per verified token subject (`sub`), and for a request without a valid token
per client address. The counting is the `limits` library's: a fixed window by default
(`GATEWAY_RATE_LIMIT_STRATEGY`: `fixed-window`, `moving-window`,
`sliding-window-counter`), kept in process memory by default. Several gateway replicas
share one count when `GATEWAY_RATE_LIMIT_STORAGE` names a shared store (`redis://host:6379`,
`memcached://...`; the library's storage URIs): with memory storage each replica counts
alone, and a caller spread over N replicas gets N times the limit.

The token is verified here with the app's verifier, whose cache makes a known token a
dictionary look-up, and the principal is kept on the request for `current_principal`.
Health probes are never limited. If the shared store cannot be reached the request is let
through and the failure logged: the limit protects the services, it must not take them
down with it.
"""

from __future__ import annotations

import logging
import math
import time
from typing import Literal

from fastapi.responses import JSONResponse
from limits import RateLimitItem, parse_many
from limits.aio.storage import Storage
from limits.aio.strategies import (
    FixedWindowRateLimiter,
    MovingWindowRateLimiter,
    RateLimiter,
    SlidingWindowCounterRateLimiter,
)
from limits.storage import storage_from_string
from starlette.types import ASGIApp, Receive, Scope, Send

from servicekit.auth import TokenVerifier
from servicekit.errors import PROBLEM_JSON, TooManyRequests, Unauthorized, error_body

log = logging.getLogger("gateway.ratelimit")

Strategy = Literal["fixed-window", "moving-window", "sliding-window-counter"]
STRATEGIES: dict[str, type[RateLimiter]] = {
    "fixed-window": FixedWindowRateLimiter,
    "moving-window": MovingWindowRateLimiter,
    "sliding-window-counter": SlidingWindowCounterRateLimiter,
}
_UNLIMITED_PATHS = frozenset({"/livez", "/readyz", "/metrics"})


def parse_limits(text: str) -> list[RateLimitItem]:
    """`600/minute` or `20/second;600/minute`; ValueError when it names no limit."""
    items = parse_many(text)
    if not items:
        raise ValueError(f"no rate limit in {text!r}")
    return items


def async_storage(uri: str) -> Storage:
    """The library's async storage for a URI as its docs write them (`redis://host`)."""
    storage = storage_from_string(uri if uri.startswith("async+") else f"async+{uri}")
    assert isinstance(storage, Storage)
    return storage


class RateLimitMiddleware:
    def __init__(self, app: ASGIApp, *, limits: str, strategy: Strategy, storage: str) -> None:
        self.app = app
        self.items = parse_limits(limits)
        self.limiter = STRATEGIES[strategy](async_storage(storage))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in _UNLIMITED_PATHS:
            await self.app(scope, receive, send)
            return
        retry_after = await self._retry_after(await _caller(scope))
        if retry_after is None:
            await self.app(scope, receive, send)
            return
        error = TooManyRequests(retry_after)
        response = JSONResponse(
            error_body(error, scope),
            status_code=error.status,
            headers=error.headers,
            media_type=PROBLEM_JSON,
        )
        await response(scope, receive, send)

    async def _retry_after(self, caller: tuple[str, str]) -> int | None:
        """None when the caller is within every limit; else the seconds until it is again."""
        try:
            for item in self.items:
                if not await self.limiter.hit(item, *caller):
                    stats = await self.limiter.get_window_stats(item, *caller)
                    return max(1, math.ceil(stats.reset_time - time.time()))
        except Exception:  # the shared store is down or refuses: let the request through
            log.exception("the rate limit could not be counted; the request goes through")
        return None


async def _caller(scope: Scope) -> tuple[str, str]:
    """("sub", subject) for a valid bearer token, else ("address", client address)."""
    token = _bearer(scope)
    if token is not None:
        verifier: TokenVerifier = scope["app"].state.token_verifier
        try:
            principal = await verifier.verify(token)
        except Unauthorized:
            pass  # the route answers 401; the caller is counted by its address meanwhile
        else:
            # What `current_principal` looks for: the token is not verified twice.
            scope.setdefault("state", {})["principal"] = principal
            return ("sub", principal.sub)
    client = scope.get("client")
    return ("address", client[0] if client else "unknown")


def _bearer(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            return token.strip() or None if scheme.lower() == "bearer" else None
    return None

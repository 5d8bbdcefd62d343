"""The gateway's one HTTP client and the resilient call every request to a service goes through.

One httpx transport backed by aiohttp (httpx-aiohttp), and so one aiohttp session
and connection pool, lives for the app's lifetime; plain httpx's own pool degrades
under concurrency (encode/httpx#3215). Requests go to the transport directly with
httpx's `Request`/`Response`: the `AsyncClient` layer on top adds nothing the
gateway wants (no redirects, no auth, no cookie jar) and costs about 0.2 ms a
request, mostly its cookie extraction.

`Upstreams.send` adds what every call to a service needs: a deadline over connect
and the whole response, one retry of a GET whose connection failed (the request
never reached the service, so repeating it is safe), and transport failures
turned into 502 or 504 problems that name the service. Each downstream call is a
thin function over it (`fetch_readiness` here; the plan view's calls later).
"""

from __future__ import annotations

import asyncio
import enum
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import aiohttp
import httpx
from httpx_aiohttp import AiohttpTransport

from gateway.config import GatewaySettings
from gateway.errors import BadGateway, GatewayTimeout, UnknownService

log = logging.getLogger("gateway.clients")

Readiness = Literal["ready", "not_ready", "unreachable"]

# Below uvicorn's 5 s keep-alive: the pool drops an idle connection before the service does,
# so a request rarely meets a connection closed under it (such a request is not resent).
_KEEPALIVE_SECONDS = 4.0
# The gateway forwards the caller's own Accept, Accept-Encoding and User-Agent, or none.
_NO_AUTO_HEADERS = ("Accept", "Accept-Encoding", "User-Agent")


# What a failed exchange raises: httpx's errors, and aiohttp's that httpx-aiohttp leaves unmapped.
TRANSPORT_ERRORS = (httpx.TransportError, aiohttp.ClientError)


class Failure(enum.Enum):
    UNREACHABLE = "could not be reached"
    CONNECT_TIMEOUT = "did not accept a connection in time"
    TIMEOUT = "did not answer in time"
    BROKEN = "broke off the exchange"

    @property
    def before_sending(self) -> bool:
        return self in (Failure.UNREACHABLE, Failure.CONNECT_TIMEOUT)


@dataclass(frozen=True)
class ServiceReply:
    status: int
    headers: list[tuple[bytes, bytes]]  # as received, names lowercased
    body: bytes  # as received, still in its content coding


def create_transport(settings: GatewaySettings) -> httpx.AsyncBaseTransport:
    """The shared pool; its session starts on first use, inside the running event loop."""

    def session() -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(
            limit=settings.max_connections, limit_per_host=0, keepalive_timeout=_KEEPALIVE_SECONDS
        )
        # No cookie jar: a cookie one caller's answer set must never ride on another's request.
        # No proxy from the environment (trust_env): services are reached directly.
        session = aiohttp.ClientSession(
            connector=connector,
            trust_env=False,
            cookie_jar=aiohttp.DummyCookieJar(),
            skip_auto_headers=_NO_AUTO_HEADERS,
            auto_decompress=False,
        )
        # aiohttp silently resends GET, PUT and DELETE when a connection breaks, even after
        # the service got the request; the gateway's one retry rule lives in Upstreams.send.
        # No public switch exists; aiohttp's own test client turns it off the same way.
        session._retry_connection = False
        return session

    return AiohttpTransport(client=session)


@dataclass(frozen=True)
class Upstreams:
    """The services the gateway knows, where they are, and the transport that reaches them."""

    transport: httpx.AsyncBaseTransport
    base_urls: Mapping[str, httpx.URL]
    deadline: float
    readiness_timeout: float
    # httpx's per-request timeouts; only connect is bounded here, the deadline bounds the rest.
    timeouts: Mapping[str, float | None]

    @classmethod
    def from_settings(
        cls, settings: GatewaySettings, transport: httpx.AsyncBaseTransport
    ) -> Upstreams:
        return cls(
            transport=transport,
            base_urls={name: httpx.URL(url) for name, url in settings.services.items()},
            deadline=settings.request_timeout_seconds,
            readiness_timeout=settings.readiness_timeout_seconds,
            timeouts=httpx.Timeout(None, connect=settings.connect_timeout_seconds).as_dict(),
        )

    @property
    def names(self) -> list[str]:
        return sorted(self.base_urls)

    def url(self, service: str, raw_path: bytes, query: bytes = b"") -> httpx.URL:
        """`raw_path` (still percent-encoded) under the service's base URL."""
        base = self.base_urls.get(service)
        if base is None:
            raise UnknownService(service)
        target = base.raw_path.rstrip(b"/") + raw_path
        return base.copy_with(raw_path=target + b"?" + query if query else target)

    def build_request(
        self,
        method: str,
        url: httpx.URL,
        *,
        headers: list[tuple[bytes, bytes]],
        content: bytes = b"",
    ) -> httpx.Request:
        return httpx.Request(
            method, url, headers=headers, content=content, extensions={"timeout": self.timeouts}
        )

    async def send(
        self, service: str, request: httpx.Request, *, deadline: float | None = None
    ) -> ServiceReply:
        """The service's reply, read whole within the deadline; 502/504 problems otherwise."""
        deadline = self.deadline if deadline is None else deadline
        try:
            async with asyncio.timeout(deadline):
                try:
                    return await _exchange(self.transport, request)
                except TRANSPORT_ERRORS as exc:
                    # Only a GET, and only when the request never left: nothing can happen twice.
                    if request.method != "GET" or not classify(exc).before_sending:
                        raise
                    log.warning("retrying GET to %s after: %r", service, exc.__cause__ or exc)
                return await _exchange(self.transport, request)
        except TimeoutError as exc:
            raise GatewayTimeout(service, f"did not answer within {deadline:g} s") from exc
        except TRANSPORT_ERRORS as exc:
            raise _failure_problem(service, exc) from exc


async def _exchange(transport: httpx.AsyncBaseTransport, request: httpx.Request) -> ServiceReply:
    response = await transport.handle_async_request(request)
    try:
        # Raw bytes: the body passes through in its content coding, never decoded or parsed.
        body = b"".join([chunk async for chunk in response.aiter_raw()])
    finally:
        await response.aclose()
    headers = [(name.lower(), value) for name, value in response.headers.raw]
    return ServiceReply(response.status_code, headers, body)


def classify(exc: Exception) -> Failure:
    """What went wrong, judged by the aiohttp error underneath when there is one.

    httpx-aiohttp maps every aiohttp connection error to `httpx.ConnectTimeout`, a refused
    connection and a connection closed mid-response included; the aiohttp error it chains
    tells them apart; the few it does not map (a malformed response) arrive as they are.
    Other transports raise the precise httpx class.
    """
    cause = exc if isinstance(exc, aiohttp.ClientError) else exc.__cause__
    if isinstance(cause, aiohttp.ClientError):
        if isinstance(cause, aiohttp.ConnectionTimeoutError):
            return Failure.CONNECT_TIMEOUT
        if isinstance(cause, aiohttp.ClientConnectorError):
            return Failure.UNREACHABLE
        if isinstance(cause, aiohttp.ServerTimeoutError):
            return Failure.TIMEOUT
        return Failure.BROKEN
    if isinstance(exc, httpx.ConnectTimeout):
        return Failure.CONNECT_TIMEOUT
    if isinstance(exc, httpx.ConnectError):
        return Failure.UNREACHABLE
    if isinstance(exc, httpx.TimeoutException):
        return Failure.TIMEOUT
    return Failure.BROKEN


def _failure_problem(service: str, exc: Exception) -> BadGateway | GatewayTimeout:
    failure = classify(exc)
    # The detail is for the caller and names no address; the log keeps the particulars.
    log.warning("%s service %s: %r", service, failure.value, exc.__cause__ or exc)
    if failure in (Failure.CONNECT_TIMEOUT, Failure.TIMEOUT):
        return GatewayTimeout(service, failure.value)
    return BadGateway(service, failure.value)


async def fetch_readiness(
    upstreams: Upstreams, service: str, *, request_id: str | None = None
) -> Readiness:
    """The service's own `/readyz`: 200 is ready, another answer not ready, none unreachable."""
    headers = [] if request_id is None else [(b"x-request-id", request_id.encode())]
    request = upstreams.build_request("GET", upstreams.url(service, b"/readyz"), headers=headers)
    try:
        reply = await upstreams.send(service, request, deadline=upstreams.readiness_timeout)
    except (BadGateway, GatewayTimeout):
        return "unreachable"
    return "ready" if reply.status == 200 else "not_ready"


async def check_readiness(
    upstreams: Upstreams, *, request_id: str | None = None
) -> dict[str, Readiness]:
    """Every service's readiness, asked concurrently, so the answer takes one timeout at most."""
    names = upstreams.names
    states = await asyncio.gather(
        *(fetch_readiness(upstreams, name, request_id=request_id) for name in names)
    )
    return dict(zip(names, states, strict=True))

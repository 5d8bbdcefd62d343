"""Calls over the Suomi.fi Data Exchange Layer (X-Road message protocol for REST, PR-REST r1).

`{METHOD} {security_server}/r1/{instance}/{memberClass}/{memberCode}/{subsystem}/{service}/{path}`
with `X-Road-Client: {instance}/{memberClass}/{memberCode}/{subsystem}` (DOMAIN.md §6),
through the area's own security server, with its TLS client certificate. Every answer's
`X-Road-Id` and `X-Road-Request-Hash` are logged. An answer with `X-Road-Error` becomes
`XRoadError` (502 `xroad-error`, naming the type); any other failure `DependencyUnavailable`
naming `keha`.

Reads (`get`) are retried with exponential backoff and jitter (tenacity) on connect errors
and 5xx answers, never on a 4xx; `post_once` sends exactly one request. Each service is rate
limited (aiolimiter), per security server and service, shared by all of the app's calls.
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx
from aiolimiter import AsyncLimiter
from tenacity import (
    AsyncRetrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)

from caseload.config import CaseloadSettings, KehaConnection
from caseload.errors import XRoadError
from servicekit.context import request_id_var
from servicekit.errors import DependencyUnavailable

log = logging.getLogger("caseload.keha")
SYSTEM = "keha"
RETRIED_TRANSPORT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout)


class _Retryable(Exception):
    """A read worth trying again: the platform could not be reached, or answered 5xx."""

    def __init__(self, failure: XRoadError | DependencyUnavailable) -> None:
        super().__init__(str(failure))
        self.failure = failure


@dataclass(frozen=True)
class XRoadAnswer:
    status: int
    body: Any


class Limiters:
    """One rate limiter per security server and service, for the app's life."""

    def __init__(self, rate_per_second: float) -> None:
        self.rate = rate_per_second
        self._limiters: dict[tuple[str, str], AsyncLimiter] = {}

    def of(self, security_server: str, service: str) -> AsyncLimiter:
        key = (security_server, service)
        if key not in self._limiters:
            # A bucket of one second's calls: bursts no larger than the rate.
            self._limiters[key] = AsyncLimiter(max(self.rate, 1.0), 1.0 / min(self.rate, 1.0))
        return self._limiters[key]


def tls_verify(connection: KehaConnection) -> ssl.SSLContext | bool:
    """The CA bundle to verify the security server with, and the area's client certificate."""
    if not (connection.ca_bundle or connection.cert_file):
        return True
    context = ssl.create_default_context(cafile=connection.ca_bundle)
    if connection.cert_file:
        context.load_cert_chain(connection.cert_file, connection.key_file)
    return context


class XRoadClient:
    """The area's security server, for the calls of one request."""

    def __init__(
        self,
        connection: KehaConnection,
        settings: CaseloadSettings,
        limiters: Limiters,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.connection = connection
        self.settings = settings
        self.limiters = limiters
        c = connection
        self._provider = f"/r1/{c.instance}/{c.member_class}/{c.member_code}/{c.subsystem}"
        self._http = httpx.AsyncClient(
            base_url=c.security_server.rstrip("/"),
            timeout=settings.keha_timeout_seconds,
            verify=tls_verify(connection) if transport is None else True,
            transport=transport,
            trust_env=False,
        )

    async def __aenter__(self) -> XRoadClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._http.aclose()

    async def get(self, service: str, path: str, params: Mapping[str, str]) -> Any:
        """A read, retried on connect errors and 5xx; the decoded JSON of a 2xx answer."""
        s = self.settings
        retrying = AsyncRetrying(
            stop=stop_after_attempt(s.keha_retry_attempts),
            # initial x 2^n, plus up to `initial` of jitter, at most `max` (seconds).
            wait=wait_exponential_jitter(
                multiplier=s.keha_retry_initial_seconds,
                jitter=s.keha_retry_initial_seconds,
                max=s.keha_retry_max_seconds,
            ),
            retry=retry_if_exception_type(_Retryable),
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    answer = await self._send("GET", service, path, params=params, retry=True)
        except _Retryable as exc:
            raise exc.failure from exc
        return answer.body

    async def post_once(
        self, service: str, path: str, body: Any, headers: Mapping[str, str]
    ) -> XRoadAnswer:
        """One request, never repeated (a submission is sent once)."""
        return await self._send("POST", service, path, json=body, headers=headers, retry=False)

    async def _send(
        self, method: str, service: str, path: str, *, retry: bool, **request: Any
    ) -> XRoadAnswer:
        url = f"{self._provider}/{service}/{path.lstrip('/')}"
        headers = {
            "X-Road-Client": self.connection.client,
            "Accept": "application/json",
            **request.pop("headers", {}),
        }
        request_id = request_id_var.get()
        if request_id:
            # PR-REST: X-Road-UserId and other X-Road-* headers are the protocol's; ours
            # joins the log lines of one request on both sides.
            headers["X-Request-ID"] = request_id
        async with self.limiters.of(self.connection.security_server, service):
            try:
                response = await self._http.request(method, url, headers=headers, **request)
            except RETRIED_TRANSPORT_ERRORS as exc:
                log.warning("KEHA %s %s: could not connect: %r", method, url, exc)
                failure = DependencyUnavailable(SYSTEM, "could not be reached")
                raise (_Retryable(failure) if retry else failure) from exc
            except httpx.TimeoutException as exc:
                log.warning("KEHA %s %s: timed out: %r", method, url, exc)
                raise DependencyUnavailable(
                    SYSTEM, f"did not answer within {self.settings.keha_timeout_seconds:g} s"
                ) from exc
            except httpx.TransportError as exc:
                log.warning("KEHA %s %s: %r", method, url, exc)
                raise DependencyUnavailable(SYSTEM, "broke the exchange") from exc
        return self._answer(method, url, response, retry=retry)

    def _answer(
        self, method: str, url: str, response: httpx.Response, *, retry: bool
    ) -> XRoadAnswer:
        log.info(
            "KEHA %s %s answered %s",
            method,
            url,
            response.status_code,
            extra={
                "xroad_id": response.headers.get("X-Road-Id"),
                "xroad_request_hash": response.headers.get("X-Road-Request-Hash"),
                "xroad_error": response.headers.get("X-Road-Error"),
            },
        )
        body = _json_or_none(response)
        failure: XRoadError | DependencyUnavailable | None = None
        error_type = response.headers.get("X-Road-Error")
        if error_type:
            message = body.get("message", "") if isinstance(body, dict) else ""
            failure = XRoadError(error_type, str(message))
        elif response.status_code >= 500:
            failure = DependencyUnavailable(SYSTEM, f"answered {response.status_code}")
        if failure is not None:
            if retry and response.status_code >= 500:
                raise _Retryable(failure)
            raise failure
        return XRoadAnswer(response.status_code, body)


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return response.json() if response.content else None
    except ValueError:
        return None

"""Calls from one service to another: over HTTP, with a timeout, as the caller.

DESIGN.md: "A service that needs another's data asks over HTTP with a timeout". Where the
other services listen comes from `ALUE_SERVICES` (a JSON object of name to base URL, the
same map the gateway routes by; `alue run` sets it for every process). Each call forwards
the caller's own bearer token, so the other service applies the caller's rights, never
the calling service's, and the request id, so one request's log lines join up.

A call answers the status and the decoded JSON body; a service that is not configured,
cannot be reached, does not answer within the timeout or fails (5xx) raises
`PeerUnavailable`, which the caller turns into what its own answer says then: a finding,
or the 502 problem `dependency-unavailable` naming the service (`PeerUnavailable.problem`).
A 4xx is an answer and is returned as such.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

import httpx
from fastapi import Depends, Request

from servicekit.context import request_id_var
from servicekit.errors import DependencyUnavailable

log = logging.getLogger("servicekit.peers")


class PeerUnavailable(Exception):
    """The other service gave no usable answer; `reason` says why, naming no address."""

    def __init__(self, service: str, reason: str) -> None:
        super().__init__(f"the {service} service {reason}")
        self.service = service
        self.reason = reason

    def problem(self) -> DependencyUnavailable:
        """The answer to give when the caller cannot do without the other service."""
        return DependencyUnavailable(self.service, self.reason)


@dataclass(frozen=True)
class PeerReply:
    status: int
    body: Any  # the decoded JSON, or None when the answer had none

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class Peers:
    """The other services this one may ask, and one HTTP client per service for the app's life.

    `transports` replaces the network for a service (tests pass the other service's app over
    `httpx.ASGITransport`, so the real service answers in process).
    """

    def __init__(
        self,
        base_urls: Mapping[str, str],
        *,
        timeout: float,
        transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
    ) -> None:
        self.timeout = timeout
        transports = transports or {}
        self._clients = {
            name: httpx.AsyncClient(
                base_url=url.rstrip("/"),
                timeout=timeout,
                transport=transports.get(name),
                trust_env=False,
            )
            for name, url in base_urls.items()
        }

    @property
    def names(self) -> list[str]:
        return sorted(self._clients)

    async def get(
        self,
        service: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        authorization: str | None = None,
    ) -> PeerReply:
        client = self._clients.get(service)
        if client is None:
            raise PeerUnavailable(service, "is not configured (ALUE_SERVICES)")
        headers = {"Accept": "application/json"}
        if authorization:
            headers["Authorization"] = authorization
        request_id = request_id_var.get()
        if request_id:
            headers["X-Request-ID"] = request_id
        try:
            response = await client.get(path, params=params, headers=headers)
        except httpx.TimeoutException as exc:
            log.warning("%s service timed out on %s: %r", service, path, exc)
            raise PeerUnavailable(service, f"did not answer within {self.timeout:g} s") from exc
        except httpx.TransportError as exc:
            log.warning("%s service unreachable on %s: %r", service, path, exc)
            raise PeerUnavailable(service, "could not be reached") from exc
        if response.status_code >= 500:
            raise PeerUnavailable(service, f"answered {response.status_code}")
        try:
            body = response.json() if response.content else None
        except ValueError as exc:
            raise PeerUnavailable(service, "answered something other than JSON") from exc
        return PeerReply(response.status_code, body)

    async def aclose(self) -> None:
        for client in self._clients.values():
            await client.aclose()


@dataclass(frozen=True)
class PeerCalls:
    """The other services, as the current request's caller (its token and request id)."""

    peers: Peers
    authorization: str | None

    async def get(
        self, service: str, path: str, *, params: Mapping[str, str] | None = None
    ) -> PeerReply:
        return await self.peers.get(service, path, params=params, authorization=self.authorization)


def peer_calls(request: Request) -> PeerCalls:
    return PeerCalls(request.app.state.peers, request.headers.get("authorization"))


AsCaller = Annotated[PeerCalls, Depends(peer_calls)]

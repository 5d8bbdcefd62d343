"""`GET /openapi.json` on the gateway: the system's one OpenAPI document (and `/docs` on it).

The gateway keeps each service's own document (`GET /openapi.json` on the service, no
token), fetched when it starts and again whenever `GET /v1/services` is asked, and
merges them with its own (`gateway.openapi_merge`). A service that does not answer is
left out; the last document it gave is kept; one never fetched is asked for again on
the next `GET /openapi.json` or `GET /v1/services`. Each fetch waits at most the
readiness timeout, so the document never waits long on a service that is down.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.routing import Route

from gateway.clients import Upstreams
from gateway.errors import BadGateway, GatewayTimeout
from gateway.openapi_merge import Document, merge_documents

log = logging.getLogger("gateway.openapi")


@dataclass
class SystemOpenAPI:
    upstreams: Upstreams
    own: Callable[[], Document]  # the gateway's own document (app.openapi)
    documents: dict[str, Document] = field(default_factory=dict)
    _merged: Document | None = None

    async def refresh(self, services: list[str] | None = None) -> None:
        """Asks `services` (default: all) for their documents at once; keeps what answers."""
        names = self.upstreams.names if services is None else services
        fetched = await asyncio.gather(*(self._fetch(name) for name in names))
        for name, document in zip(names, fetched, strict=True):
            if document is not None and document != self.documents.get(name):
                self.documents[name] = document
                self._merged = None

    async def document(self) -> Document:
        missing = [name for name in self.upstreams.names if name not in self.documents]
        if missing:
            await self.refresh(missing)
        if self._merged is None:
            self._merged = self._merge()
        return self._merged

    def _merge(self) -> Document:
        merged = merge_documents(self.own(), self.documents)
        left_out = [name for name in self.upstreams.names if name not in self.documents]
        info = merged.setdefault("info", {})
        info["title"] = "Alue"
        info["description"] = _description(sorted(self.documents), left_out)
        return merged

    async def _fetch(self, service: str) -> Document | None:
        upstreams = self.upstreams
        request = upstreams.build_request(
            "GET",
            upstreams.url(service, b"/openapi.json"),
            headers=[(b"accept", b"application/json")],
        )
        try:
            reply = await upstreams.send(service, request, deadline=upstreams.readiness_timeout)
            document = json.loads(reply.body) if reply.status == 200 else None
        except (BadGateway, GatewayTimeout, ValueError) as exc:
            log.warning("no OpenAPI document from %s: %r", service, exc)
            return None
        if not isinstance(document, dict) or not _is_document(document):
            log.warning("no OpenAPI document from %s (status %s)", service, reply.status)
            return None
        return document


def _is_document(value: dict[str, Any]) -> bool:
    return (
        isinstance(value.get("openapi"), str)
        and isinstance(value.get("paths"), dict)
        and isinstance(value.get("components", {}), dict)
    )


def _description(included: list[str], left_out: list[str]) -> str:
    text = (
        "The whole system through its gateway: the gateway's own operations (the composed "
        "organisation plan, its versions, the services) and every service's operations under "
        "its prefix, `/{service}/v1/...`. Every `/v1` operation needs a bearer JWT. "
        f"Services included: {', '.join(included) or 'none'}."
    )
    if left_out:
        text += f" Left out for now (they did not answer): {', '.join(left_out)}."
    return text


def install_system_openapi(app: FastAPI) -> None:
    """Serves the merged document at the app's `/openapi.json`, which `/docs` reads."""

    async def openapi_document(request: Request) -> JSONResponse:
        system: SystemOpenAPI = request.app.state.system_openapi
        return JSONResponse(await system.document())

    url = app.openapi_url or "/openapi.json"
    app.router.routes[:] = [
        r for r in app.router.routes if not (isinstance(r, Route) and r.path == url)
    ]
    app.add_route(url, openapi_document, include_in_schema=False)

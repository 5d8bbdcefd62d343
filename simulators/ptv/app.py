"""The PTV stand-in: PTV Open API v11's ServiceLocation channel routes and an OAuth2 token
endpoint, in memory.

Paths, bodies and answers are PTV's (its swagger, `/swagger/v11/swagger.json`, as the
generated client github.com/Tampere/ptv-php-client-v11 documents it, and the controllers of
github.com/vrk-kpa/ptv-releases):
- `POST /api/v11/ServiceChannel/ServiceLocation` creates a channel and answers 200 with it,
  its new `id` in it; `PUT /api/v11/ServiceChannel/ServiceLocation/{id}` and
  `.../ServiceLocation/sourceId/{sourceId}` update one (only the properties given).
  Both need a bearer token; without a valid one they answer 401 with no body and
  `WWW-Authenticate: Bearer` (RFC 6750 §3), as ASP.NET's JWT handler does.
- `GET /api/v11/ServiceChannel/{id}` reads a published channel anonymously (PTV's OUT
  interface needs no login); `GET .../active/{id}` (restricted) reads drafts too.
- A bad payload is 400 with ASP.NET's model-state dictionary (`validation.py`); an unknown
  channel is 404 `{"errorMessage": "Service channel with id '…' not found."}` (PTV's
  `VmError`).
- `POST /api/auth/connect/token` is an OAuth2 token endpoint (RFC 6749 §4.4, client
  credentials; client authentication by HTTP Basic or in the form, §2.3.1) whose errors are
  §5.2's `{"error": "invalid_client" | "unsupported_grant_type" | "invalid_request"}`. PTV's
  swagger declares OAuth2 against `https://palveluhallinta.suomi.fi/api/auth/connect/…`;
  this answers at the same path.

`sourceId` is unique within an organisation, as PTV keeps an external id per organisation.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import os
import secrets
import time
import uuid
from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import FastAPI, Header, Request
from fastapi.responses import JSONResponse, Response

from simulators.ptv import NAME
from simulators.ptv.validation import (
    GUID_MESSAGE,
    Errors,
    is_guid,
    service_location_errors,
)

# The demo area's organisation in the stand-in's PTV (any fixed GUID; PTV issues the real one).
DEMO_ORGANIZATION_ID = "9c2c4e3b-8d0e-5b0a-9f55-6b1f2c7d4a10"
DEV_CLIENT_ID = "alue-dev"
# The stand-in's own client, for local runs only (`PTV_SIMULATOR_CLIENT_*` replace it).
DEV_CLIENT_SECRET = "alue-dev-secret"
CHANNELS = "/api/v11/ServiceChannel"


@dataclass(frozen=True)
class PtvSimulatorSettings:
    client_id: str = DEV_CLIENT_ID
    client_secret: str = DEV_CLIENT_SECRET
    organizations: tuple[str, ...] = (DEMO_ORGANIZATION_ID,)
    token_ttl_seconds: int = 3600

    @classmethod
    def from_env(cls) -> PtvSimulatorSettings:
        organizations = os.environ.get("PTV_SIMULATOR_ORGANIZATION_IDS")
        return cls(
            client_id=os.environ.get("PTV_SIMULATOR_CLIENT_ID", DEV_CLIENT_ID),
            client_secret=os.environ.get("PTV_SIMULATOR_CLIENT_SECRET", DEV_CLIENT_SECRET),
            organizations=tuple(o.strip() for o in organizations.split(","))
            if organizations
            else (DEMO_ORGANIZATION_ID,),
            token_ttl_seconds=int(os.environ.get("PTV_SIMULATOR_TOKEN_TTL_SECONDS", "3600")),
        )


@dataclass
class Catalogue:
    """What the stand-in holds: channels by id, and the tokens it issued (to their expiry)."""

    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    tokens: dict[str, float] = field(default_factory=dict)
    token_requests: int = 0


def _unauthorized(error: str | None = None) -> Response:
    challenge = "Bearer" if error is None else f'Bearer error="{error}"'
    return Response(status_code=401, headers={"WWW-Authenticate": challenge})


def _bad_request(errors: Errors) -> JSONResponse:
    return JSONResponse(errors, status_code=400)


def _not_found(channel_id: str) -> JSONResponse:
    return JSONResponse(
        {"errorMessage": f"Service channel with id '{channel_id}' not found."}, status_code=404
    )


def _token_error(error: str, status_code: int = 400) -> JSONResponse:
    headers = {"WWW-Authenticate": "Basic"} if status_code == 401 else {}
    return JSONResponse({"error": error}, status_code=status_code, headers=headers)


def _basic_credentials(authorization: str | None) -> tuple[str, str] | None:
    scheme, _, encoded = (authorization or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        client_id, _, secret = base64.b64decode(encoded).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return client_id, secret


def _stored(body: dict[str, Any], channel_id: str) -> dict[str, Any]:
    """The channel as PTV answers it (V11VmOpenApiServiceLocationChannel): what was sent,
    with its id and type, without what only a write takes."""
    channel = {k: v for k, v in body.items() if k not in ("displayNameType", "services")}
    channel["id"] = channel_id
    channel["serviceChannelType"] = "ServiceLocation"
    channel["modified"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")
    return channel


def build_app(settings: PtvSimulatorSettings | None = None) -> FastAPI:
    config = settings or PtvSimulatorSettings.from_env()
    catalogue = Catalogue()
    app = FastAPI(title="PTV stand-in (Open API v11)", openapi_url="/swagger/v11/swagger.json")
    app.state.catalogue = catalogue
    app.state.settings = config

    def authorized(authorization: str | None) -> Response | None:
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            return _unauthorized()
        expires = catalogue.tokens.get(token)
        if expires is None or expires < time.monotonic():
            return _unauthorized("invalid_token")
        return None

    @app.get("/livez")
    async def livez() -> dict[str, str]:
        return {"status": "ok", "service": NAME}

    @app.get("/readyz")
    async def readyz() -> dict[str, str]:
        return {"status": "ok", "service": NAME}

    @app.post("/api/auth/connect/token")
    async def issue_token(
        request: Request, authorization: Annotated[str | None, Header()] = None
    ) -> Response:
        catalogue.token_requests += 1
        form = {
            k: v[0] for k, v in parse_qs((await request.body()).decode(errors="replace")).items()
        }
        grant_type = form.get("grant_type")
        if grant_type is None:
            return _token_error("invalid_request")
        if grant_type != "client_credentials":
            return _token_error("unsupported_grant_type")
        given = _basic_credentials(authorization) or (
            form.get("client_id"),
            form.get("client_secret"),
        )
        if given != (config.client_id, config.client_secret):
            return _token_error("invalid_client", 401)
        token = secrets.token_urlsafe(32)
        catalogue.tokens[token] = time.monotonic() + config.token_ttl_seconds
        return JSONResponse(
            {
                "access_token": token,
                "token_type": "Bearer",
                "expires_in": config.token_ttl_seconds,
            },
            headers={"Cache-Control": "no-store"},
        )

    async def body_of(request: Request) -> Any:
        try:
            return await request.json()
        except ValueError:
            return None

    def source_in_use(body: dict[str, Any], besides: str | None = None) -> bool:
        source_id, organization = body.get("sourceId"), body.get("organizationId")
        return source_id is not None and any(
            c.get("sourceId") == source_id
            and c.get("organizationId") == organization
            and c["id"] != besides
            for c in catalogue.channels.values()
        )

    @app.post(CHANNELS + "/ServiceLocation")
    async def create_service_location(
        request: Request, authorization: Annotated[str | None, Header()] = None
    ) -> Response:
        if refused := authorized(authorization):
            return refused
        body = await body_of(request)
        errors = service_location_errors(body, create=True, organizations=config.organizations)
        if errors:
            return _bad_request(errors)
        if source_in_use(body):
            return _bad_request(
                {"SourceId": [f"External source id '{body['sourceId']}' already exists."]}
            )
        channel_id = str(uuid.uuid4())
        catalogue.channels[channel_id] = _stored(body, channel_id)
        return JSONResponse(catalogue.channels[channel_id])

    def update(channel: dict[str, Any], body: Any) -> Response:
        errors = service_location_errors(body, create=False, organizations=config.organizations)
        if errors:
            return _bad_request(errors)
        merged = {**channel, **{k: v for k, v in body.items() if k != "id"}}
        merged.setdefault("organizationId", channel.get("organizationId"))
        if source_in_use(merged, besides=channel["id"]):
            return _bad_request(
                {"SourceId": [f"External source id '{merged['sourceId']}' already exists."]}
            )
        catalogue.channels[channel["id"]] = _stored(merged, channel["id"])
        return JSONResponse(catalogue.channels[channel["id"]])

    @app.put(CHANNELS + "/ServiceLocation/{channel_id}")
    async def update_service_location(
        channel_id: str, request: Request, authorization: Annotated[str | None, Header()] = None
    ) -> Response:
        if refused := authorized(authorization):
            return refused
        if not is_guid(channel_id):
            return _bad_request({"id": [GUID_MESSAGE]})
        channel = catalogue.channels.get(str(uuid.UUID(channel_id)))
        if channel is None:
            return _not_found(channel_id)
        return update(channel, await body_of(request))

    @app.put(CHANNELS + "/ServiceLocation/sourceId/{source_id}")
    async def update_service_location_by_source(
        source_id: str, request: Request, authorization: Annotated[str | None, Header()] = None
    ) -> Response:
        if refused := authorized(authorization):
            return refused
        found = [c for c in catalogue.channels.values() if c.get("sourceId") == source_id]
        if not found:
            return _not_found(source_id)
        return update(found[0], await body_of(request))

    def read(channel_id: str, *, published_only: bool) -> Response:
        if not is_guid(channel_id):
            return _bad_request({"id": [GUID_MESSAGE]})
        channel = catalogue.channels.get(str(uuid.UUID(channel_id)))
        if channel is None or (published_only and channel["publishingStatus"] != "Published"):
            return _not_found(channel_id)
        shown = dict(channel)
        if published_only:
            shown.pop("sourceId", None)  # PTV shows sourceId to a logged-in user only
        return JSONResponse(shown)

    @app.get(CHANNELS + "/active/{channel_id}")
    async def read_active_channel(
        channel_id: str, authorization: Annotated[str | None, Header()] = None
    ) -> Response:
        if refused := authorized(authorization):
            return refused
        return read(channel_id, published_only=False)

    @app.get(CHANNELS + "/{channel_id}")
    async def read_published_channel(channel_id: str) -> Response:
        return read(channel_id, published_only=True)

    return app

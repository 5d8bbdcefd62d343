"""The PTV adapter: PTV Open API v11's ServiceLocation channel writes (DOMAIN.md §6 [40]).

PTV (palvelutietovaranto, the Suomi.fi Finnish Service Catalogue) documents its API in
its swagger (`https://api.palvelutietovaranto.suomi.fi/swagger/v11/swagger.json`; the
generated client github.com/Tampere/ptv-php-client-v11 lists it, the controllers are in
github.com/vrk-kpa/ptv-releases):
- `POST /api/v11/ServiceChannel/ServiceLocation` creates a channel
  (`V11VmOpenApiServiceLocationChannelIn`) and answers 200 with it and its new `id`;
- `PUT /api/v11/ServiceChannel/ServiceLocation/{id}` updates one
  (`V11VmOpenApiServiceLocationChannelInBase`), and `.../sourceId/{sourceId}` by our id;
- a refusal is 400 with ASP.NET's model state (property → messages), an unknown channel
  404 `{"errorMessage": …}`, a missing or bad token 401 without a body.

Writes carry an OAuth2 bearer token got with the client-credentials grant (RFC 6749 §4.4)
from a configurable token endpoint; reads need none. PTV's swagger declares OAuth2 against
`https://palveluhallinta.suomi.fi/api/auth/connect/authorize`, so the default token
endpoint is its `connect/token` beside it. (PTV's integration guide also describes a
username-and-password login, `POST …/api/auth/api-login`, that answers a `serviceToken`:
an organisation given that kind of account puts a token from it in `--ptv-token`.)
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import httpx

DEFAULT_API_URL = "https://api.palvelutietovaranto.suomi.fi"
DEFAULT_TOKEN_URL = "https://palveluhallinta.suomi.fi/api/auth/connect/token"
SERVICE_LOCATION = "/api/v11/ServiceChannel/ServiceLocation"
# A token is renewed this long before PTV says it expires.
TOKEN_MARGIN_SECONDS = 30.0


class PtvError(Exception):
    """PTV (or its token endpoint) refused or could not be reached; the message is one line."""

    def __init__(
        self, reason: str, *, status: int | None = None, fields: dict[str, Any] | None = None
    ):
        super().__init__(reason)
        self.status = status
        self.fields = fields or {}


class PtvAuthError(PtvError):
    """No token: every write would fail the same way."""


@dataclass(frozen=True)
class PtvConfig:
    api_url: str = DEFAULT_API_URL
    token_url: str = DEFAULT_TOKEN_URL
    client_id: str | None = None
    client_secret: str | None = None
    access_token: str | None = None  # a token got elsewhere: used as it is, never renewed
    organization_id: str | None = None


def refusal(response: httpx.Response) -> PtvError:
    """PTV's error answer as one line: its model-state messages, its `errorMessage`, or the
    status (a 401/403 has no body)."""
    status = response.status_code
    try:
        body = response.json()
    except ValueError:
        body = None
    if status in (401, 403):
        challenge = response.headers.get("WWW-Authenticate", "")
        return PtvAuthError(
            f"PTV answered {status} to the token ({challenge or 'no reason'})", status=status
        )
    if isinstance(body, dict) and isinstance(body.get("errorMessage"), str):
        return PtvError(f"PTV answered {status}: {body['errorMessage']}", status=status)
    if isinstance(body, dict) and body and all(isinstance(v, list) for v in body.values()):
        listed = "; ".join(
            f"{key or 'body'}: {' '.join(map(str, messages))}" for key, messages in body.items()
        )
        return PtvError(f"PTV refused the channel ({status}): {listed}", status=status, fields=body)
    return PtvError(f"PTV answered {status} {response.reason_phrase}", status=status)


class PtvClient:
    """Creates and updates ServiceLocation channels; gets (and renews) its own token."""

    def __init__(self, config: PtvConfig, http: httpx.Client) -> None:
        self._config = config
        self._http = http
        self._token: str | None = config.access_token
        self._expires_at = float("inf") if config.access_token else 0.0

    def _bearer(self) -> str:
        if self._token is not None and time.monotonic() < self._expires_at:
            return self._token
        config = self._config
        if not config.client_id or not config.client_secret:
            raise PtvAuthError(
                "no PTV credentials: set PTV_CLIENT_ID and PTV_CLIENT_SECRET (or --client-id, "
                "--client-secret), or give a token in PTV_ACCESS_TOKEN"
            )
        try:
            # RFC 6749 §4.4.2, the client authenticating with HTTP Basic (§2.3.1).
            answer = self._http.post(
                config.token_url,
                data={"grant_type": "client_credentials"},
                auth=(config.client_id, config.client_secret),
            )
        except httpx.HTTPError as exc:
            raise PtvAuthError(
                f"PTV's token endpoint {config.token_url} did not answer: {exc}"
            ) from exc
        if answer.status_code != 200:
            try:
                error = answer.json().get("error", answer.reason_phrase)
            except (ValueError, AttributeError):
                error = answer.reason_phrase
            raise PtvAuthError(
                f"PTV's token endpoint refused the client credentials: {answer.status_code} {error}"
            )
        grant = answer.json()
        self._token = str(grant["access_token"])
        lifetime = float(grant.get("expires_in", 300))
        self._expires_at = time.monotonic() + max(lifetime - TOKEN_MARGIN_SECONDS, 1.0)
        return self._token

    def _write(self, method: str, path: str, channel: dict[str, Any]) -> dict[str, Any]:
        answer = self._send(method, path, channel)
        if answer.status_code == 401 and self._config.access_token is None:
            # A token PTV no longer takes (revoked, or its clock ahead of ours): one new one.
            self._token = None
            answer = self._send(method, path, channel)
        if answer.status_code != 200:
            raise refusal(answer)
        body: dict[str, Any] = answer.json()
        return body

    def _send(self, method: str, path: str, channel: dict[str, Any]) -> httpx.Response:
        url = self._config.api_url.rstrip("/") + path
        headers = {"Authorization": f"Bearer {self._bearer()}"}
        try:
            return self._http.request(method, url, json=channel, headers=headers)
        except httpx.HTTPError as exc:
            raise PtvError(f"PTV at {self._config.api_url} did not answer: {exc}") from exc

    def create(self, channel: dict[str, Any]) -> dict[str, Any]:
        return self._write("POST", SERVICE_LOCATION, channel)

    def update(self, ptv_id: str, channel: dict[str, Any]) -> dict[str, Any]:
        return self._write("PUT", f"{SERVICE_LOCATION}/{ptv_id}", channel)

    def update_by_source(self, source_id: str, channel: dict[str, Any]) -> dict[str, Any]:
        return self._write("PUT", f"{SERVICE_LOCATION}/sourceId/{source_id}", channel)

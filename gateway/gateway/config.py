"""Gateway settings, from `GATEWAY_*` variables (token settings from the shared `ALUE_*` ones)."""

from __future__ import annotations

import re
from functools import lru_cache

import httpx
from pydantic import Field, field_validator
from pydantic_settings import SettingsConfigDict

from gateway.ratelimit import Strategy, parse_limits
from servicekit.settings import AuthSettings

# A service name is one path segment on the gateway: /{name}/v1/...
_SERVICE_NAME = re.compile(r"^[a-z][a-z0-9-]{0,62}$")


class GatewaySettings(AuthSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore")

    # GATEWAY_SERVICES='{"areas": "http://127.0.0.1:8001"}'; the CLI fills it from the registry.
    services: dict[str, str] = Field(default_factory=dict)
    request_timeout_seconds: float = Field(5.0, gt=0)
    connect_timeout_seconds: float = Field(0.5, gt=0)
    readiness_timeout_seconds: float = Field(1.0, gt=0)
    max_connections: int = Field(100, ge=1)
    # The organisation plan's whole fan-out; each downstream call gets what is left of it.
    plan_deadline_seconds: float = Field(3.0, gt=0)
    # Ask every service for its OpenAPI document when the gateway starts (GET /openapi.json
    # merges them); a service that does not answer then is asked again later.
    openapi_fetch_at_startup: bool = True
    # The national overview's downstream calls in flight at once, over all its areas.
    overview_concurrency: int = Field(8, ge=1, le=100)
    # The national overview's whole fan-out: every area's rows, so longer than one plan's.
    overview_deadline_seconds: float = Field(10.0, gt=0)
    log_level: str = "INFO"
    # Requests per principal (gateway.ratelimit): generous, so that no person at work and
    # no test of the suite meets it; a deployment sets its own.
    rate_limit: str = "6000/minute"
    rate_limit_strategy: Strategy = "fixed-window"
    # memory:// counts per replica; several replicas share redis://host:6379 (or another
    # storage of the `limits` library).
    rate_limit_storage: str = "memory://"

    @field_validator("rate_limit")
    @classmethod
    def _check_rate_limit(cls, value: str) -> str:
        parse_limits(value)
        return value

    @field_validator("services")
    @classmethod
    def _check_services(cls, services: dict[str, str]) -> dict[str, str]:
        for name, base_url in services.items():
            if not _SERVICE_NAME.match(name):
                raise ValueError(f"service name '{name}' is not a lowercase path segment")
            url = httpx.URL(base_url)
            if url.scheme not in ("http", "https") or not url.host or url.query:
                raise ValueError(f"service '{name}' needs an http(s) base URL, got '{base_url}'")
        return {name: base_url.rstrip("/") for name, base_url in services.items()}


@lru_cache
def get_settings() -> GatewaySettings:
    return GatewaySettings()

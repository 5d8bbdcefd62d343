"""Settings read from the environment, one prefix per service.

Shared settings (the token verification ones) use the `ALUE_` prefix for every
service and the gateway; `<PREFIX>DATABASE_URL` falls back to `DATABASE_URL`.
"""

from __future__ import annotations

import os
from typing import Self

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Placeholder values that must never sign production tokens.
_UNSAFE_SECRETS = {"", "secret", "changeme", "change-me", "dev", "development"}


class AuthSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore")

    dev_mode: bool = Field(False, validation_alias=AliasChoices("ALUE_DEV_MODE"))
    jwt_secret: str = Field("", validation_alias=AliasChoices("ALUE_JWT_SECRET"))
    jwks_url: str | None = Field(None, validation_alias=AliasChoices("ALUE_JWKS_URL"))
    jwt_issuer: str = Field("alue", validation_alias=AliasChoices("ALUE_JWT_ISSUER"))
    jwt_audience: str = Field("alue", validation_alias=AliasChoices("ALUE_JWT_AUDIENCE"))
    jwks_cache_seconds: int = Field(300, validation_alias=AliasChoices("ALUE_JWKS_CACHE_SECONDS"))
    # The largest request body a route takes unless it declares its own (servicekit.bodies).
    max_body_bytes: int = Field(1024 * 1024, ge=1)

    @model_validator(mode="after")
    def _refuse_unsafe_secret(self) -> Self:
        unsafe = self.jwt_secret.strip().lower() in _UNSAFE_SECRETS or len(self.jwt_secret) < 32
        if self.jwks_url is None and not self.dev_mode and unsafe:
            raise ValueError(
                "ALUE_JWT_SECRET is empty, a placeholder or shorter than 32 characters; "
                "set a real secret, set ALUE_JWKS_URL, or set ALUE_DEV_MODE=true for local use"
            )
        return self


class ServiceSettings(AuthSettings):
    """Base for each service's settings class; subclasses set `env_prefix`."""

    model_config = SettingsConfigDict(extra="ignore")

    database_url: str | None = None
    # `<PREFIX>DB_POOL_SIZE`, else `ALUE_DB_POOL_SIZE` (every service's default), else 10.
    db_pool_size: int = Field(
        default_factory=lambda: int(os.environ.get("ALUE_DB_POOL_SIZE", "10")), gt=0
    )
    db_max_overflow: int = 0
    log_level: str = "INFO"
    # Below the gateway's wait for a /readyz (1 s): a frozen database answers 503, not silence.
    readiness_timeout_seconds: float = Field(0.8, gt=0)
    # Each connect to the database and each statement (servicekit.unavailable): a frozen
    # database answers a request 503 within twice this, inside the gateway's wait (5 s).
    # `<PREFIX>DB_TIMEOUT_SECONDS`, else `ALUE_DB_TIMEOUT_SECONDS`, else 2 s.
    db_timeout_seconds: float = Field(
        default_factory=lambda: float(os.environ.get("ALUE_DB_TIMEOUT_SECONDS", "2.0")), gt=0
    )
    # The other services this one may ask (servicekit.peers): name -> base URL, as JSON.
    services: dict[str, str] = Field(
        default_factory=dict, validation_alias=AliasChoices("ALUE_SERVICES")
    )
    # Each call to another service; well inside the gateway's own deadline for the caller.
    peer_timeout_seconds: float = Field(2.0, gt=0)

    @property
    def dsn(self) -> str:
        url = self.database_url or os.environ.get("DATABASE_URL")
        if not url:
            raise RuntimeError("no database configured: set DATABASE_URL")
        return url

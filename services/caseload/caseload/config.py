from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import SettingsConfigDict

from servicekit.settings import ServiceSettings

SCHEMA = "caseload"
DB_ROLE = "alue_caseload"
MIGRATIONS_DIR = Path(__file__).parent / "migrations"

# An X-Road identifier part: no slash, no whitespace (PR-REST: identifiers are path segments).
XROAD_PART = r"^[^/\s]+$"
XRoadPart = Annotated[str, Field(pattern=XROAD_PART, min_length=1, max_length=255)]


class KehaServices(BaseModel):
    """The platform's X-Road service codes (our contract: simulators/keha/openapi.yaml)."""

    model_config = ConfigDict(extra="forbid")

    customer_counts: XRoadPart = "customer-counts"
    staff_transfers: XRoadPart = "staff-transfers"
    plan_submissions: XRoadPart = "plan-submissions"


class KehaConnection(BaseModel):
    """How one area reaches the KEHA platform: through its own security server
    (`{security_server}/r1/{instance}/{member_class}/{member_code}/{subsystem}/{service}/...`,
    DOMAIN.md §6), as its own X-Road client subsystem, with its TLS client certificate."""

    model_config = ConfigDict(extra="forbid")

    security_server: Annotated[str, Field(pattern=r"^https?://", description="Base URL")]
    instance: XRoadPart = "FI"
    member_class: XRoadPart = "GOV"
    member_code: XRoadPart
    subsystem: XRoadPart
    # `X-Road-Client`: {instance}/{memberClass}/{memberCode}/{subsystem} of the area's own
    # subsystem.
    client: Annotated[str, Field(pattern=r"^[^/\s]+/[^/\s]+/[^/\s]+/[^/\s]+$")]
    # The area as the platform knows it; the area's id when not given.
    area_code: XRoadPart | None = None
    services: KehaServices = Field(default_factory=KehaServices)
    # TLS towards the security server: a client certificate and key (PEM files) and the CA
    # bundle to verify the server with (the system's when not given).
    cert_file: str | None = None
    key_file: str | None = None
    ca_bundle: str | None = None


class CaseloadSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CASELOAD_", extra="ignore")

    # JSON: area id -> its KehaConnection (CASELOAD_KEHA_AREAS).
    keha_areas: dict[str, KehaConnection] = Field(default_factory=dict)
    keha_timeout_seconds: float = Field(10.0, gt=0)
    # A read is tried this many times in all, on connect errors and 5xx answers.
    keha_retry_attempts: int = Field(4, ge=1, le=10)
    keha_retry_initial_seconds: float = Field(0.2, ge=0)
    keha_retry_max_seconds: float = Field(5.0, ge=0)
    # Calls a second to each of the platform's services, per security server.
    keha_rate_per_second: float = Field(10.0, gt=0)
    keha_page_size: int = Field(500, ge=1, le=1000)


@lru_cache
def get_settings() -> CaseloadSettings:
    return CaseloadSettings()

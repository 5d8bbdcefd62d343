"""An area's service lines and their caseload targets."""

from pydantic import BaseModel, ConfigDict, Field

from caseload.schemas.common import Name, ServiceLineKey
from caseload.vocabulary import MAX_TARGET


class ServiceLineWrite(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    key: ServiceLineKey
    name_fi: Name
    target_customers_per_fte: int | None = Field(
        None,
        ge=1,
        le=MAX_TARGET,
        description="At most this many customers per FTE; null or absent: no target",
    )


class ServiceLineRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    key: str
    name_fi: str
    target_customers_per_fte: int | None


class ServiceLinesState(BaseModel):
    """The area's lines as one representation: what their ETag is the hash of."""

    model_config = ConfigDict(from_attributes=True)

    service_lines: list[ServiceLineRead]

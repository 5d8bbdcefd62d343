"""The service inventory of an area (palvelukartoitus, plan §8)."""

import datetime as dt
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    ValidationInfo,
    field_validator,
    model_validator,
)

from partners.schemas.common import UNIQUE, IsoDate, MunicipalityCode, RowIdValue, Title, Unique
from partners.vocabulary import MAX_LIST, Channel, ServiceStatus, TargetGroup
from servicekit.fields import MultilineText


class PartnerProvider(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    partner_id: RowIdValue


class MunicipalityProvider(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    municipality_code: MunicipalityCode = Field(description="A member of the area")


Provider = PartnerProvider | MunicipalityProvider


class ServiceWrite(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    name: Title
    description: Annotated[MultilineText, Field(max_length=4000)] | None = None
    provider: Provider
    municipalities: Annotated[
        list[MunicipalityCode], Field(min_length=1, max_length=MAX_LIST), UNIQUE, Unique
    ] = Field(description="The member municipalities it reaches")
    target_groups: Annotated[
        list[Annotated[TargetGroup, Strict(False)]], Field(min_length=1), UNIQUE, Unique
    ] = Field(description="Whom it serves: the customer roles of plan §3.4")
    channels: Annotated[list[Annotated[Channel, Strict(False)]], UNIQUE, Unique] = Field(
        default_factory=list
    )
    status: Annotated[ServiceStatus, Strict(False)] = ServiceStatus.active
    valid_from: IsoDate | None = None
    valid_to: Annotated[IsoDate | None, Field(description="Last day")] = None

    @field_validator("valid_to")
    @classmethod
    def _ends_after_start(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("valid_from")
        if value is not None and start is not None and value < start:
            raise ValueError("must not be before valid_from")
        return value


def _provider_of(data: Any) -> Any:
    """A stored row (its two provider columns) as the `provider` the API answers."""

    def get(name: str) -> Any:
        return data.get(name) if isinstance(data, dict) else getattr(data, name, None)

    if get("provider") is not None:
        return data
    fields = {
        name: get(name)
        for name in ServiceRead.model_fields
        if name != "provider" and (isinstance(data, dict) or hasattr(data, name))
    }
    partner_id = get("provider_partner_id")
    fields["provider"] = (
        {"partner_id": partner_id}
        if partner_id is not None
        else {"municipality_code": get("provider_municipality_code")}
    )
    return fields


class PartnerProviderRead(BaseModel):
    partner_id: int


class MunicipalityProviderRead(BaseModel):
    municipality_code: str


class ServiceRead(BaseModel):
    id: int
    area_id: str
    name: str
    description: str | None
    provider: PartnerProviderRead | MunicipalityProviderRead
    municipalities: list[str]
    target_groups: list[TargetGroup]
    channels: list[Channel]
    status: ServiceStatus
    valid_from: dt.date | None
    valid_to: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @model_validator(mode="before")
    @classmethod
    def _from_row(cls, data: Any) -> Any:
        return _provider_of(data)

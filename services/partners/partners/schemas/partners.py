"""Partner organisations and the contacts an area keeps at them."""

import datetime as dt
import uuid
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, Strict, StringConstraints

from partners.schemas.common import UNIQUE, MunicipalityCodes, Name, Unique, Url
from partners.vocabulary import PartnerKind
from servicekit.fields import PlainText


class LocalizedName(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    fi: Name
    sv: Name | None = None
    en: Name | None = None


class PartnerWrite(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    name: LocalizedName
    kind: Annotated[PartnerKind, Strict(False)]
    municipalities: MunicipalityCodes = Field(
        default_factory=list, description="The municipalities it serves (codes)"
    )
    business_id: Annotated[PlainText, StringConstraints(max_length=20)] | None = Field(
        None,
        description="Y-tunnus, `1234567-1`, its check digit verified (422 says why not)",
        examples=["0000000-0"],
    )
    website: Url | None = None
    ptv_id: Annotated[uuid.UUID, Strict(False)] | None = Field(
        None, description="The organisation's id in the Suomi.fi Service Catalogue (PTV)"
    )
    provided_services: Annotated[list[Name], UNIQUE, Unique] = Field(
        default_factory=list,
        description="What it provides, in a few words each (searched with its name)",
        examples=[["nuorten työpaja", "etsivä nuorisotyö"]],
    )


class LocalizedNameRead(BaseModel):
    fi: str
    sv: str | None = None
    en: str | None = None


class PartnerRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: LocalizedNameRead
    kind: PartnerKind
    municipalities: list[str]
    business_id: str | None
    website: str | None
    ptv_id: uuid.UUID | None
    provided_services: list[str]
    created_at: dt.datetime
    updated_at: dt.datetime


Email = Annotated[
    PlainText,
    StringConstraints(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
    Field(examples=["etunimi.sukunimi@example.fi"]),
]
Phone = Annotated[
    str,
    StringConstraints(pattern=r"^\+?[0-9][0-9 ()-]{2,38}$"),
    Field(examples=["+358 40 123 4567"]),
]


class ContactWrite(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    name: Name
    role: Name | None = None
    email: Email | None = None
    phone: Phone | None = None


class ContactRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    area_id: str
    partner_id: int
    name: str
    role: str | None
    email: str | None
    phone: str | None
    created_at: dt.datetime
    updated_at: dt.datetime

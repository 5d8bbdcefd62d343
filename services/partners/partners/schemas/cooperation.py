"""Cooperation arrangements of an area (plan §5, §5.1)."""

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, Strict, ValidationInfo, field_validator

from partners.schemas.common import (
    UNIQUE,
    AreaIdValue,
    IsoDate,
    MunicipalityCodes,
    PartnerIds,
    Title,
    Unique,
    Url,
)
from partners.vocabulary import CooperationKind, Theme
from servicekit.fields import MultilineText

Themes = Annotated[list[Annotated[Theme, Strict(False)]], UNIQUE, Unique]


class DocumentLink(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    title: Title | None = None
    url: Url


class CooperationWrite(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    kind: Annotated[CooperationKind, Strict(False)]
    title: Title
    themes: Themes = Field(default_factory=list)
    partner_ids: PartnerIds = Field(default_factory=list, description="Partners involved")
    area_ids: Annotated[list[AreaIdValue], UNIQUE, Unique] = Field(
        default_factory=list, description="Other employment areas involved (their ids)"
    )
    municipality_codes: MunicipalityCodes = Field(
        default_factory=list, description="Municipalities party to it (a letter of intent)"
    )
    valid_from: IsoDate
    valid_to: Annotated[IsoDate | None, Field(description="Last day")] = None
    documents: Annotated[list[DocumentLink], Field(max_length=50)] = Field(default_factory=list)
    note: Annotated[MultilineText, Field(max_length=4000)] | None = None

    @field_validator("valid_to")
    @classmethod
    def _ends_after_start(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("valid_from")
        if value is not None and start is not None and value < start:
            raise ValueError("must not be before valid_from")
        return value


class DocumentLinkRead(BaseModel):
    title: str | None
    url: str


class CooperationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    area_id: str
    kind: CooperationKind
    title: str
    themes: list[Theme]
    partner_ids: list[int]
    area_ids: list[str]
    municipality_codes: list[str]
    valid_from: dt.date
    valid_to: dt.date | None
    documents: list[DocumentLinkRead]
    note: str | None
    created_at: dt.datetime
    updated_at: dt.datetime

"""Projects of an area."""

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, Strict, ValidationInfo, field_validator

from partners.schemas.common import EuroText, IsoDate, Name, PartnerIds, RowIdValue, Title
from partners.schemas.cooperation import Themes
from partners.vocabulary import ProjectStatus, Theme
from servicekit.fields import MultilineText


class ProjectWrite(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    name: Title
    funder: Name | None = Field(None, description="The funding as named", examples=["AKKE"])
    funder_partner_id: RowIdValue | None = Field(None, description="The partner granting it")
    amount_eur: EuroText | None = None
    start_date: IsoDate | None = None
    end_date: Annotated[IsoDate | None, Field(description="Last day")] = None
    partner_ids: PartnerIds = Field(default_factory=list)
    themes: Themes = Field(default_factory=list)
    status: Annotated[ProjectStatus, Strict(False)]
    note: Annotated[MultilineText, Field(max_length=4000)] | None = None

    @field_validator("end_date")
    @classmethod
    def _ends_after_start(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("start_date")
        if value is not None and start is not None and value < start:
            raise ValueError("must not be before start_date")
        return value


class ProjectRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    area_id: str
    name: str
    funder: str | None
    funder_partner_id: int | None
    amount_eur: EuroText | None
    start_date: dt.date | None
    end_date: dt.date | None
    partner_ids: list[int]
    themes: list[Theme]
    status: ProjectStatus
    note: str | None
    created_at: dt.datetime
    updated_at: dt.datetime

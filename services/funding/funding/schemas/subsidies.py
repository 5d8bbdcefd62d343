"""An area's subsidies and contributions for a year: request and response models."""

import uuid
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from funding.schemas.common import EuroInput, EuroText, MunicipalityCode
from funding.vocabulary import SubsidyKind
from servicekit.fields import PlainText

MAX_SUBSIDY_ROWS = 2000


class SubsidyWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    municipality_code: MunicipalityCode
    te_subsidy_eur: EuroInput
    kind: SubsidyKind
    source: Annotated[
        PlainText,
        StringConstraints(min_length=1, max_length=1000),
        Field(description="Where the figure comes from (a calculation, a decision, an estimate)"),
    ]
    allocation_id: uuid.UUID | None = Field(
        None, description="The allocation run it was taken from, if any (of the same year)"
    )


class SubsidiesPut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    subsidies: Annotated[list[SubsidyWrite], Field(max_length=MAX_SUBSIDY_ROWS)]


class SubsidyRead(BaseModel):
    municipality_code: str
    te_subsidy_eur: EuroText
    kind: SubsidyKind
    source: str
    allocation_id: uuid.UUID | None


class ContributionRead(BaseModel):
    municipality_code: str
    contribution_eur: EuroText
    kind: SubsidyKind = Field(description="final where both kinds exist (plan §2.1)")


class SubsidiesRead(BaseModel):
    area_id: str
    year: int
    subsidies: list[SubsidyRead]
    contributions: list[ContributionRead] = Field(
        description="Each member's yearly contribution: its TE state subsidy (plan §2.1)"
    )
    contributions_total_eur: EuroText


class SubsidySetTag(BaseModel):
    """What the ETag of an area's subsidies for a year is made of: its revision."""

    model_config = ConfigDict(from_attributes=True)

    area_id: str
    year: int
    revision: int

"""Plan records, narrative sections and published snapshots: request and response models."""

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from areas.rules.plans import PlanStatus
from areas.vocabulary import PLAN_YEARS, SectionLanguage
from servicekit.fields import MultilineText, PlainText

Title = Annotated[PlainText, StringConstraints(min_length=1, max_length=200)]


class PlanCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    year: Annotated[
        int, Field(ge=PLAN_YEARS[0], le=PLAN_YEARS[1], description="The year the plan is for")
    ]
    title: Title


class PlanRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    area_id: str
    year: int
    title: str
    status: PlanStatus
    created_at: dt.datetime
    updated_at: dt.datetime


class PlanTransition(BaseModel):
    """Moves the plan to its next status: draft -> submitted -> approved."""

    model_config = ConfigDict(extra="forbid")

    to: PlanStatus


class SectionPut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Title
    body: Annotated[MultilineText, Field(max_length=100_000, description="Markdown")]
    language: SectionLanguage


class SectionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    plan_id: int
    key: str
    title: str
    body: str
    language: SectionLanguage
    created_at: dt.datetime
    updated_at: dt.datetime


class PlanWithSectionsRead(PlanRead):
    """A plan record with all its narrative sections, in the order they were created."""

    sections: list[SectionRead]


class SnapshotCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    document: Annotated[
        dict[str, Any], Field(description="The JSON object to publish; stored as given, forever")
    ]


class SnapshotSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    plan_id: int
    version: int
    sha256: Annotated[str, Field(description="SHA-256 (hex) of the canonical JSON document")]
    plan_status: PlanStatus
    created_by: str
    created_at: dt.datetime


class SnapshotRead(SnapshotSummary):
    document: dict[str, Any] = Field(description="The published JSON object, as stored")

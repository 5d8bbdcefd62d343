"""Requests and answers of the KEHA import and the plan submission."""

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from caseload.vocabulary import MONTH_PATTERN, YEARS


class KehaImportWhat(StrEnum):
    customers = "customers"
    staff = "staff"


class KehaImportCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_month: Annotated[
        str, Field(alias="from", pattern=MONTH_PATTERN, description="YYYY-MM, inclusive")
    ]
    to_month: Annotated[
        str, Field(alias="to", pattern=MONTH_PATTERN, description="YYYY-MM, inclusive")
    ]
    what: KehaImportWhat | None = Field(
        None,
        description="Customer counts or the staff transfer list (positions starting in the "
        "range); both when not given",
    )


class RejectionRead(BaseModel):
    item: str = Field(description="The month (customers) or the platform's position id (staff)")
    reasons: list[str]


class ImportCountsRead(BaseModel):
    """Months of customer counts, or positions: how many were new, changed, unchanged and
    rejected (with the reasons; nothing of a rejected one is written)."""

    model_config = ConfigDict(from_attributes=True)

    new: int
    changed: int
    unchanged: int
    rejected: int
    rejections: list[RejectionRead]


class KehaImportRead(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    area_id: str
    from_month: str = Field(serialization_alias="from")
    to_month: str = Field(serialization_alias="to")
    customers: ImportCountsRead | None = Field(description="Null when not imported")
    staff: ImportCountsRead | None = Field(description="Null when not imported")


class KehaSubmissionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    year: Annotated[int, Field(ge=YEARS[0], le=YEARS[1], description="The plan record's year")]
    version: Annotated[int, Field(ge=1, le=2_147_483_647, description="The published version")]


class KehaSubmissionRead(BaseModel):
    area_id: str
    year: int
    version: int
    sha256: str
    submission_id: str = Field(description="The national platform's id of the submission")
    received_at: dt.datetime
    replayed: bool = Field(description="True when the platform had it already (same key)")
    idempotency_key: str

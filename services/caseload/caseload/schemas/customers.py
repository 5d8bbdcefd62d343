"""Customer counts of a month by municipality, service line and segment."""

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, Strict, StringConstraints

from caseload.schemas.common import MonthRead, MunicipalityCode, ServiceLineKey
from caseload.vocabulary import MAX_CUSTOMERS, Segment
from servicekit.fields import PlainText

MAX_ROWS = 20_000


class CustomerCountWrite(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    municipality_code: MunicipalityCode
    service_line: ServiceLineKey
    segment: Annotated[Segment, Strict(False)] = Field(
        description="`all`: the line's total; the others are parts of it"
    )
    customers: int = Field(ge=0, le=MAX_CUSTOMERS)


class CustomerMonthWrite(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    counts: list[CustomerCountWrite] = Field(max_length=MAX_ROWS)
    source: Annotated[PlainText, StringConstraints(min_length=1, max_length=2000)] | None = Field(
        None, description="Where the counts come from; for an estimate, how it was made"
    )
    is_estimate: bool = Field(False, description="True when no source gives the counts as such")


class CustomerCountRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    municipality_code: str
    service_line: str
    segment: Segment
    customers: int


class CustomerMonthRead(BaseModel):
    """A month's counts, ordered by municipality, service line and segment."""

    model_config = ConfigDict(from_attributes=True)

    area_id: str
    month: MonthRead
    source: str | None
    is_estimate: bool
    counts: list[CustomerCountRead]
    updated_at: dt.datetime

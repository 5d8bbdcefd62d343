"""Opening hours: weekly rules and dated exceptions, and what they give."""

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from offices.schemas.common import BoundedDate
from offices.vocabulary import (
    CLOSING_TIME_PATTERN,
    MAX_EXCEPTIONS,
    MAX_WEEKLY_RULES,
    TIME_PATTERN,
)

OpeningClock = Annotated[
    str,
    StringConstraints(pattern=TIME_PATTERN),
    Field(description="HH:MM, local time (Europe/Helsinki)", examples=["08:00"]),
]
ClosingClock = Annotated[
    str,
    StringConstraints(pattern=CLOSING_TIME_PATTERN),
    Field(description="HH:MM, local time; 24:00 is the end of the day", examples=["16:00"]),
]


class WeeklyHours(BaseModel):
    model_config = ConfigDict(extra="forbid")

    weekday: int = Field(ge=1, le=7, description="ISO weekday: 1 = Monday ... 7 = Sunday")
    opens: OpeningClock
    closes: ClosingClock


class HoursException(BaseModel):
    """A date whose hours differ from the weekly rules: closed, or its own ranges (one
    entry per range)."""

    model_config = ConfigDict(extra="forbid")

    date: BoundedDate
    closed: bool
    opens: OpeningClock | None = None
    closes: ClosingClock | None = None


class OfficeHoursWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    weekly: list[WeeklyHours] = Field(default_factory=list, max_length=MAX_WEEKLY_RULES)
    exceptions: list[HoursException] = Field(default_factory=list, max_length=MAX_EXCEPTIONS)


class OfficeHoursRead(BaseModel):
    """The rules, weekly ones by weekday and opening, exceptions by date and opening."""

    model_config = ConfigDict(from_attributes=True)

    office_id: int
    weekly: list[WeeklyHours]
    exceptions: list[HoursException]


class OpeningTimeRead(BaseModel):
    date: dt.date = Field(description="The local date the opening belongs to")
    opens: dt.datetime = Field(description="With the UTC offset of its date")
    closes: dt.datetime
    exception: bool = Field(description="Given by an exception for the date, not the week")


class OpeningTimes(BaseModel):
    """The concrete openings from `from` to `to` (local dates, both included)."""

    model_config = ConfigDict(populate_by_name=True)

    office_id: int
    from_: dt.date = Field(alias="from")
    to: dt.date
    time_zone: str = Field(
        description="The zone the rules are read in", examples=["Europe/Helsinki"]
    )
    times: list[OpeningTimeRead]


class OpenState(BaseModel):
    office_id: int
    at: dt.datetime
    open: bool
    next_change: dt.datetime | None = Field(
        description="When `open` next changes, in Finnish time; null when not within a year"
    )

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from areas.indicators import Indicator
from areas.rules.periods import PERIOD_PATTERN
from areas.schemas.municipalities import MunicipalityCode
from servicekit.fields import HttpUrlText, PlainText, Timestamp

Period = Annotated[
    str,
    StringConstraints(pattern=PERIOD_PATTERN),
    Field(
        description="A month `YYYY-MM` or a year `YYYY`; a year counts as its December "
        "when periods are compared",
        examples=["2023-06", "2023"],
    ),
]
MAX_BULK_ROWS = 100_000


class StatisticWrite(BaseModel):
    # Strict: "12" is no number and "true" no boolean; only the date-time is parsed from text.
    model_config = ConfigDict(extra="forbid", strict=True)

    municipality_code: MunicipalityCode
    indicator: Indicator
    period: Period
    # A count of persons, workplaces or companies: stored with two decimals; a trillion is
    # far above any real figure and well inside the column (numeric(16, 2)).
    value: float = Field(ge=0, le=1e12, allow_inf_nan=False)
    unit: Annotated[PlainText, StringConstraints(min_length=1, max_length=40)] = Field(
        examples=["persons"]
    )
    source: Annotated[PlainText, StringConstraints(min_length=1, max_length=2000)] = Field(
        description="Where the figure comes from; for an estimate, how it was made"
    )
    source_url: Annotated[HttpUrlText, StringConstraints(max_length=2000)] | None = None
    is_estimate: bool = Field(description="True when no source gives the figure as such")
    retrieved_at: Timestamp | None = Field(
        None, description="When the figure was taken from its source; default: this request's time"
    )


class StatisticsBulkWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    statistics: list[StatisticWrite] = Field(min_length=1, max_length=MAX_BULK_ROWS)


class StatisticsWritten(BaseModel):
    written: int = Field(description="Rows inserted or updated")


class StatisticRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    municipality_code: str
    indicator: str
    period: str
    value: float
    unit: str
    source: str
    source_url: str | None
    is_estimate: bool
    retrieved_at: dt.datetime

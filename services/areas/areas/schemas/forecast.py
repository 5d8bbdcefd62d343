from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, JsonValue, model_validator
from pydantic.config import JsonDict

from areas.rules.forecast import (
    DEFAULT_HORIZON_YEARS,
    PLAN_ANNUAL_RATES,
    LabourForceForecast,
    RateForecast,
)
from areas.schemas.areas import AreaId, IsoDate
from areas.schemas.eligibility import (
    MAX_MUNICIPALITIES,
    UNIQUE_ITEMS,
    LabourForceFigureRead,
    Threshold,
)
from areas.schemas.municipalities import MunicipalityCode
from areas.schemas.statistics import Period

# A rate of -1 or below would leave no labour force at all: not a forecast.
AnnualRate = Annotated[float, Field(ge=-0.99, le=1.0, allow_inf_nan=False)]


def _given(name: str, json_type: str) -> JsonDict:
    """JSON Schema: the member `name` is present and not null."""
    return {"required": [name], "properties": {name: {"type": json_type}}}


# The rule of `_one_subject` below, for clients: exactly one of the two subjects, and `on`
# only with an area. Each branch excludes the other, so exactly one can match.
ONE_SUBJECT: list[JsonValue] = [
    {
        "title": "municipalities",
        "allOf": [
            _given("municipality_codes", "array"),
            {"not": _given("area_id", "string")},
            {"not": _given("on", "string")},
        ],
    },
    {
        "title": "area",
        "allOf": [_given("area_id", "string"), {"not": _given("municipality_codes", "array")}],
    },
]


class ForecastRequest(BaseModel):
    """Either `municipality_codes` (a what-if set) or `area_id` (its members on `on`)."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={
            "oneOf": ONE_SUBJECT,
            "examples": [
                {"municipality_codes": ["005", "010", "233"], "annual_rates": [-0.012, -0.02]},
                {"area_id": "kymppi", "on": "2025-06-01", "horizon_years": 15},
            ],
        },
    )

    municipality_codes: list[MunicipalityCode] | None = Field(
        None, min_length=1, max_length=MAX_MUNICIPALITIES, json_schema_extra=UNIQUE_ITEMS
    )
    area_id: AreaId | None = Field(None, description="An employment area readable by the caller")
    on: IsoDate | None = Field(
        None,
        strict=False,
        description="With area_id: the members on this date (default: today in Finland)",
    )
    as_of: Period | None = Field(
        None, description="Start from each member's latest figure at or before this period"
    )
    annual_rates: list[AnnualRate] = Field(
        default_factory=lambda: list(PLAN_ANNUAL_RATES),
        min_length=1,
        max_length=20,
        description="Compound yearly rates of change, e.g. -0.012 for -1.2 % a year "
        "(default: the plan's range, §1.2)",
    )
    horizon_years: int = Field(DEFAULT_HORIZON_YEARS, ge=1, le=100)
    threshold: int = Threshold

    @model_validator(mode="after")
    def _one_subject(self) -> Self:
        if (self.municipality_codes is None) == (self.area_id is None):
            raise ValueError("give either municipality_codes or area_id, not both or neither")
        if self.on is not None and self.area_id is None:
            raise ValueError("on applies only with area_id")
        return self


class YearPointRead(BaseModel):
    years_from_base: int
    year: int
    labour_force: int = Field(description="Rounded to whole persons for display only")


class RateForecastRead(BaseModel):
    annual_rate: float
    years_until_below: int | None = Field(
        description="The smallest n with L(n) < threshold; null if none within the horizon"
    )
    first_year_below: int | None = Field(description="base_year + years_until_below")
    trajectory: list[YearPointRead]

    @classmethod
    def of(cls, forecast: RateForecast) -> "RateForecastRead":
        return cls(
            annual_rate=forecast.annual_rate,
            years_until_below=forecast.years_until_below,
            first_year_below=forecast.first_year_below,
            trajectory=[
                YearPointRead(
                    years_from_base=p.years_from_base,
                    year=p.year,
                    labour_force=p.labour_force_rounded,
                )
                for p in forecast.trajectory
            ],
        )


class ForecastRead(BaseModel):
    municipality_codes: list[str]
    as_of: str | None
    threshold: int
    horizon_years: int
    base_period: str = Field(description="The latest period among the members' figures")
    base_year: int
    base_labour_force: float = Field(description="L0: the sum of the members' figures")
    figures: list[LabourForceFigureRead]
    forecasts: list[RateForecastRead]

    @classmethod
    def of(cls, forecast: LabourForceForecast) -> "ForecastRead":
        return cls(
            municipality_codes=list(forecast.municipality_codes),
            as_of=forecast.as_of,
            threshold=forecast.threshold,
            horizon_years=forecast.horizon_years,
            base_period=forecast.base_period,
            base_year=forecast.base_year,
            base_labour_force=float(forecast.base_labour_force),
            figures=[LabourForceFigureRead.of(f) for f in forecast.figures],
            forecasts=[RateForecastRead.of(f) for f in forecast.forecasts],
        )

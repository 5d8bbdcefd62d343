"""Structural-change scenarios and their results."""

import datetime as dt
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from caseload.schemas.common import (
    EuroAmount,
    EuroText,
    MonthRead,
    MonthText,
    MunicipalityCode,
    Name,
    ServiceLineKey,
)
from caseload.vocabulary import MAX_CUSTOMERS, MAX_TARGET
from servicekit.fields import MultilineText

MAX_CHANGES = 500


class ScenarioChangeWrite(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    municipality_code: MunicipalityCode
    service_line: ServiceLineKey
    customers: int = Field(
        ge=-MAX_CUSTOMERS, le=MAX_CUSTOMERS, description="Customers added (negative: fewer)"
    )
    from_month: MonthText
    to_month: MonthText | None = Field(None, description="Last month; null: to the horizon")

    @field_validator("to_month")
    @classmethod
    def _not_before_from(cls, value: str | None, info: ValidationInfo) -> str | None:
        start = info.data.get("from_month")
        if value is not None and start is not None and value < start:
            raise ValueError("must not be before from_month")
        return value


class ScenarioCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    name: Name
    note: Annotated[MultilineText, StringConstraints(max_length=5000)] | None = Field(
        None, description="What the scenario assumes, and where its figures come from"
    )
    base_month: MonthText = Field(description="The month whose customers are the baseline")
    months: int = Field(ge=1, le=36, description="The horizon, from base_month on")
    changes: list[ScenarioChangeWrite] = Field(max_length=MAX_CHANGES)
    annual_cost_per_fte_eur: EuroText
    uniform_target: int | None = Field(
        None, ge=1, le=MAX_TARGET, description="Also check all customers at this one target"
    )


class ScenarioChangeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    municipality_code: str
    service_line: str
    customers: int
    from_month: MonthRead
    to_month: MonthRead | None


class ScenarioRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    area_id: str
    name: str
    note: str | None
    base_month: MonthRead
    months: int
    changes: list[ScenarioChangeRead]
    annual_cost_per_fte_eur: EuroAmount
    uniform_target: int | None
    created_by: str
    created_at: dt.datetime


class ScenarioSummary(BaseModel):
    """A scenario in a list: its changes are in the scenario itself."""

    id: int
    area_id: str
    name: str
    base_month: MonthRead
    months: int
    annual_cost_per_fte_eur: EuroAmount
    uniform_target: int | None
    created_at: dt.datetime


class ScenarioLineRead(BaseModel):
    service_line: str
    baseline_customers: int
    customers: int
    target: int | None
    baseline_fte_needed: float | None
    fte_needed: float | None
    fte: float = Field(description="The line's customer-service FTE in the month")
    fte_gap: float | None = Field(description="fte - fte_needed: negative is a shortage")
    cost_eur: EuroAmount = Field(description="Closing the shortage for the month")


class ScenarioTotalsRead(BaseModel):
    baseline_customers: int
    customers: int
    baseline_fte_needed: float
    fte_needed: float
    fte: float
    cost_eur: EuroAmount


class ScenarioUniformRead(BaseModel):
    target: int
    baseline_customers: int
    customers: int
    baseline_fte_needed: float
    fte_needed: float
    fte: float
    fte_gap: float
    cost_eur: EuroAmount


class ScenarioMonthRead(BaseModel):
    month: MonthRead
    lines: list[ScenarioLineRead]
    totals: ScenarioTotalsRead
    uniform: ScenarioUniformRead | None


class ScenarioResultRead(BaseModel):
    scenario_id: int
    area_id: str
    name: str
    base_month: MonthRead
    months: int
    annual_cost_per_fte_eur: EuroAmount
    uniform_target: int | None
    monthly: list[ScenarioMonthRead]
    total_cost_eur: EuroAmount = Field(description="The lines' monthly costs added up, exactly")
    uniform_total_cost_eur: EuroAmount | None = Field(
        description="The uniform check's monthly costs added up; null without uniform_target"
    )

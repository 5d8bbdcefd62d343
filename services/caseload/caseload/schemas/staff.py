"""Staff positions and the staff summary."""

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, Strict, ValidationInfo, field_validator

from caseload.schemas.common import BoundedDate, Fte, Name, ServiceLineKey
from caseload.vocabulary import INT4_MAX, StaffFunction, StaffOrigin

OfficeId = Annotated[
    int,
    Field(
        ge=1,
        le=INT4_MAX,
        description="An office of the offices service, by its id (checked there once that "
        "service is configured)",
    ),
]


class StaffPositionWrite(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    fte: Fte
    function: Annotated[StaffFunction, Strict(False)]
    service_line: ServiceLineKey | None = Field(
        None,
        validate_default=True,
        description="The line a customer-service position works in; required for "
        "customer service, absent for the other functions",
    )
    office_id: OfficeId | None = None
    origin: Annotated[StaffOrigin, Strict(False)]
    start_date: Annotated[BoundedDate, Field(strict=False)]
    end_date: Annotated[BoundedDate | None, Field(strict=False, description="Last day")] = None
    title: Name
    name: Name | None = Field(
        None, description="Optional; shown only to those who may write the area's data"
    )

    @field_validator("service_line")
    @classmethod
    def _line_for_customer_service(cls, value: str | None, info: ValidationInfo) -> str | None:
        function = info.data.get("function")
        if function == StaffFunction.customer_service and value is None:
            raise ValueError("required for a customer-service position")
        if function is not None and function != StaffFunction.customer_service and value:
            raise ValueError("only customer-service positions work in a service line")
        return value

    @field_validator("end_date")
    @classmethod
    def _ends_after_start(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("start_date")
        if value is not None and start is not None and value < start:
            raise ValueError("must not be before start_date")
        return value


class StaffPositionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    area_id: str
    fte: float
    function: StaffFunction
    service_line: str | None
    office_id: int | None
    origin: Annotated[StaffOrigin, Strict(False)]
    start_date: dt.date
    end_date: dt.date | None
    title: str
    name: str | None = Field(description="null when none is stored or the caller may not see it")
    created_at: dt.datetime
    updated_at: dt.datetime


class FunctionFte(BaseModel):
    function: StaffFunction
    positions: int
    fte: float


class OriginFte(BaseModel):
    origin: StaffOrigin
    positions: int
    fte: float


class ServiceLineFte(BaseModel):
    service_line: str
    positions: int
    fte: float


class OfficeFte(BaseModel):
    office_id: int | None = Field(description="null: positions with no office recorded")
    positions: int
    fte: float


class StaffSummary(BaseModel):
    """The positions active on `on` and their FTE, added up four ways."""

    area_id: str
    on: dt.date
    positions: int
    fte: float
    by_function: list[FunctionFte]
    by_origin: list[OriginFte]
    by_service_line: list[ServiceLineFte]
    by_office: list[OfficeFte]

"""Leases of premises, their notice dates and the area's rents."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, model_validator

from offices.rules.notice import LeaseTerms, LeaseType
from offices.schemas.common import BoundedDate, EuroInput, EuroText, Name, Note, column_getter
from offices.vocabulary import MAX_AREA_M2, MAX_NOTICE_MONTHS

AreaM2 = Annotated[
    Decimal,
    Field(gt=0, le=MAX_AREA_M2, decimal_places=1, description="Square metres, one decimal"),
    PlainSerializer(float, return_type=float),
]


class LeaseWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    landlord: Name
    start_date: BoundedDate
    end_date: BoundedDate | None = Field(
        None, description="The last day of a fixed term; null: until further notice"
    )
    tenant_notice_months: int | None = Field(
        None,
        ge=0,
        le=MAX_NOTICE_MONTHS,
        description="The tenant's agreed notice period. Null: the act's 1 month for a lease "
        "until further notice; for a fixed-term lease, no right to give notice",
    )
    rent_eur_month: EuroInput
    area_m2: AreaM2 | None = None
    indexation: Note | None = Field(None, examples=["Elinkustannusindeksi, tarkistus 1.1."])
    note: Note | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end_date is not None and self.end_date < self.start_date:
            raise ValueError("end_date must not be before start_date")
        return self


class LeaseRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    office_id: int
    area_id: str
    landlord: str
    start_date: dt.date
    end_date: dt.date | None
    lease_type: LeaseType
    tenant_notice_months: int | None
    notice_months: int | None = Field(
        description="The period notice takes: the agreed one, else the act's (1 month); "
        "null for a fixed term the tenant cannot end by notice"
    )
    rent_eur_month: EuroText
    area_m2: AreaM2 | None
    indexation: str | None
    note: str | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @model_validator(mode="before")
    @classmethod
    def _derived(cls, data: Any) -> Any:
        if isinstance(data, dict) and "lease_type" in data:
            return data
        column = column_getter(data)
        fields = {name: column(name) for name in cls.model_fields}
        terms = terms_of(data)
        fields["lease_type"] = terms.lease_type
        fields["notice_months"] = terms.notice_months
        return fields


def terms_of(lease: Any) -> LeaseTerms:
    """The terms the notice rules read, of a lease row or object."""
    column = column_getter(lease)
    return LeaseTerms(column("start_date"), column("end_date"), column("tenant_notice_months"))


class NoticeRead(BaseModel):
    """`end_by` asked: `notice_by` is the last day to give notice so that the lease ends by
    then, `ends_on` the end that notice gives. `given_on` asked: `ends_on` is the end of
    notice given that day. A fixed-term lease that ends by itself first answers its own
    end with `notice_by` null."""

    lease_id: int
    lease_type: LeaseType
    notice_applies: bool = Field(description="Whether the tenant can end the lease by notice")
    notice_months: int | None
    end_date: dt.date | None
    end_by: dt.date | None
    given_on: dt.date | None
    notice_by: dt.date | None
    ends_on: dt.date
    rule: str


class UpcomingNotice(BaseModel):
    lease_id: int
    office_id: int
    office_name_fi: str
    municipality_code: str
    landlord: str
    lease_type: LeaseType
    notice_applies: bool
    notice_months: int | None
    rent_eur_month: EuroText
    end_by: dt.date = Field(description="The end the deadline is for")
    notice_by: dt.date | None = Field(description="The last day to give notice for it")
    ends_on: dt.date = Field(description="The day the lease ends then")
    deadline: dt.date = Field(
        description="`notice_by`, or for a term that ends by itself its last day"
    )
    days_left: int = Field(description="Days from `today` to `deadline`")


class UpcomingNotices(BaseModel):
    area_id: str
    today: dt.date
    within_days: int
    end_by: dt.date | None = Field(
        description="The end asked for; null: each lease's next year end (31 December) "
        "whose notice day has not passed"
    )
    items: list[UpcomingNotice]


class MonthRentRead(BaseModel):
    month: str
    days: int
    days_in_month: int
    eur: EuroText


class LeaseCost(BaseModel):
    lease_id: int
    landlord: str
    rent_eur_month: EuroText
    total_eur: EuroText
    months: list[MonthRentRead]


class OfficeCost(BaseModel):
    office_id: int
    office_name_fi: str
    municipality_code: str
    kind: str
    total_eur: EuroText
    leases: list[LeaseCost]


class PremisesCosts(BaseModel):
    """Rents for the year, by office and in total (plan §2.1's budget, premises line)."""

    area_id: str
    year: int
    total_eur: EuroText
    offices: list[OfficeCost]

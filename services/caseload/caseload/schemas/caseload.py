"""The caseload analysis of a month: each line against its target, the area's totals, FTE by
office, the customer structure by segment, the 12-month trend and the plan's uniform check."""

from pydantic import BaseModel, Field

from caseload.schemas.common import MonthRead
from caseload.vocabulary import CaseloadStatus, Segment


class LineLoadRead(BaseModel):
    service_line: str
    name_fi: str
    customers: int = Field(description="Segment all: the line's customers in the month")
    fte: float = Field(description="Customer-service FTE, weighted by the days active")
    customers_per_fte: float | None = Field(description="null without staff")
    target: int | None = Field(description="Customers per FTE at most; null: no target")
    fte_needed: float | None = Field(description="customers / target, 2 decimals, half up")
    fte_gap: float | None = Field(description="fte - fte_needed: negative is a shortage")
    status: CaseloadStatus


class TotalsRead(BaseModel):
    customers: int
    fte: float = Field(description="The lines' FTE added up")
    fte_needed: float = Field(description="The FTE needed of the lines with a target, added up")


class OfficeLineRead(BaseModel):
    service_line: str
    fte: float


class OfficeLoadRead(BaseModel):
    office_id: int
    fte: float
    lines: list[OfficeLineRead]


class SegmentRead(BaseModel):
    segment: Segment
    customers: int


class TrendPointRead(BaseModel):
    month: MonthRead
    customers: int | None = Field(description="null: no counts recorded for the month")
    fte: float
    fte_needed: float | None


class UniformRead(BaseModel):
    target: int
    customers: int = Field(description="All the area's customers (segment all, every line)")
    fte_needed: float
    fte: float = Field(description="All customer-service FTE of the month")
    fte_gap: float
    status: CaseloadStatus


class CaseloadRead(BaseModel):
    area_id: str
    month: MonthRead
    customers_recorded: bool = Field(description="Whether counts are recorded for the month")
    lines: list[LineLoadRead]
    totals: TotalsRead
    segments: list[SegmentRead] = Field(description="All lines and municipalities together")
    by_office: list[OfficeLoadRead] = Field(
        description="Customer-service FTE of each office with staff in the month"
    )
    trend: list[TrendPointRead] = Field(description="The 12 months up to and including month")
    uniform: UniformRead | None = Field(None, description="Only with ?uniform_target=")

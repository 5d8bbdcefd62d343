"""Budgets, their lines, findings, the calendar and cost sharing: request and response models."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from funding.rules.budget import BudgetStatus, FindingCode
from funding.rules.calendar import DeadlineStatus
from funding.schemas.common import (
    EuroInput,
    EuroText,
    IsoDate,
    Year,
    decimal_input,
    decimal_schema,
)
from funding.vocabulary import DEFAULT_CAP_SHARE, BudgetCategory, CostSharingKey, SubsidyKind
from servicekit.fields import MultilineText

CapShare = Annotated[
    Decimal,
    decimal_input(what="a share", minimum=Decimal("0.0001"), maximum=Decimal(1), places=4),
    decimal_schema(
        minimum=0.0001,
        maximum=1,
        description="The share of the members' preliminary subsidies the budget may count "
        "(plan §2.1: 0.95)",
    ),
]
MAX_LINES = 200
MAX_PLANNING_YEARS = 10


class BudgetCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    year: Year
    cap_share: CapShare = DEFAULT_CAP_SHARE


class BudgetLineWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    category: BudgetCategory
    amount_eur: EuroInput
    note: Annotated[MultilineText, Field(max_length=2000)] = ""


class PlanningYearWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    year: Year
    contributions_total_eur: EuroInput
    expenditure_eur: EuroInput


class BudgetLinesPut(BaseModel):
    """Replaces the draft's lines and planning years (and its cap share, when given)."""

    model_config = ConfigDict(extra="forbid")

    lines: Annotated[list[BudgetLineWrite], Field(max_length=MAX_LINES)]
    planning_years: Annotated[
        list[PlanningYearWrite],
        Field(max_length=MAX_PLANNING_YEARS, description="Years after the budget year"),
    ]
    cap_share: CapShare | None = Field(None, description="Left out: unchanged")


class BudgetTransition(BaseModel):
    model_config = ConfigDict(extra="forbid")

    to: Literal[BudgetStatus.proposed, BudgetStatus.approved]
    on: IsoDate | None = Field(None, description="The day of the step; default: today in Finland")


class BudgetLineRead(BaseModel):
    category: BudgetCategory
    amount_eur: EuroText
    note: str


class PlanningYearRead(BaseModel):
    year: int
    contributions_total_eur: EuroText
    expenditure_eur: EuroText


class BudgetContributionRead(BaseModel):
    municipality_code: str
    contribution_eur: EuroText
    kind: SubsidyKind


class FindingRead(BaseModel):
    code: FindingCode
    blocking: bool
    detail: str
    municipality_code: str | None = None


class BudgetRead(BaseModel):
    area_id: str
    year: int
    version: int
    latest_version: int
    status: BudgetStatus
    cap_share: str
    proposed_on: dt.date | None
    approved_on: dt.date | None
    amends_version: int | None
    lines: list[BudgetLineRead]
    planning_years: list[PlanningYearRead]
    expenditure_total_eur: EuroText
    members: list[str] | None = Field(
        description="The area's members in the budget year, from the areas service (none: "
        "it could not answer)"
    )
    contributions: list[BudgetContributionRead]
    contributions_total_eur: EuroText
    preliminary_subsidies_total_eur: EuroText
    cap_eur: EuroText = Field(description="cap_share x the members' preliminary subsidies")
    headroom_eur: EuroText = Field(description="cap - expenditure; negative when over the cap")
    change_security_reserve_eur: EuroText
    change_security_reserve_share: str = Field(
        pattern=r"^[0-9]\.[0-9]{4}$", description="Of the expenditure, four decimals"
    )
    findings: list[FindingRead]


class BudgetTag(BaseModel):
    """What the ETag of a budget version is made of."""

    model_config = ConfigDict(from_attributes=True)

    area_id: str
    year: int
    version: int
    status: BudgetStatus
    revision: int


class DeadlineRead(BaseModel):
    key: Literal["preliminary_proposal", "approved_budget"]
    title: str
    due: dt.date
    status: DeadlineStatus
    done_on: dt.date | None
    on_time: bool | None = Field(description="Done by the due date (none: not done)")


class CalendarRead(BaseModel):
    area_id: str
    year: int
    today: dt.date
    deadlines: list[DeadlineRead]


class QuarterAdvanceRead(BaseModel):
    quarter: int = Field(ge=1, le=4)
    amount_eur: EuroText


class MemberCostShareRead(BaseModel):
    municipality_code: str
    weight: str = Field(description="The member's figure for the key")
    weight_source: str
    share_eur: EuroText
    advances: list[QuarterAdvanceRead]
    actual_share_eur: EuroText | None
    equalisation_eur: EuroText | None = Field(
        description="actual share - advances paid: positive, the member pays more; "
        "negative, it is refunded"
    )


class CostSharingRead(BaseModel):
    area_id: str
    year: int
    version: int = Field(description="The approved version whose expenditure is shared")
    key: CostSharingKey
    lead_municipality_code: str
    expenditure_eur: EuroText
    actual_eur: EuroText | None
    members: list[MemberCostShareRead]
    equalisation_total_eur: EuroText | None

"""Request and response models of the unemployment-benefit routes (DOMAIN.md §2)."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
)

from servicekit.fields import PlainText

MUNICIPALITY_CODE_PATTERN = r"^[0-9]{3}$"
BENEFIT_YEARS = (2000, 2100)
MAX_PERSONS = 10_000
MAX_DAYS = 100_000  # accumulated days: far beyond a working life (≈ 260 days a year)

Benefit = Literal["labour_market_subsidy", "basic_allowance", "earnings_related_allowance"]
BenefitKey = Literal[
    "labour_market_subsidy", "basic_allowance", "earnings_related_allowance", "total"
]
DayClassKey = Literal["101-200", "201-300", "301-400", "401-700", "701-", "total"]
MunicipalityCode = Annotated[
    str,
    StringConstraints(pattern=MUNICIPALITY_CODE_PATTERN),
    Field(description="Statistics Finland municipality code: three digits", examples=["005"]),
]
StaircaseKey = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9_-]{1,20}$"),
    Field(description="A staircase table: `2025` (from 1.1.2025) or `legacy` (until 2024)"),
]
# Money is answered as a string with exactly two decimals (DESIGN.md, API conventions).
Euros = Annotated[
    Decimal,
    PlainSerializer(lambda amount: f"{amount:.2f}", return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": r"^-?[0-9]+\.[0-9]{2}$", "examples": ["1234.50"]}),
]
# Rates are numbers (DESIGN.md, API conventions): a percentage such as 10 or 12.5.
Percent = Annotated[
    Decimal,
    PlainSerializer(float, return_type=float, when_used="json"),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 100, "examples": [10]}),
]
# Money in: a decimal string or number with at most two decimals.
EurosIn = Annotated[Decimal, Field(ge=0, le=Decimal("1e12"), decimal_places=2, allow_inf_nan=False)]


class PersonBenefitDays(BaseModel):
    model_config = ConfigDict(extra="forbid")

    days_before: int = Field(
        ge=0, le=MAX_DAYS, description="Benefit days the person had accumulated before"
    )
    days: int = Field(ge=0, le=MAX_DAYS, description="Benefit days in the period")
    daily_basis_eur: Annotated[
        Decimal, Field(ge=0, le=Decimal("10000"), decimal_places=2, allow_inf_nan=False)
    ] = Field(
        description="The day's amount the share is taken of: the benefit's daily amount (for "
        "the earnings-related allowance its basic-allowance sized part, 37.21 in 2025)",
        examples=["37.21"],
    )
    benefit: Benefit


class MunicipalShareRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    persons: list[PersonBenefitDays] = Field(min_length=1, max_length=MAX_PERSONS)
    staircase: StaircaseKey | None = Field(
        None, description="Default: the current table (`2025`); `legacy`: until 2024"
    )


class DayClassPart(BaseModel):
    day_class: str = Field(description="Accumulated days, Kela's label: `101-200`, `701-`")
    from_day: int
    to_day: int | None
    share_pct: Percent = Field(description="The municipality's percentage of these days")
    days: int
    amount_eur: Euros


class PersonMunicipalShare(BaseModel):
    index: int = Field(description="The person's position in `persons`")
    benefit: Benefit
    days_before: int
    days: int
    daily_basis_eur: Euros
    covered: bool = Field(
        description="False: the staircase does not cover this benefit (the legacy table "
        "covers the labour market subsidy only), so it costs the municipality nothing"
    )
    amount_eur: Euros = Field(description="The person's share, rounded half-up to the cent")
    by_day_class: list[DayClassPart]


class DayClassTotal(BaseModel):
    day_class: str
    from_day: int
    to_day: int | None
    share_pct: Percent
    days: int
    amount_eur: Euros


class MunicipalShareRead(BaseModel):
    staircase: str
    staircase_title: str
    persons: list[PersonMunicipalShare]
    by_day_class: list[DayClassTotal]
    total_eur: Euros = Field(description="The sum of the persons' rounded shares")
    source: str


class StaircaseStepRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    from_day: int
    to_day: int | None
    municipal_share_pct: Percent
    evidence: str


class StaircaseRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    key: str
    title: str
    benefits: list[str]
    valid_from: dt.date | None
    valid_to: dt.date | None
    is_default: bool
    note: str
    source: str
    steps: list[StaircaseStepRead]


class KelaCheckMismatch(BaseModel):
    check: Literal["day_classes", "benefits"] = Field(
        description="`day_classes`: a benefit's classes against its Yhteensä row; "
        "`benefits`: a class's benefits against the etuus Yhteensä row"
    )
    period_type: Literal["month", "year_to_date"]
    year: int
    month: int
    municipality_code: str
    benefit: BenefitKey | None
    day_class: DayClassKey | None
    line: int | None = Field(description="The subtotal row's line; null: there is none")
    subtotal_eur: Euros | None
    parts_eur: Euros
    difference_eur: Euros | None


class KelaPeriod(BaseModel):
    period_type: Literal["month", "year_to_date"]
    year: int
    month: int
    rows: int


class KelaChecks(BaseModel):
    passed: bool
    tolerance_eur: Euros
    day_class_groups: int = Field(description="Benefit blocks whose classes were summed")
    benefit_groups: int = Field(description="Day classes whose benefits were summed")
    mismatch_count: int
    mismatches: list[KelaCheckMismatch] | None = Field(
        None, description="Every mismatch (on the single import's read; null in lists)"
    )


class KelaImportRead(BaseModel):
    id: int
    sha256: str
    source: str
    imported_by: str
    imported_at: dt.datetime
    bytes: int
    lines: int
    rows: int = Field(description="Data rows (the header is not one)")
    detail_rows: int = Field(description="Rows of one benefit and one day class")
    subtotal_rows: int = Field(description="`Yhteensä` rows")
    municipalities: int
    periods: list[KelaPeriod]
    municipal_share_eur: Euros = Field(description="The sum of the detail rows")
    checks: KelaChecks


class CostGroup(BaseModel):
    key: str
    cost_eur: Euros
    recipients: int | None = Field(
        description="From Kela's Yhteensä rows only; null when no row counts the group's "
        "persons once (months added up without a year-to-date row)"
    )


class MunicipalityBasis(BaseModel):
    municipality_code: str
    basis: Literal["monthly", "year_to_date"]
    months: list[int] = Field(description="The months counted; year to date: its last month")
    import_id: int


class CostsRead(BaseModel):
    year: int
    month: int | None
    group_by: Literal["municipality", "benefit", "day_class", "month"]
    codes: list[str]
    area_id: str | None
    on: dt.date | None = Field(description="The date the area's members were read on")
    groups: list[CostGroup]
    total_eur: Euros
    recipients: int | None
    basis: Literal["monthly", "year_to_date", "mixed"] | None = Field(
        description="Where the euros come from; `mixed`: per municipality, see `bases`; "
        "null: no figures for these municipalities"
    )
    bases: list[MunicipalityBasis]
    without_figures: list[str] = Field(description="Codes Kela's imported files have no rows for")


class CompensationWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    municipality_code: MunicipalityCode
    amount_eur: EurosIn = Field(examples=["125000.00"])
    source: Annotated[PlainText, StringConstraints(min_length=1, max_length=2000)] = Field(
        description="Where the figure comes from (a state-subsidy decision, an estimate and how)"
    )


class CompensationsWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    compensations: list[CompensationWrite] = Field(max_length=500)


class CompensationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    municipality_code: str
    amount_eur: Euros
    source: str


class CompensationsRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    area_id: str
    year: int
    compensations: list[CompensationRead]
    total_eur: Euros


class BalanceMember(BaseModel):
    municipality_code: str
    is_member: bool = Field(
        description="False: a compensation is recorded for a municipality that is not a "
        "member on the date"
    )
    cost_eur: Euros | None = Field(description="Null: no Kela figures for it this year")
    compensation_eur: Euros | None = Field(description="Null: none recorded")
    difference_eur: Euros | None = Field(description="compensation - cost")
    basis: Literal["monthly", "year_to_date"] | None
    compensation_source: str | None


class EmploymentSaving(BaseModel):
    day_class: str = Field(description="The class the people have just reached (its first day)")
    from_day: int
    persons: int
    benefit_days: int
    daily_basis_eur: Euros
    per_person_eur: Euros
    saving_eur: Euros
    difference_total_after_eur: Euros | None = Field(
        description="The area's difference with this saving (the compensation stays)"
    )


class BalanceRead(BaseModel):
    area_id: str
    year: int
    on: dt.date
    members: list[BalanceMember]
    cost_total_eur: Euros
    compensation_total_eur: Euros
    difference_total_eur: Euros
    basis: Literal["monthly", "year_to_date", "mixed"] | None
    savings: list[EmploymentSaving]
    savings_formula: str

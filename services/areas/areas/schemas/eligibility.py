from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from areas.rules.formation import (
    LABOUR_FORCE_MINIMUM,
    Criterion,
    CriterionResult,
    FormationCheck,
    LabourForceFigure,
    Status,
)
from areas.schemas.municipalities import MunicipalityCode
from areas.schemas.statistics import Period

MAX_MUNICIPALITIES = 400  # more than the 292 mainland municipalities

Threshold = Field(
    LABOUR_FORCE_MINIMUM,
    ge=1,
    le=10_000_000,
    description="The minimum combined labour force (law 380/2023: 20,000, inclusive)",
)


# Declared for clients; a repeated code is still refused by the service, naming each one.
UNIQUE_ITEMS: JsonDict = {"uniqueItems": True}


class EligibilityRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={
            "examples": [{"municipality_codes": ["005", "010", "233"], "as_of": "2024"}]
        },
    )

    municipality_codes: list[MunicipalityCode] = Field(
        min_length=1, max_length=MAX_MUNICIPALITIES, json_schema_extra=UNIQUE_ITEMS
    )
    as_of: Period | None = Field(
        None,
        description="Use each member's latest figure at or before this period; "
        "omitted: the latest figure there is",
    )
    threshold: int = Threshold


class LabourForceFigureRead(BaseModel):
    municipality_code: str
    period: str
    value: float
    source: str
    source_url: str | None
    is_estimate: bool

    @classmethod
    def of(cls, figure: LabourForceFigure) -> "LabourForceFigureRead":
        return cls(
            municipality_code=figure.municipality_code,
            period=figure.period,
            value=float(figure.value),
            source=figure.source,
            source_url=figure.source_url,
            is_estimate=figure.is_estimate,
        )


class MembershipConflictRead(BaseModel):
    municipality_code: str
    other_area_id: str
    note: str | None


class CriterionRead(BaseModel):
    criterion: Criterion
    status: Status
    detail: str
    status_without_exemption: Status | None = Field(
        None, description="Only for an exempted criterion: its outcome without the exemption"
    )
    exemption_reference: str | None = None
    figures: list[LabourForceFigureRead] = Field(
        default_factory=list, description="labour_force_minimum: each member's figure used"
    )
    missing_codes: list[str] = Field(
        default_factory=list,
        description="Members without a labour-force figure, or (contiguity) without border data",
    )
    components: list[list[str]] = Field(
        default_factory=list, description="contiguity: the separate groups when not connected"
    )
    conflicts: list[MembershipConflictRead] = Field(default_factory=list)

    @classmethod
    def of(cls, result: CriterionResult) -> "CriterionRead":
        return cls(
            criterion=result.criterion,
            status=result.status,
            detail=result.detail,
            status_without_exemption=result.status_without_exemption,
            exemption_reference=result.exemption_reference,
            figures=[LabourForceFigureRead.of(f) for f in result.figures],
            missing_codes=list(result.missing_codes),
            components=[list(c) for c in result.components],
            conflicts=[MembershipConflictRead(**vars(c)) for c in result.conflicts],
        )


class EligibilityRead(BaseModel):
    municipality_codes: list[str]
    as_of: str | None
    threshold: int
    eligible: bool = Field(description="True when every criterion is passed or exempted")
    labour_force_total: float = Field(
        description="The sum of the figures found; a lower bound when a figure is missing"
    )
    criteria: list[CriterionRead]

    @classmethod
    def of(cls, check: FormationCheck, *, as_of: str | None) -> "EligibilityRead":
        return cls(
            municipality_codes=list(check.municipality_codes),
            as_of=as_of,
            threshold=check.threshold,
            eligible=check.eligible,
            labour_force_total=float(check.labour_force_total),
            criteria=[CriterionRead.of(c) for c in check.criteria],
        )

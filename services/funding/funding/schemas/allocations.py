"""Allocation runs: request and response models."""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, WithJsonSchema

from funding.schemas.common import (
    EuroInput,
    EuroText,
    MunicipalityCode,
    Year,
    decimal_input,
    decimal_schema,
)
from funding.vocabulary import CRITERION_NAME_MAX_LENGTH, CRITERION_NAME_PATTERN
from servicekit.fields import MultilineText, PlainText

CriterionName = Annotated[
    str,
    StringConstraints(
        pattern=CRITERION_NAME_PATTERN, min_length=1, max_length=CRITERION_NAME_MAX_LENGTH
    ),
    Field(examples=["working_age_population"]),
]
Weight = Annotated[
    Decimal,
    decimal_input(what="a weight", minimum=Decimal("0.000001"), maximum=Decimal(1), places=6),
    decimal_schema(minimum=0.000001, maximum=1, description="Above 0, at most 1; all sum to 1"),
]
# Validated by pydantic itself, not a Python function: a national run has ~600 of them.
CriterionValue = Annotated[
    Decimal,
    Field(ge=0, le=10**12, decimal_places=6, allow_inf_nan=False),
    decimal_schema(minimum=0, maximum=10**12, description="The municipality's figure, >= 0"),
]
# Exact share of the pool, to six decimals (the amounts are exact to the cent).
ShareText = Annotated[
    str,
    WithJsonSchema({"type": "string", "pattern": r"^[0-9]\.[0-9]{6}$", "examples": ["0.123456"]}),
]
MAX_CRITERIA = 20
MAX_MUNICIPALITIES = 1000


class CriterionWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: CriterionName
    weight: Weight


class AllocationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    year: Year
    pool_eur: EuroInput
    criteria: Annotated[list[CriterionWrite], Field(min_length=1, max_length=MAX_CRITERIA)]
    values: Annotated[
        dict[MunicipalityCode, dict[CriterionName, CriterionValue]],
        Field(
            min_length=1,
            max_length=MAX_MUNICIPALITIES,
            description="municipality_code -> {criterion: value}; every municipality has "
            "every criterion",
        ),
    ]
    label: Annotated[PlainText | None, Field(max_length=200)] = None
    source: Annotated[
        MultilineText | None,
        Field(max_length=4000, description="Where the pool and the values come from"),
    ] = None


class CriterionRead(BaseModel):
    name: str
    weight: str


class AllocationPartRead(BaseModel):
    municipality_code: str
    amount_eur: EuroText
    by_criterion: dict[str, EuroText] = Field(
        description="The part split over the criteria; adds up to amount_eur"
    )
    share: ShareText = Field(description="The exact share of the pool, to six decimals")


class AllocationSummaryRead(BaseModel):
    id: uuid.UUID
    year: int
    pool_eur: EuroText
    total_eur: EuroText
    criteria: list[CriterionRead]
    municipality_count: int
    label: str | None
    source: str | None
    created_by: str
    created_at: dt.datetime


class AllocationRead(AllocationSummaryRead):
    values: dict[str, dict[str, str]]
    parts: list[AllocationPartRead]

    @classmethod
    def of(cls, run: Any) -> "AllocationRead":
        """The stored run (an AllocationRun) as answered: its parts as computed then.

        JSONB keeps an object's keys in an order of its own, so the criteria's order (and
        the codes' order of the values) is restored here.
        """
        names = [c["name"] for c in run.criteria]
        parts = [
            {**part, "by_criterion": {n: part["by_criterion"][n] for n in names}}
            for part in run.parts
        ]
        values = {
            code: {n: run.values[code][n] for n in names if n in run.values[code]}
            for code in sorted(run.values)
        }
        return cls.model_validate(
            {
                "id": run.id,
                "year": run.year,
                "pool_eur": run.pool_eur,
                "total_eur": run.total_eur,
                "criteria": run.criteria,
                "municipality_count": len(run.parts),
                "label": run.label,
                "source": run.source,
                "created_by": run.created_by,
                "created_at": run.created_at,
                "values": values,
                "parts": parts,
            }
        )

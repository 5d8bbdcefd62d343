"""Employment areas, membership and exemptions: request and response models."""

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from areas.rules.formation import Criterion
from areas.schemas.municipalities import MunicipalityCode
from areas.vocabulary import SLUG_MAX_LENGTH, SLUG_PATTERN, OrganisationForm
from servicekit.fields import MultilineText, PlainText

AreaId = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=SLUG_MAX_LENGTH),
    Field(description="A slug: lowercase letters, digits and single hyphens", examples=["kymppi"]),
]
AreaName = Annotated[PlainText, StringConstraints(min_length=1, max_length=200)]
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _iso_date_text(value: object) -> object:
    """Only `YYYY-MM-DD`: pydantic would also read 0 or "0" as a Unix time (1970-01-01)."""
    if isinstance(value, dt.date) or (isinstance(value, str) and ISO_DATE.match(value)):
        return value
    raise ValueError("must be a date written YYYY-MM-DD")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_text)]
ValidFrom = Annotated[IsoDate, Field(description="First day of the period")]
ValidTo = Annotated[
    IsoDate | None, Field(description="Last day of the period (inclusive); none: open-ended")
]


def _period_ordered(valid_to: dt.date | None, info: ValidationInfo) -> dt.date | None:
    valid_from = info.data.get("valid_from")
    if valid_to is not None and valid_from is not None and valid_to < valid_from:
        raise ValueError("must not be before valid_from")
    return valid_to


def _drop_null(schema: dict[str, Any]) -> None:
    """The JSON schema of an optional field that may be left out but not set to null."""
    schema.pop("default", None)
    variants = [v for v in schema.pop("anyOf", []) if v != {"type": "null"}]
    if len(variants) == 1:
        schema.update(variants[0])
    elif variants:
        schema["anyOf"] = variants


NOT_NULLABLE = Field(json_schema_extra=_drop_null)


class AreaCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: AreaId
    name_fi: AreaName
    name_sv: AreaName
    organisation_form: OrganisationForm
    home_municipality_code: MunicipalityCode


class AreaUpdate(BaseModel):
    """A partial update: only the fields present change; none of them may be null."""

    model_config = ConfigDict(extra="forbid")

    # Leaving a field out keeps it; null is refused (below), so the schema does not offer it.
    name_fi: Annotated[AreaName | None, NOT_NULLABLE] = None
    name_sv: Annotated[AreaName | None, NOT_NULLABLE] = None
    organisation_form: Annotated[OrganisationForm | None, NOT_NULLABLE] = None
    home_municipality_code: Annotated[MunicipalityCode | None, NOT_NULLABLE] = None

    @field_validator("*", mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("may be left out but not set to null")
        return value


class AreaRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name_fi: str
    name_sv: str
    organisation_form: OrganisationForm
    home_municipality_code: str
    created_at: dt.datetime
    updated_at: dt.datetime


class MembershipCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    municipality_code: MunicipalityCode
    valid_from: ValidFrom
    valid_to: ValidTo = None

    _valid_to_ordered = field_validator("valid_to")(_period_ordered)


class MembershipEnd(BaseModel):
    """Sets (or clears) the last day of a membership; the membership itself stays as history."""

    model_config = ConfigDict(extra="forbid")

    valid_to: ValidTo


class MembershipRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    area_id: str
    municipality_code: str
    valid_from: dt.date
    valid_to: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime


class ExemptionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    criterion: Criterion
    decision_reference: Annotated[
        PlainText,
        StringConstraints(min_length=1, max_length=200),
        Field(description="The Government decision's reference (diary number or link)"),
    ]
    decided_on: IsoDate
    valid_from: ValidFrom
    valid_to: ValidTo = None
    note: Annotated[MultilineText | None, Field(max_length=4000)] = None

    _valid_to_ordered = field_validator("valid_to")(_period_ordered)


class ExemptionUpdate(BaseModel):
    """A partial update: `valid_to` (null: open-ended) and `note` (null: none) change when
    present; the decision itself (criterion, reference, dates) is fixed."""

    model_config = ConfigDict(extra="forbid")

    valid_to: ValidTo = None
    note: Annotated[MultilineText | None, Field(max_length=4000)] = None


class ExemptionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    area_id: str
    criterion: Criterion
    decision_reference: str
    decided_on: IsoDate
    valid_from: dt.date
    valid_to: dt.date | None
    note: str | None
    created_at: dt.datetime

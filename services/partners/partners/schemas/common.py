"""Field types the partners schemas share."""

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BeforeValidator, Field, Strict, StringConstraints

from partners.vocabulary import EURO_PATTERN, INT4_MAX, MAX_LIST, MUNICIPALITY_CODE_PATTERN
from servicekit.auth import AREA_ID_MAX_LENGTH, AREA_ID_PATTERN
from servicekit.fields import HttpUrlText, PlainText

T = TypeVar("T")


def _unique(values: Sequence[T]) -> Sequence[T]:
    seen: list[Any] = []
    for value in values:
        if value in seen:
            raise ValueError(f"{value!r} is listed twice")
        seen.append(value)
    return values


# A list of distinct items, in the order given.
UNIQUE = Field(max_length=MAX_LIST, json_schema_extra={"uniqueItems": True})
Unique = AfterValidator(_unique)

MunicipalityCode = Annotated[
    str,
    StringConstraints(pattern=MUNICIPALITY_CODE_PATTERN),
    Field(description="Statistics Finland's code, three digits", examples=["233"]),
]
RowIdValue = Annotated[int, Field(ge=1, le=INT4_MAX)]
AreaIdValue = Annotated[
    str,
    StringConstraints(pattern=AREA_ID_PATTERN, max_length=AREA_ID_MAX_LENGTH),
    Field(examples=["seinajoki-ilmajoki-isokyro"]),
]
Name = Annotated[PlainText, StringConstraints(min_length=1, max_length=200)]
Title = Annotated[PlainText, StringConstraints(min_length=1, max_length=300)]
Url = Annotated[HttpUrlText, StringConstraints(max_length=500)]

MunicipalityCodes = Annotated[list[MunicipalityCode], UNIQUE, Unique]
PartnerIds = Annotated[list[RowIdValue], UNIQUE, Unique]


def _euro_text(value: object) -> object:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


# Money is euros as a decimal string with two places (DESIGN.md, API conventions).
EuroText = Annotated[
    str,
    BeforeValidator(_euro_text),
    StringConstraints(pattern=EURO_PATTERN),
    Field(description="Euros as a decimal string", examples=["250000.00"]),
]


def _iso_date_text(value: object) -> object:
    # JSON and query strings carry a date as ISO 8601 text only: pydantic's lax mode would
    # also take a number ("0") as a Unix timestamp.
    if isinstance(value, dt.date) or (
        isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value)
    ):
        return value
    raise ValueError("must be an ISO 8601 date, YYYY-MM-DD")


IsoDate = Annotated[dt.date, Strict(False), BeforeValidator(_iso_date_text)]

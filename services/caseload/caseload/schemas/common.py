"""Field types the caseload schemas share: months, dates in range, FTE, euros, line keys."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, WithJsonSchema

from caseload.vocabulary import (
    EARLIEST_DATE,
    EURO_PATTERN,
    FTE_DECIMALS,
    LATEST_DATE,
    MONTH_PATTERN,
    MUNICIPALITY_CODE_PATTERN,
    SERVICE_LINE_KEY_MAX_LENGTH,
    SERVICE_LINE_KEY_PATTERN,
)
from servicekit.fields import PlainText


def _month_text(value: object) -> object:
    # A stored month is the date of its first day.
    if isinstance(value, dt.date):
        return f"{value.year:04d}-{value.month:02d}"
    return value


MonthText = Annotated[
    str,
    BeforeValidator(_month_text),
    StringConstraints(pattern=MONTH_PATTERN),
    Field(description="A month `YYYY-MM` (2000-01 to 2100-12)", examples=["2023-06"]),
]
# The same in an answer: a trend or a horizon may reach past the months one may write.
MonthRead = Annotated[
    str, BeforeValidator(_month_text), Field(description="A month `YYYY-MM`", examples=["2023-06"])
]


def _within_years(value: dt.date) -> dt.date:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValueError(f"must be from {EARLIEST_DATE} to {LATEST_DATE}")
    return value


BoundedDate = Annotated[dt.date, AfterValidator(_within_years)]


def _fte_decimals(value: float) -> float:
    if round(value, FTE_DECIMALS) != value:
        raise ValueError(f"at most {FTE_DECIMALS} decimals")
    return value


Fte = Annotated[
    float,
    Field(gt=0, le=1, description="Full-time equivalent: 1 is a full post, at most 3 decimals"),
    AfterValidator(_fte_decimals),
]


def _euro_text(value: object) -> object:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


def _euro_input(value: object) -> object:
    """A JSON number as the text it writes (48000 -> "48000", 48000.5 -> "48000.5"), which
    the pattern then checks as it checks a string; a boolean is no number."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return _euro_text(value)


# Money is euros as a decimal string with two places (DESIGN.md, API conventions); it goes
# in as such a string or as a JSON number, as in the other services.
EuroText = Annotated[
    str,
    BeforeValidator(_euro_input),
    StringConstraints(pattern=EURO_PATTERN),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": 9_999_999_999.99},
                {"type": "string", "pattern": EURO_PATTERN},
            ],
            "description": "Euros, at most two decimals: a decimal string or a number",
            "examples": ["60000.00"],
        }
    ),
]

ServiceLineKey = Annotated[
    str,
    StringConstraints(pattern=SERVICE_LINE_KEY_PATTERN, max_length=SERVICE_LINE_KEY_MAX_LENGTH),
    Field(examples=["multi_sectoral_services"]),
]
MunicipalityCode = Annotated[
    str,
    StringConstraints(pattern=MUNICIPALITY_CODE_PATTERN),
    Field(description="Statistics Finland's code, three digits", examples=["233"]),
]
Name = Annotated[PlainText, StringConstraints(min_length=1, max_length=200)]
# The same in an answer: a sum may run past what one input may be.
EuroAmount = Annotated[
    str, BeforeValidator(_euro_text), Field(description="Euros as a decimal string")
]

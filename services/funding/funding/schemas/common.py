"""Field types the funding schemas share: euros in and out, years, codes and dates.

Money goes in as a JSON number or a decimal string with at most two decimals and comes out
as a string with exactly two ("1234.50", DESIGN.md API conventions), computed as Decimal.
"""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, StringConstraints, WithJsonSchema

from funding.vocabulary import FUNDING_YEARS, MUNICIPALITY_CODE_PATTERN
from servicekit.money import euro_text

EURO_PATTERN = r"^[0-9]{1,12}(\.[0-9]{1,2})?$"
_EURO = re.compile(EURO_PATTERN)
MAX_EURO = Decimal("999999999999.99")


def _decimal_number(value: Any, *, what: str) -> Decimal:
    """A JSON number or a decimal string as an exact Decimal (never via binary float)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValueError(f"must be {what}")
    try:
        number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        raise ValueError(f"must be {what}") from None
    if not number.is_finite():
        raise ValueError(f"must be {what}")
    return number


def _euros(value: Any) -> Decimal:
    if isinstance(value, str) and not _EURO.match(value):
        raise ValueError("must be euros with at most two decimals, e.g. 1234.50")
    amount = _decimal_number(value, what="euros with at most two decimals, e.g. 1234.50")
    if amount < 0 or amount > MAX_EURO or amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f"must be euros from 0 to {MAX_EURO} with at most two decimals")
    return amount.quantize(Decimal("0.01"))


_EURO_SCHEMA = {
    "anyOf": [
        {"type": "number", "minimum": 0, "maximum": float(MAX_EURO)},
        {"type": "string", "pattern": EURO_PATTERN},
    ],
    "description": "Euros, at most two decimals (a number or a string)",
    "examples": ["1234.50"],
}
EuroInput = Annotated[Decimal, BeforeValidator(_euros), WithJsonSchema(_EURO_SCHEMA)]


def _euro_text(value: Any) -> Any:
    return euro_text(value) if isinstance(value, Decimal) else value


# Answers: exactly two decimals, as a string; may be negative where a difference is. A read
# model takes the Decimal of a column or a computation and answers its text. The pattern is
# the schema's only: a constraint beside the validator would be checked in Python, per value.
EURO_TEXT_SCHEMA = {
    "type": "string",
    "pattern": r"^-?[0-9]+\.[0-9]{2}$",
    "description": "Euros with two decimals",
    "examples": ["1234.50"],
}
EuroText = Annotated[str, BeforeValidator(_euro_text), WithJsonSchema(EURO_TEXT_SCHEMA)]

Year = Annotated[int, Field(ge=FUNDING_YEARS[0], le=FUNDING_YEARS[1], examples=[2026])]
MunicipalityCode = Annotated[
    str,
    StringConstraints(pattern=MUNICIPALITY_CODE_PATTERN),
    Field(description="Statistics Finland's three-digit code", examples=["005"]),
]
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _iso_date_text(value: object) -> object:
    """Only `YYYY-MM-DD`: pydantic would also read 0 or "0" as a Unix time (1970-01-01)."""
    if isinstance(value, dt.date) or (isinstance(value, str) and ISO_DATE.match(value)):
        return value
    raise ValueError("must be a date written YYYY-MM-DD")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_text)]


def decimal_input(*, what: str, minimum: Decimal, maximum: Decimal, places: int) -> Any:
    """A BeforeValidator for a bounded decimal given as a JSON number or a string."""

    def validate(value: Any) -> Decimal:
        number = _decimal_number(value, what=what)
        if not minimum <= number <= maximum:
            raise ValueError(f"must be {what} from {minimum} to {maximum}")
        if number != number.quantize(Decimal(1).scaleb(-places)):
            raise ValueError(f"must have at most {places} decimals")
        return number

    return BeforeValidator(validate)


def decimal_schema(*, minimum: float, maximum: float, description: str) -> WithJsonSchema:
    return WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": minimum, "maximum": maximum},
                {"type": "string", "pattern": r"^[0-9]+(\.[0-9]+)?$"},
            ],
            "description": description,
        }
    )

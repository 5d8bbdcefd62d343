"""Field types the offices schemas share: dates in range, euros in and out, codes, names,
and the terms of distances, accessibility and placement.

Money goes in as a JSON number or a decimal string with at most two decimals and comes out
as a string with exactly two ("1234.50", DESIGN.md API conventions), computed as Decimal.
"""

import datetime as dt
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    StringConstraints,
    WithJsonSchema,
)

from offices.rules.distances import DEFAULT_ROAD_FACTOR, DEFAULT_SPEED_KMH, EARTH_RADIUS_KM
from offices.vocabulary import (
    EARLIEST_DATE,
    EURO_PATTERN,
    LATEST_DATE,
    MUNICIPALITY_CODE_PATTERN,
    SERVICE_LINE_KEY_MAX_LENGTH,
    SERVICE_LINE_KEY_PATTERN,
)
from servicekit.fields import MultilineText, PlainText
from servicekit.money import euro_text

_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_EURO = re.compile(EURO_PATTERN)
MAX_EURO = Decimal("9999999999.99")


def _iso_date_text(value: object) -> object:
    """Only `YYYY-MM-DD`: pydantic would also read 0 or "0" as a Unix time (1970-01-01)."""
    if isinstance(value, dt.date) or (isinstance(value, str) and _ISO_DATE.match(value)):
        return value
    raise ValueError("must be a date written YYYY-MM-DD")


def _within_years(value: dt.date) -> dt.date:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValueError(f"must be from {EARLIEST_DATE} to {LATEST_DATE}")
    return value


BoundedDate = Annotated[
    dt.date,
    BeforeValidator(_iso_date_text),
    AfterValidator(_within_years),
    Field(description=f"YYYY-MM-DD, from {EARLIEST_DATE} to {LATEST_DATE}"),
]


def _euros(value: Any) -> Decimal:
    message = "must be euros from 0 with at most two decimals, e.g. 1234.50"
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValueError(message)
    if isinstance(value, str) and not _EURO.match(value):
        raise ValueError(message)
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(message) from None
    if not amount.is_finite() or not 0 <= amount <= MAX_EURO:
        raise ValueError(message)
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(message)
    return amount.quantize(Decimal("0.01"))


EuroInput = Annotated[
    Decimal,
    BeforeValidator(_euros),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": float(MAX_EURO), "multipleOf": 0.01},
                {"type": "string", "pattern": EURO_PATTERN},
            ],
            "description": "Euros, at most two decimals (a number or a string)",
            "examples": ["1234.50"],
        }
    ),
]


def _euro_text(value: Any) -> Any:
    return euro_text(value) if isinstance(value, Decimal) else value


EuroText = Annotated[
    str,
    BeforeValidator(_euro_text),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^-?[0-9]+\.[0-9]{2}$",
            "description": "Euros with two decimals",
            "examples": ["1234.50"],
        }
    ),
]

MUNICIPALITY_CODE_LIST_PATTERN = r"^[0-9]{3}(,[0-9]{3})*$"
# Codes one request takes at once: more than the 292 mainland municipalities.
MAX_CODES = 400

MunicipalityCode = Annotated[
    str,
    StringConstraints(pattern=MUNICIPALITY_CODE_PATTERN),
    Field(description="Statistics Finland's three-digit code", examples=["005"]),
]
ServiceLineKey = Annotated[
    str,
    StringConstraints(pattern=SERVICE_LINE_KEY_PATTERN, max_length=SERVICE_LINE_KEY_MAX_LENGTH),
    Field(examples=["multi_sectoral_services"]),
]


def column_getter(data: Any) -> Callable[[str], Any]:
    """Reads a column of a row given as a mapping (a list page's) or an ORM object."""
    if isinstance(data, Mapping):
        return data.get
    return lambda name: getattr(data, name, None)


Name = Annotated[PlainText, StringConstraints(min_length=1, max_length=200)]
Note = Annotated[MultilineText, StringConstraints(max_length=4000)]
Km = Annotated[float, Field(ge=0, le=5000, description="Road kilometres")]
Minutes = Annotated[float, Field(ge=0, le=10_000, description="Travel minutes by road")]
RoadFactor = Annotated[
    float,
    Field(
        ge=1,
        le=3,
        description="An estimate's road distance per great-circle kilometre "
        f"(default {DEFAULT_ROAD_FACTOR})",
    ),
]
SpeedKmh = Annotated[
    float,
    Field(
        gt=0,
        le=200,
        description=f"An estimate's average road speed, km/h (default {DEFAULT_SPEED_KMH:g})",
    ),
]
Weight = Annotated[float, Field(ge=0, le=1e9)]


class EstimateTermsRead(BaseModel):
    """How a pair without a recorded distance is estimated."""

    method: str = Field(description="The estimate's method, as each estimated leg names it")
    earth_radius_km: float = Field(EARTH_RADIUS_KM, description="The sphere's radius (IUGG mean)")
    road_factor: float
    speed_kmh: float


class LegRead(BaseModel):
    km: float
    minutes: float
    is_estimate: bool
    source: str | None = Field(description="A recorded distance's source (none for an estimate)")
    method: str | None = Field(description="How an estimate was made (none when recorded)")

"""Field types the offices service's distance, accessibility and placement models share."""

from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from offices.rules.distances import DEFAULT_ROAD_FACTOR, DEFAULT_SPEED_KMH, EARTH_RADIUS_KM

MUNICIPALITY_CODE_PATTERN = r"^[0-9]{3}$"
MUNICIPALITY_CODE_LIST_PATTERN = r"^[0-9]{3}(,[0-9]{3})*$"
# Codes one request takes at once: more than the 292 mainland municipalities.
MAX_CODES = 400

MunicipalityCode = Annotated[
    str,
    StringConstraints(pattern=MUNICIPALITY_CODE_PATTERN),
    Field(description="Statistics Finland municipality code: three digits", examples=["005"]),
]
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

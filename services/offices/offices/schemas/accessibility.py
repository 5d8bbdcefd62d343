import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from offices.rules.accessibility import (
    DEFAULT_THRESHOLD_KM,
    DEFAULT_THRESHOLD_MINUTES,
    NearestBy,
)
from offices.rules.distances import DEFAULT_ROAD_FACTOR, DEFAULT_SPEED_KMH
from offices.schemas.common import (
    MAX_CODES,
    EstimateTermsRead,
    Km,
    Minutes,
    MunicipalityCode,
    RoadFactor,
    SpeedKmh,
    Weight,
)
from servicekit.auth import AREA_ID_MAX_LENGTH, AREA_ID_PATTERN
from servicekit.fields import PlainText

MAX_PLACES = 500
AreaId = Annotated[str, StringConstraints(pattern=AREA_ID_PATTERN, max_length=AREA_ID_MAX_LENGTH)]
Weights = Annotated[dict[MunicipalityCode, Weight], Field(max_length=MAX_CODES)]


class PlaceWrite(BaseModel):
    """A proposed place of service: its municipality (distances are municipality to
    municipality) and, to tell it apart, a name."""

    model_config = ConfigDict(extra="forbid")

    municipality_code: MunicipalityCode
    name: Annotated[PlainText, StringConstraints(max_length=200)] | None = None


class AccessibilityQuery(BaseModel):
    """Any set of places, for the members of `area_id` on `on` or for `municipality_codes`."""

    model_config = ConfigDict(extra="forbid")

    places: list[PlaceWrite] = Field(min_length=1, max_length=MAX_PLACES)
    area_id: AreaId | None = Field(None, description="Its members on `on` (or give the codes)")
    municipality_codes: list[MunicipalityCode] | None = Field(
        None, min_length=1, max_length=MAX_CODES, description="The municipalities to reach"
    )
    on: dt.date | None = Field(
        None, description="Membership and population as of this day (default today in Finland)"
    )
    population: Weights | None = Field(
        None, description="Population by code; default: the areas service's latest figures"
    )
    customers: Weights | None = Field(
        None, description="Customers by code (none given: no customer-weighted figures)"
    )
    threshold_km: Km = DEFAULT_THRESHOLD_KM
    threshold_minutes: Minutes = DEFAULT_THRESHOLD_MINUTES
    nearest_by: NearestBy = NearestBy.km
    road_factor: RoadFactor = DEFAULT_ROAD_FACTOR
    speed_kmh: SpeedKmh = DEFAULT_SPEED_KMH


class PlaceRead(BaseModel):
    index: int = Field(description="Its position in `places`")
    office_id: int | None = Field(description="The office's id (none for a proposed place)")
    kind: str | None
    municipality_code: str
    name: str | None


class MemberAccessRead(BaseModel):
    municipality_code: str
    name_fi: str | None
    population: float | None = Field(description="Its weight (none: no figure)")
    population_period: str | None = Field(
        description="The figure's period (from the areas service)"
    )
    customers: float | None
    nearest: PlaceRead | None = Field(description="None: no known distance to any place")
    km: float | None
    minutes: float | None
    is_estimate: bool | None
    source: str | None
    method: str | None
    within_km: bool | None
    within_minutes: bool | None


class WeightedRead(BaseModel):
    """Over the members with a weight and a known distance; shares are 0..1, inclusive of
    the thresholds; none when the total weight is 0."""

    total: float
    mean_km: float | None
    mean_minutes: float | None
    share_within_km: float | None
    share_within_minutes: float | None
    share_within_both: float | None


class ThresholdsRead(BaseModel):
    km: float
    minutes: float
    nearest_by: NearestBy


class AccessibilityRead(BaseModel):
    area_id: str | None
    on: dt.date
    thresholds: ThresholdsRead
    estimate: EstimateTermsRead
    population_source: str = Field(
        description="`request`, or `areas` (each member's latest figure at or before `on`)"
    )
    places: list[PlaceRead]
    municipalities: list[MemberAccessRead]
    population: WeightedRead
    customers: WeightedRead | None
    without_distance: list[str] = Field(description="Members with no known distance to a place")
    without_population: list[str] = Field(description="Members without a population figure")

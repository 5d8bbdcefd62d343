import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from offices.rules.distances import DEFAULT_ROAD_FACTOR, DEFAULT_SPEED_KMH
from offices.rules.placement import DEFAULT_TIME_LIMIT_SECONDS, PlacementStatus
from offices.schemas.accessibility import AreaId
from offices.schemas.common import (
    MAX_CODES,
    EstimateTermsRead,
    MunicipalityCode,
    RoadFactor,
    SpeedKmh,
    Weight,
)

MAX_TIME_LIMIT_SECONDS = 60.0
Codes = Annotated[list[MunicipalityCode], Field(max_length=MAX_CODES)]


class Objective(StrEnum):
    p_median = "p_median"  # minimise the weighted distance to the nearest open place
    max_coverage = "max_coverage"  # maximise the weight within a radius of an open place


class DistanceMeasure(StrEnum):
    km = "km"
    minutes = "minutes"


class PlacementQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    candidates: Annotated[Codes, Field(min_length=1)] = Field(
        description="The municipalities where a place may open"
    )
    demand: Annotated[dict[MunicipalityCode, Weight], Field(min_length=1, max_length=MAX_CODES)] = (
        Field(description="Each demand point's weight (population, customers)")
    )
    k: int = Field(ge=1, le=MAX_CODES, description="How many places open")
    fixed: Codes = Field(
        default_factory=list, description="Candidates that must be open (leased premises)"
    )
    objective: Objective = Objective.p_median
    distance: DistanceMeasure | None = Field(
        None,
        description="What distance means: km (default for p_median) or minutes (default for "
        "max_coverage with radius_minutes)",
    )
    radius_minutes: float | None = Field(
        None, gt=0, le=10_000, description="max_coverage: covered within this many minutes"
    )
    radius_km: float | None = Field(
        None, gt=0, le=5000, description="max_coverage: covered within this many km"
    )
    time_limit_seconds: float = Field(
        DEFAULT_TIME_LIMIT_SECONDS,
        gt=0,
        le=MAX_TIME_LIMIT_SECONDS,
        description="The solver's time; past it, the best network found with its gap",
    )
    current: Codes | None = Field(
        None, description="The current network to compare with (default: the area's offices)"
    )
    area_id: AreaId | None = Field(
        None, description="Compare with this area's offices open on `on` (its readers only)"
    )
    on: dt.date | None = Field(None, description="For the area's offices (default today)")
    road_factor: RoadFactor = DEFAULT_ROAD_FACTOR
    speed_kmh: SpeedKmh = DEFAULT_SPEED_KMH


class AssignmentRead(BaseModel):
    demand_code: str
    weight: float
    place_code: str = Field(description="Its nearest open place")
    km: float
    minutes: float
    is_estimate: bool
    covered: bool | None = Field(description="max_coverage: within the radius")


class NetworkRead(BaseModel):
    """The current network, valued like the optimum."""

    source: str = Field(description="`request` (`current`) or `area` (its open offices)")
    open: list[str]
    objective_value: float | None = Field(description="None: the network has no place")
    weighted_mean: float | None


class PlacementRead(BaseModel):
    objective: Objective
    distance: DistanceMeasure
    k: int
    radius: float | None = Field(description="max_coverage: the radius, in `distance` units")
    open: list[str] = Field(description="The optimal set (the best found at a time limit)")
    objective_value: float = Field(
        description="p_median: sum of weight x distance; max_coverage: the weight covered"
    )
    weighted_mean: float | None = Field(
        description="p_median: the mean distance per unit of weight; max_coverage: the share "
        "of the weight covered (none when the weights add up to 0)"
    )
    total_weight: float
    bound: float = Field(description="The solver's proven bound on the objective")
    gap: float = Field(description="|value - bound| / |value|; 0 when proven optimal")
    status: PlacementStatus
    solve_seconds: float
    solver: str
    assignments: list[AssignmentRead]
    current: NetworkRead | None
    estimate: EstimateTermsRead
    estimated_pairs: int = Field(description="Pairs without a recorded distance, estimated")

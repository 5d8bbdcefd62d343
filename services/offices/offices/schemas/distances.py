from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from offices.schemas.common import EstimateTermsRead, Km, Minutes, MunicipalityCode
from servicekit.fields import PlainText

# Every pair of the 292 mainland municipalities (42,486) fits in one write.
MAX_DISTANCES = 50_000
Text = Annotated[PlainText, StringConstraints(min_length=1, max_length=2000)]


class DistanceWrite(BaseModel):
    """A road distance between two municipalities; the same both ways, so one row per pair."""

    model_config = ConfigDict(extra="forbid")

    from_code: MunicipalityCode
    to_code: MunicipalityCode
    km: Km
    minutes: Minutes
    source: Text = Field(description="Where the figures come from (DOMAIN.md §7: provenance)")
    is_estimate: bool = Field(False, description="True for a figure that is not measured")
    method: Text | None = Field(None, description="How an estimate was made (needed with one)")


class DistancesWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    distances: list[DistanceWrite] = Field(min_length=1, max_length=MAX_DISTANCES)


class DistancesWritten(BaseModel):
    pairs: int = Field(description="Pairs written (each once, for both directions)")


class DistanceRead(BaseModel):
    from_code: str = Field(description="The smaller code of the pair")
    to_code: str
    km: float
    minutes: float
    is_estimate: bool
    source: str | None = Field(description="A recorded distance's source (none for an estimate)")
    method: str | None = Field(description="How an estimate was made (none when measured)")


class PairRead(BaseModel):
    from_code: str
    to_code: str


class DistancesRead(BaseModel):
    estimate: EstimateTermsRead
    distances: list[DistanceRead] = Field(
        description="Every pair among the codes asked for, once, ordered by the pair"
    )
    unknown: list[PairRead] = Field(
        description="Pairs with no recorded distance and no coordinates (in the areas "
        "service) for one end, or a code the areas service does not know"
    )

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from areas.schemas.municipalities import MunicipalityCode
from servicekit.fields import PlainText

MAX_BORDERS = 10_000
# Codes a border read takes at once: more than the 292 mainland municipalities.
MAX_BORDER_CODES = 400


class BorderWrite(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    municipality_code: MunicipalityCode
    neighbour_code: MunicipalityCode
    source: Annotated[PlainText, StringConstraints(min_length=1, max_length=2000)] | None = None


class BordersBulkWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    borders: list[BorderWrite] = Field(min_length=1, max_length=MAX_BORDERS)


class BordersWritten(BaseModel):
    pairs: int = Field(description="Distinct borders written (each stored in both directions)")


class NeighbourRead(BaseModel):
    code: str
    name_fi: str
    name_sv: str
    source: str | None


class NeighboursRead(BaseModel):
    municipality_code: str
    neighbours: list[NeighbourRead]


class BorderRead(BaseModel):
    municipality_code: str = Field(
        description="One of the codes asked for (of two asked for, the smaller)"
    )
    neighbour_code: str
    source: str | None


class BordersRead(BaseModel):
    borders: list[BorderRead] = Field(
        description="Each border touching a code asked for, once, ordered by the pair"
    )

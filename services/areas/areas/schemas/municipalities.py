from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from areas.vocabulary import LATITUDE_RANGE, LONGITUDE_RANGE, MUNICIPALITY_CODE_PATTERN
from servicekit.fields import PlainText

Latitude = Annotated[
    float,
    Field(ge=LATITUDE_RANGE[0], le=LATITUDE_RANGE[1], description="WGS84 latitude, in Finland"),
]
Longitude = Annotated[
    float,
    Field(ge=LONGITUDE_RANGE[0], le=LONGITUDE_RANGE[1], description="WGS84 longitude, in Finland"),
]
MunicipalityCode = Annotated[
    str,
    StringConstraints(pattern=MUNICIPALITY_CODE_PATTERN),
    Field(
        description="Statistics Finland municipality code: exactly three digits", examples=["005"]
    ),
]
Name = Annotated[PlainText, StringConstraints(min_length=1, max_length=100)]


class MunicipalityFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name_fi: Name
    name_sv: Name
    region: Name | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None


class MunicipalityUpdate(MunicipalityFields):
    """The whole representation; `code` is read-only, so a client may PUT back what it GOT."""

    code: MunicipalityCode | None = Field(
        None, description="Read-only: may be sent, but only as the municipality's own code"
    )


class MunicipalityCreate(MunicipalityFields):
    code: MunicipalityCode


class MunicipalityRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    name_fi: str
    name_sv: str
    region: str | None
    lat: float | None
    lon: float | None

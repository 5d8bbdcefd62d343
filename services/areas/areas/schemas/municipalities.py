from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from servicekit.fields import PlainText

# Finland's bounding box (mainland and Åland): a coordinate outside it is a typo.
Latitude = Annotated[float, Field(ge=59.5, le=70.1, description="WGS84 latitude, in Finland")]
Longitude = Annotated[float, Field(ge=19.0, le=31.6, description="WGS84 longitude, in Finland")]
MunicipalityCode = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]{3}$"),
    Field(
        description="Statistics Finland municipality code: exactly three digits", examples=["005"]
    ),
]
Name = Annotated[PlainText, StringConstraints(min_length=1, max_length=100)]


class MunicipalityUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name_fi: Name
    name_sv: Name
    region: Name | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None


class MunicipalityCreate(MunicipalityUpdate):
    code: MunicipalityCode


class MunicipalityRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    name_fi: str
    name_sv: str
    region: str | None
    lat: float | None
    lon: float | None

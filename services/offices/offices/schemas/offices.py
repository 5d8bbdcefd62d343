"""Offices and service points."""

import datetime as dt
import uuid
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from offices.schemas.common import (
    BoundedDate,
    MunicipalityCode,
    Name,
    Note,
    ServiceLineKey,
    column_getter,
)
from offices.vocabulary import (
    FIXED_KINDS,
    KNOWN_SERVICE_LINES,
    LATITUDE_RANGE,
    LONGITUDE_RANGE,
    MAX_SERVICES,
    POSTAL_CODE_PATTERN,
    OfficeKind,
    OfficeStatus,
)

Latitude = Annotated[
    float,
    Field(
        ge=LATITUDE_RANGE[0],
        le=LATITUDE_RANGE[1],
        description="WGS84 degrees north, inside Finland",
        examples=[63.0],
    ),
]
Longitude = Annotated[
    float,
    Field(
        ge=LONGITUDE_RANGE[0],
        le=LONGITUDE_RANGE[1],
        description="WGS84 degrees east, inside Finland",
        examples=[23.817],
    ),
]


class OfficeName(BaseModel):
    model_config = ConfigDict(extra="forbid")

    fi: Name
    sv: Name | None = None
    en: Name | None = None


PostalCode = Annotated[
    str,
    StringConstraints(pattern=POSTAL_CODE_PATTERN),
    Field(description="Five digits", examples=["62900"]),
]
PostOffice = Annotated[Name, StringConstraints(max_length=100), Field(examples=["Alajärvi"])]
Street = Annotated[Name, Field(examples=["Kauppatie 12"])]
ADDRESS_FIELDS = ("street", "postal_code", "post_office")


class Address(BaseModel):
    model_config = ConfigDict(extra="forbid")

    street: Street
    postal_code: PostalCode
    post_office: PostOffice


class OfficeWrite(BaseModel):
    """An office as written: `POST` creates it, `PUT` replaces it whole."""

    model_config = ConfigDict(extra="forbid")

    kind: OfficeKind
    name: OfficeName
    municipality_code: MunicipalityCode = Field(
        description="Where the place is: a member of the area (asked from the areas service)"
    )
    address: Address | None = Field(
        None,
        description="Required for an office or a local service point; or give its three "
        "fields flat (`street`, `postal_code`, `post_office`) instead",
    )
    street: Street | None = Field(None, description="The address flat, with the next two")
    postal_code: PostalCode | None = None
    post_office: PostOffice | None = None
    lat: Latitude | None = Field(
        None, description="Required for an office or a local service point"
    )
    lon: Longitude | None = None
    status: OfficeStatus = OfficeStatus.planned
    services: list[ServiceLineKey] = Field(
        default_factory=list,
        max_length=MAX_SERVICES,
        description="The service lines offered here, by the caseload service's keys, e.g. "
        + ", ".join(KNOWN_SERVICE_LINES),
    )
    accessibility_notes: Note | None = None
    ptv_id: uuid.UUID | None = Field(None, description="The channel's id in PTV, once published")
    opened_on: BoundedDate | None = None
    closed_on: BoundedDate | None = None
    note: Note | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems = []
        flat = [getattr(self, name) for name in ADDRESS_FIELDS]
        if any(value is not None for value in flat):
            if any(value is None for value in flat):
                problems.append("street, postal_code and post_office go together")
            elif self.address is not None and list(self.address.model_dump().values()) != flat:
                problems.append("give the address nested or flat, not two different ones")
            else:
                self.address = Address(street=flat[0], postal_code=flat[1], post_office=flat[2])
        if self.kind in FIXED_KINDS and (self.address is None or self.lat is None):
            problems.append("an office or a local service point needs an address, lat and lon")
        if (self.lat is None) != (self.lon is None):
            problems.append("lat and lon go together")
        if len(set(self.services)) != len(self.services):
            problems.append("services repeats a key")
        if self.opened_on and self.closed_on and self.closed_on < self.opened_on:
            problems.append("closed_on must not be before opened_on")
        if problems:
            raise ValueError("; ".join(problems))
        return self


class OfficeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    area_id: str
    kind: OfficeKind
    name: OfficeName
    municipality_code: str
    address: Address | None
    street: str | None = Field(description="The address's fields again, flat")
    postal_code: str | None
    post_office: str | None
    lat: float | None
    lon: float | None
    status: OfficeStatus
    services: list[str]
    accessibility_notes: str | None
    ptv_id: uuid.UUID | None
    opened_on: dt.date | None
    closed_on: dt.date | None
    note: str | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @model_validator(mode="before")
    @classmethod
    def _address_from_columns(cls, data: Any) -> Any:
        """A row (or ORM object) keeps the address in three columns: one object here."""
        if isinstance(data, dict) and "address" in data:
            return data
        column = column_getter(data)
        fields = {name: column(name) for name in cls.model_fields if name != "address"}
        street = column("street")
        fields["address"] = (
            None
            if street is None
            else {
                "street": street,
                "postal_code": column("postal_code"),
                "post_office": column("post_office"),
            }
        )
        return fields

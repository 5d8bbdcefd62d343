"""The export formats of `GET .../offices?format=`: Open Referral HSDS 3.0 `location`
objects and PTV v11 ServiceLocation channels (DOMAIN.md §6). Field names are the formats'
own; absent values are left out, not sent as null (both formats type them non-null)."""

import uuid

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

# HSDS 3.0 (github.com/openreferral/specification, schema/*.json)


class HsdsAddress(BaseModel):
    id: uuid.UUID
    location_id: uuid.UUID
    address_1: str
    city: str
    state_province: str = Field(description="Finland has no states or provinces: empty")
    postal_code: str
    country: str
    address_type: str


class HsdsLanguage(BaseModel):
    id: uuid.UUID
    location_id: uuid.UUID
    name: str
    code: str


class HsdsAccessibility(BaseModel):
    id: uuid.UUID
    location_id: uuid.UUID
    description: str


class HsdsSchedule(BaseModel):
    id: uuid.UUID
    location_id: uuid.UUID
    valid_from: str | None = None
    valid_to: str | None = None
    dtstart: str | None = None
    timezone: float = Field(description="The UTC offset, in hours, of the dates it is valid for")
    freq: str | None = None
    interval: int | None = None
    count: int | None = None
    wkst: str | None = None
    byday: str | None = None
    opens_at: str | None = Field(None, description="HH:MM with the UTC offset")
    closes_at: str | None = None
    description: str | None = None


class HsdsServiceAtLocation(BaseModel):
    id: uuid.UUID
    service_id: uuid.UUID
    location_id: uuid.UUID
    description: str | None = None


class HsdsLocation(BaseModel):
    id: uuid.UUID
    location_type: str
    name: str
    alternate_name: str | None = None
    description: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    external_identifier: str | None = None
    external_identifier_type: str | None = None
    languages: list[HsdsLanguage]
    addresses: list[HsdsAddress]
    accessibility: list[HsdsAccessibility]
    schedules: list[HsdsSchedule]
    service_at_location: list[HsdsServiceAtLocation]


# PTV v11 (V11VmOpenApiServiceLocationChannelInBase and the models it names)


class _Ptv(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class PtvLocalizedItem(_Ptv):
    type: str
    language: str
    value: str


class PtvLanguageItem(_Ptv):
    language: str
    value: str


class PtvNameType(_Ptv):
    type: str
    language: str


class PtvArea(_Ptv):
    type: str
    area_codes: list[str]


class PtvStreetAddress(_Ptv):
    street: list[PtvLanguageItem]
    street_number: str | None = None
    postal_code: str
    municipality: str
    latitude: str | None = None
    longitude: str | None = None


class PtvAddress(_Ptv):
    type: str
    sub_type: str
    country: str
    street_address: PtvStreetAddress


class PtvOpeningHour(_Ptv):
    day_from: str
    from_: str = Field(alias="from")
    to: str


class PtvServiceHour(_Ptv):
    service_hour_type: str
    valid_for_now: bool | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    is_closed: bool
    opening_hour: list[PtvOpeningHour]


class PtvServiceLocation(_Ptv):
    id: uuid.UUID | None = Field(None, description="The channel's PTV id, once published")
    source_id: str = Field(description="This system's stable id of the place")
    service_channel_names: list[PtvLocalizedItem]
    display_name_type: list[PtvNameType]
    service_channel_descriptions: list[PtvLocalizedItem]
    languages: list[str]
    area_type: str
    areas: list[PtvArea]
    addresses: list[PtvAddress]
    service_hours: list[PtvServiceHour]
    publishing_status: str

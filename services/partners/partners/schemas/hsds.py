"""Open Referral HSDS 3.0 objects as this service exports them (`?format=hsds`).

Field names are HSDS 3.0's (schema/organization.json, organization_identifier.json,
service.json, service_area.json of openreferral/specification); a field without a value
is left out, as HSDS leaves optional fields out.
"""

from typing import Any

from pydantic import BaseModel, Field, SerializerFunctionWrapHandler, model_serializer


class HsdsObject(BaseModel):
    @model_serializer(mode="wrap")
    def _without_nulls(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return {key: value for key, value in handler(self).items() if value is not None}


class HsdsOrganizationIdentifier(HsdsObject):
    id: str
    organization_id: str
    identifier_type: str
    identifier: str


class HsdsOrganization(HsdsObject):
    id: str = Field(description="A UUID that stays the same for the same partner")
    name: str
    alternate_name: str | None = None
    description: str
    website: str | None = None
    organization_identifiers: list[HsdsOrganizationIdentifier] = Field(default_factory=list)


class HsdsServiceArea(HsdsObject):
    id: str
    service_id: str
    name: str
    description: str | None = None


class HsdsService(HsdsObject):
    id: str = Field(description="A UUID that stays the same for the same service")
    organization_id: str
    name: str
    description: str | None = None
    status: str = Field(description="HSDS: active, inactive (planned) or defunct (ended)")
    eligibility_description: str | None = None
    service_areas: list[HsdsServiceArea] = Field(default_factory=list)
    organization: HsdsOrganization | None = None


class HsdsPage(HsdsObject):
    """HSDS's Page: the whole export on one page."""

    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool


class HsdsOrganizationPage(HsdsPage):
    contents: list[HsdsOrganization]


class HsdsServicePage(HsdsPage):
    contents: list[HsdsService]

"""Partners and services as Open Referral HSDS 3.0 objects, with stable UUIDs.

Each id is a name-based UUID (version 5) of what it stands for (`partner/12`,
`service/7`, `municipality/005`, ...) in this service's own namespace, so the same
partner or service gets the same UUID in every export, and no two things share one.
"""

import uuid
from collections.abc import Mapping, Sequence

from partners.schemas.hsds import (
    HsdsOrganization,
    HsdsOrganizationIdentifier,
    HsdsService,
    HsdsServiceArea,
)
from partners.schemas.partners import PartnerRead
from partners.schemas.services import PartnerProviderRead, ServiceRead
from partners.vocabulary import ServiceStatus

NAMESPACE = uuid.UUID("6f1d2a0e-5b8c-5e43-9a77-1c2f0e7d4b31")

# Our statuses in HSDS 3.0's enumeration (active, inactive, defunct, temporarily closed).
HSDS_STATUS = {
    ServiceStatus.active: "active",
    ServiceStatus.planned: "inactive",
    ServiceStatus.ended: "defunct",
}


def stable_id(*path: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(path)))


def partner_organization(partner: PartnerRead) -> HsdsOrganization:
    org_id = stable_id("partner", str(partner.id))
    identifiers = []
    if partner.business_id is not None:
        identifiers.append(
            HsdsOrganizationIdentifier(
                id=stable_id("partner", str(partner.id), "business_id"),
                organization_id=org_id,
                identifier_type="Y-tunnus (Finnish Business ID)",
                identifier=partner.business_id,
            )
        )
    alternate = partner.name.sv if partner.name.sv != partner.name.fi else None
    return HsdsOrganization(
        id=org_id,
        name=partner.name.fi,
        alternate_name=alternate or partner.name.en,
        description=f"{partner.kind.value}: " + (", ".join(partner.provided_services) or "-"),
        website=partner.website,
        organization_identifiers=identifiers,
    )


def municipality_organization(code: str, name_fi: str | None) -> HsdsOrganization:
    return HsdsOrganization(
        id=stable_id("municipality", code),
        name=name_fi or code,
        description=f"municipality {code}: a member of the employment area",
    )


def service_object(
    service: ServiceRead,
    *,
    partners: Mapping[int, PartnerRead],
    municipality_names: Mapping[str, str],
) -> HsdsService:
    service_id = stable_id("service", str(service.id))
    provider = service.provider
    if isinstance(provider, PartnerProviderRead):
        organization = partner_organization(partners[provider.partner_id])
    else:
        code = provider.municipality_code
        organization = municipality_organization(code, municipality_names.get(code))
    return HsdsService(
        id=service_id,
        organization_id=organization.id,
        name=service.name,
        description=service.description,
        status=HSDS_STATUS[service.status],
        eligibility_description="Target groups: " + ", ".join(service.target_groups),
        service_areas=_areas(service_id, service.municipalities, municipality_names),
        organization=organization,
    )


def _areas(
    service_id: str, codes: Sequence[str], names: Mapping[str, str]
) -> list[HsdsServiceArea]:
    return [
        HsdsServiceArea(
            id=str(uuid.uuid5(NAMESPACE, f"{service_id}/area/{code}")),
            service_id=service_id,
            name=names.get(code, code),
            description=f"municipality {code}",
        )
        for code in codes
    ]

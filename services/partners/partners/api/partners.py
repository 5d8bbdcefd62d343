"""Routes for partner organisations (shared reference data) and an area's contacts at them.

Any valid token reads partners; an admin or any planner creates and changes them. A
partner's contacts are never in the partner: they are the area's, under
`/v1/areas/{area_id}/partners/{id}/contacts`, for that area's planners only.
"""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from partners.api.deps import (
    AnyReader,
    AreaPlanner,
    IdempotentAreaPlanner,
    IdempotentPartnerWriter,
    PartnerWriter,
    Session,
)
from partners.api.params import AreaIdPath, ListFormat, MunicipalityCodeQuery, RowId
from partners.errors import (
    ContactNotFound,
    InvalidBusinessId,
    PartnerInUse,
    PartnerNotFound,
    UnknownMunicipality,
)
from partners.repository.partners import PartnerFilters
from partners.rules.hsds import partner_organization
from partners.rules.search import prefix_terms
from partners.schemas.hsds import HsdsOrganizationPage
from partners.schemas.partners import ContactRead, ContactWrite, PartnerRead, PartnerWrite
from partners.service import contacts as contact_service
from partners.service import partners as service
from partners.vocabulary import MAX_QUERY_LENGTH, PartnerKind
from servicekit.db import DbReads
from servicekit.errors import DependencyUnavailable, raises
from servicekit.fields import PLAIN_TEXT_PATTERN
from servicekit.http import ETaggedWrite, FreshRead, IfMatch, Page, PageParams
from servicekit.idempotency import IdempotentRoute
from servicekit.links import public_path
from servicekit.peers import AsCaller

router = APIRouter(tags=["partners"], route_class=IdempotentRoute)

PARTNER = "/partners/{partner_id}"
CONTACTS = "/areas/{area_id}/partners/{partner_id}/contacts"


@router.post("/partners", status_code=status.HTTP_201_CREATED)
@raises(InvalidBusinessId, UnknownMunicipality, DependencyUnavailable)
async def create_partner(
    body: PartnerWrite,
    request: Request,
    response: Response,
    session: Session,
    calls: AsCaller,
    _: IdempotentPartnerWriter,
    written: ETaggedWrite,
) -> PartnerRead:
    """Its `municipalities` must be in the areas service's registry; its `business_id`
    must pass the Y-tunnus check (DOMAIN.md §5)."""
    partner = await service.create_partner(session, calls, body)
    read = written.read(PartnerRead, partner)
    response.headers["Location"] = public_path(request, f"/v1/partners/{read.id}")
    return read


@router.get("/partners")
async def list_partners(
    reads: DbReads,
    _: AnyReader,
    page: PageParams,
    kind: PartnerKind | None = None,
    municipality_code: MunicipalityCodeQuery = None,
    q: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=MAX_QUERY_LENGTH,
            pattern=PLAIN_TEXT_PATTERN,
            description="Words of its names or provided services; each a prefix, in "
            "Finnish, Swedish or as written ('työpa' finds 'työpaja'); best match first",
        ),
    ] = None,
    format: ListFormat = "json",
) -> Page[PartnerRead] | HsdsOrganizationPage:
    filters = PartnerFilters(
        kind=kind.value if kind else None,
        municipality_code=municipality_code,
        terms=prefix_terms(q) if q is not None else (),
    )
    if q is not None and not filters.terms:
        # No word to search for (only punctuation): nothing matches.
        return Page[PartnerRead](items=[]) if format == "json" else _hsds([])
    if format == "hsds":
        rows = await service.list_partners(reads, filters=filters, page=None)
        return _hsds([PartnerRead.model_validate(dict(row._mapping)) for row in rows])
    if filters.terms:
        rows = await service.list_partners(reads, filters=filters, page=page.keyset(int, int))
        return page.build(PartnerRead, rows, key=lambda p: (p.sort_rank, p.id))
    rows = await service.list_partners(reads, filters=filters, page=page.keyset(int))
    return page.build(PartnerRead, rows, key=lambda p: (p.id,))


def _hsds(partners: list[PartnerRead]) -> HsdsOrganizationPage:
    contents = [partner_organization(partner) for partner in partners]
    return HsdsOrganizationPage(
        total_items=len(contents),
        total_pages=1,
        page_number=1,
        size=len(contents),
        first_page=True,
        last_page=True,
        empty=not contents,
        contents=contents,
    )


@router.get(PARTNER)
@raises(PartnerNotFound)
async def get_partner(
    partner_id: RowId, session: Session, _: AnyReader, fresh: FreshRead
) -> PartnerRead:
    return fresh.read(PartnerRead, await service.get_partner(session, partner_id))


@router.put(PARTNER)
@raises(PartnerNotFound, InvalidBusinessId, UnknownMunicipality, DependencyUnavailable)
async def replace_partner(
    partner_id: RowId,
    body: PartnerWrite,
    session: Session,
    calls: AsCaller,
    _: PartnerWriter,
    preconditions: IfMatch,
) -> PartnerRead:
    partner = await service.replace_partner(
        session, calls, partner_id=partner_id, data=body, guard=preconditions
    )
    return preconditions.read(PartnerRead, partner)


@router.delete(PARTNER, status_code=status.HTTP_204_NO_CONTENT)
@raises(PartnerNotFound, PartnerInUse)
async def delete_partner(
    partner_id: RowId, session: Session, _: PartnerWriter, preconditions: IfMatch
) -> None:
    """Only a partner no area names (in contacts, cooperation, services or projects)."""
    await service.delete_partner(session, partner_id=partner_id, guard=preconditions)


@router.post(CONTACTS, status_code=status.HTTP_201_CREATED)
@raises(PartnerNotFound, DependencyUnavailable)
async def create_contact(
    area_id: AreaIdPath,
    partner_id: RowId,
    body: ContactWrite,
    request: Request,
    response: Response,
    session: Session,
    calls: AsCaller,
    _: IdempotentAreaPlanner,
    written: ETaggedWrite,
) -> ContactRead:
    contact = await contact_service.create_contact(
        session, calls, area_id=area_id, partner_id=partner_id, data=body
    )
    read = written.read(ContactRead, contact)
    response.headers["Location"] = public_path(
        request, f"/v1/areas/{area_id}/partners/{partner_id}/contacts/{read.id}"
    )
    return read


@router.get(CONTACTS)
@raises(PartnerNotFound)
async def list_contacts(
    area_id: AreaIdPath,
    partner_id: RowId,
    reads: DbReads,
    session: Session,
    _: AreaPlanner,
    page: PageParams,
) -> Page[ContactRead]:
    rows = await contact_service.list_contacts(
        reads, session, area_id=area_id, partner_id=partner_id, page=page.keyset(int)
    )
    return page.build(ContactRead, rows, key=lambda c: (c.id,))


@router.get(CONTACTS + "/{contact_id}")
@raises(ContactNotFound)
async def get_contact(
    area_id: AreaIdPath,
    partner_id: RowId,
    contact_id: RowId,
    session: Session,
    _: AreaPlanner,
    fresh: FreshRead,
) -> ContactRead:
    contact = await contact_service.get_contact(
        session, area_id=area_id, partner_id=partner_id, contact_id=contact_id
    )
    return fresh.read(ContactRead, contact)


@router.delete(CONTACTS + "/{contact_id}", status_code=status.HTTP_204_NO_CONTENT)
@raises(ContactNotFound)
async def delete_contact(
    area_id: AreaIdPath,
    partner_id: RowId,
    contact_id: RowId,
    session: Session,
    _: AreaPlanner,
    preconditions: IfMatch,
) -> None:
    """Removes a person's details (they left, or asked to be forgotten)."""
    await contact_service.delete_contact(
        session,
        area_id=area_id,
        partner_id=partner_id,
        contact_id=contact_id,
        guard=preconditions,
    )

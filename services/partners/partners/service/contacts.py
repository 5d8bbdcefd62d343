"""Contacts: the people an area deals with at a partner, visible to its planners only."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from partners.errors import ContactNotFound, PartnerNotFound
from partners.models import Contact
from partners.repository import partners as repository
from partners.repository.rows import Source
from partners.schemas.partners import ContactRead, ContactWrite
from partners.service.areas import ensure_area
from servicekit.http import Keyset, Preconditions
from servicekit.peers import PeerCalls


async def _partner_exists(session: AsyncSession, partner_id: int) -> None:
    if not await repository.existing_partner_ids(session, [partner_id]):
        raise PartnerNotFound(partner_id)


async def create_contact(
    session: AsyncSession, calls: PeerCalls, *, area_id: str, partner_id: int, data: ContactWrite
) -> Contact:
    await _partner_exists(session, partner_id)
    await ensure_area(session, calls, area_id)
    contact = Contact(area_id=area_id, partner_id=partner_id, **data.model_dump())
    await repository.save(session, contact)
    return contact


async def list_contacts(
    source: Source, session: AsyncSession, *, area_id: str, partner_id: int, page: Keyset
) -> Sequence[Row[Any]]:
    if await repository.get_partner(session, partner_id) is None:
        raise PartnerNotFound(partner_id)
    return await repository.list_contacts(source, area_id=area_id, partner_id=partner_id, page=page)


async def get_contact(
    session: AsyncSession, *, area_id: str, partner_id: int, contact_id: int
) -> Contact:
    query = repository.select_contact(area_id=area_id, partner_id=partner_id, contact_id=contact_id)
    contact = (await session.scalars(query)).first()
    if contact is None:
        raise ContactNotFound(area_id, partner_id, contact_id)
    return contact


async def delete_contact(
    session: AsyncSession,
    *,
    area_id: str,
    partner_id: int,
    contact_id: int,
    guard: Preconditions,
) -> None:
    contact: Contact = await guard.lock(
        session,
        repository.select_contact(area_id=area_id, partner_id=partner_id, contact_id=contact_id),
        model=ContactRead,
        not_found=ContactNotFound(area_id, partner_id, contact_id),
    )
    await repository.delete(session, contact)

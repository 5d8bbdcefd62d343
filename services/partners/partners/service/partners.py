"""Partner organisations: shared reference data across areas (DOMAIN.md §5)."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from partners.errors import InvalidBusinessId, PartnerInUse, PartnerNotFound, UnknownMunicipality
from partners.models import Partner
from partners.repository import partners as repository
from partners.repository.partners import PartnerFilters
from partners.repository.rows import Source
from partners.rules.business_id import business_id_problem
from partners.schemas.partners import PartnerRead, PartnerWrite
from partners.service.areas import municipality_names
from servicekit.errors import FieldError
from servicekit.http import Keyset, Preconditions
from servicekit.peers import PeerCalls


async def _checked(calls: PeerCalls, data: PartnerWrite) -> dict[str, Any]:
    if data.business_id is not None:
        reason = business_id_problem(data.business_id)
        if reason is not None:
            raise InvalidBusinessId(reason)
    known = await municipality_names(calls, data.municipalities)
    unknown = [
        FieldError(f"municipalities.{i}", f"no municipality {code} in the registry")
        for i, code in enumerate(data.municipalities)
        if code not in known
    ]
    if unknown:
        raise UnknownMunicipality(unknown)
    return {
        "name": data.name.model_dump(exclude_none=True),
        "kind": data.kind.value,
        "municipalities": list(data.municipalities),
        "business_id": data.business_id,
        "website": data.website,
        "ptv_id": data.ptv_id,
        "provided_services": list(data.provided_services),
    }


async def create_partner(session: AsyncSession, calls: PeerCalls, data: PartnerWrite) -> Partner:
    partner = Partner(**await _checked(calls, data))
    await repository.save(session, partner)
    return partner


async def get_partner(session: AsyncSession, partner_id: int) -> Partner:
    partner = await repository.get_partner(session, partner_id)
    if partner is None:
        raise PartnerNotFound(partner_id)
    return partner


async def replace_partner(
    session: AsyncSession,
    calls: PeerCalls,
    *,
    partner_id: int,
    data: PartnerWrite,
    guard: Preconditions,
) -> Partner:
    partner: Partner = await guard.lock(
        session,
        repository.select_partner(partner_id),
        model=PartnerRead,
        not_found=PartnerNotFound(partner_id),
    )
    for name, value in (await _checked(calls, data)).items():
        setattr(partner, name, value)
    await repository.save(session, partner)
    return partner


async def delete_partner(session: AsyncSession, *, partner_id: int, guard: Preconditions) -> None:
    """A partner any area still names stays (409): partners are shared by every area."""
    partner: Partner = await guard.lock(
        session,
        repository.select_partner(partner_id),
        model=PartnerRead,
        not_found=PartnerNotFound(partner_id),
    )
    references = await repository.references_to(session, partner_id)
    if references:
        raise PartnerInUse(partner_id, references)
    await repository.delete(session, partner)


async def list_partners(
    source: Source, *, filters: PartnerFilters, page: Keyset | None
) -> Sequence[Row[Any]]:
    return await repository.list_partners(source, filters=filters, page=page)


async def check_partner_ids(
    session: AsyncSession, fields: Sequence[tuple[str, int]]
) -> list[FieldError]:
    """The fields (name, partner id) naming no partner; the others are share-locked until
    the transaction ends, so that none of them is deleted meanwhile."""
    found = await repository.existing_partner_ids(session, sorted({id_ for _, id_ in fields}))
    return [
        FieldError(name, f"no partner {partner_id}")
        for name, partner_id in fields
        if partner_id not in found
    ]

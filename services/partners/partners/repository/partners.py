"""Queries on partners and their contacts."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Integer, Row, Select, cast, func, literal, or_, select
from sqlalchemy.dialects.postgresql import REGCONFIG
from sqlalchemy.ext.asyncio import AsyncSession

from partners.models import Contact, Cooperation, Partner, Project, Service
from partners.repository.rows import Source, rows
from servicekit.http import Keyset

# The text-search configurations that ship with PostgreSQL; `simple` does not stem, so a
# prefix of a word as written matches it ("työpa" of "työpaja").
CONFIGS = ("simple", "finnish", "swedish")
PARTNER_COLUMNS = [c for c in Partner.__table__.c if c.name != "search_vector"]
# ts_rank scaled to an integer, so that a ranked page has a cursor of whole numbers.
RANK_SCALE = 1_000_000


@dataclass(frozen=True)
class PartnerFilters:
    kind: str | None = None
    municipality_code: str | None = None
    terms: Sequence[str] = ()


def select_partner(partner_id: int) -> Select[Partner]:
    return select(Partner).where(Partner.id == partner_id)


async def get_partner(session: AsyncSession, partner_id: int) -> Partner | None:
    return (await session.scalars(select_partner(partner_id))).first()


async def save(session: AsyncSession, instance: object) -> None:
    session.add(instance)
    await session.flush()


async def delete(session: AsyncSession, instance: object) -> None:
    await session.delete(instance)
    await session.flush()


def _query(terms: Sequence[str]) -> ColumnElement[Any]:
    """Every term (`työpa:*`) matched as a prefix in the Finnish, Swedish or unstemmed form."""
    per_term = []
    for term in terms:
        forms = [func.to_tsquery(cast(literal(config), REGCONFIG), term) for config in CONFIGS]
        either: ColumnElement[Any] = forms[0]
        for form in forms[1:]:
            either = either.op("||")(form)
        per_term.append(either)
    query: ColumnElement[Any] = per_term[0]
    for more in per_term[1:]:
        query = query.op("&&")(more)
    return query


def _filtered(query: Select[Any], filters: PartnerFilters) -> Select[Any]:
    if filters.kind is not None:
        query = query.where(Partner.kind == filters.kind)
    if filters.municipality_code is not None:
        # `@>`, which the GIN index on the column serves.
        query = query.where(Partner.municipalities.contains([filters.municipality_code]))
    return query


async def list_partners(
    source: Source, *, filters: PartnerFilters, page: Keyset | None
) -> Sequence[Row[Any]]:
    """A page by id; with search terms ranked by match, best first (then by id). Without a
    page (an export), every partner that matches."""
    query = select(*PARTNER_COLUMNS)
    if filters.terms:
        tsquery = _query(filters.terms)
        rank = cast(func.ts_rank(Partner.search_vector, tsquery) * RANK_SCALE, Integer)
        query = _filtered(query.add_columns((-rank).label("sort_rank")), filters)
        query = query.where(Partner.search_vector.op("@@")(tsquery))
        key: list[Any] = [-rank, Partner.id]
    else:
        query = _filtered(query, filters)
        key = [Partner.id]
    if page is None:
        return await rows(source, query.order_by(*key))
    return await rows(source, page.apply(query, *key))


async def existing_partner_ids(session: AsyncSession, ids: Sequence[int]) -> set[int]:
    """The ids of `ids` that name partners, share-locked until the transaction ends, so that
    a partner cannot be deleted while a write names it."""
    if not ids:
        return set()
    query = select(Partner.id).where(Partner.id.in_(ids)).with_for_update(read=True)
    return set((await session.scalars(query)).all())


async def partners_by_id(source: Source, ids: Sequence[int]) -> Sequence[Row[Any]]:
    if not ids:
        return []
    return await rows(source, select(*PARTNER_COLUMNS).where(Partner.id.in_(ids)))


async def references_to(session: AsyncSession, partner_id: int) -> int:
    """How many records of any area name the partner."""
    counts = [
        select(func.count()).where(Contact.partner_id == partner_id),
        select(func.count()).where(Service.provider_partner_id == partner_id),
        select(func.count()).where(Cooperation.partner_ids.contains([partner_id])),
        select(func.count()).where(
            or_(Project.partner_ids.contains([partner_id]), Project.funder_partner_id == partner_id)
        ),
    ]
    total = 0
    for count in counts:
        total += int(await session.scalar(count) or 0)
    return total


def select_contact(*, area_id: str, partner_id: int, contact_id: int) -> Select[Contact]:
    return select(Contact).where(
        Contact.id == contact_id, Contact.area_id == area_id, Contact.partner_id == partner_id
    )


async def list_contacts(
    source: Source, *, area_id: str, partner_id: int, page: Keyset
) -> Sequence[Row[Any]]:
    query = select(Contact.__table__).where(
        Contact.area_id == area_id, Contact.partner_id == partner_id
    )
    return await rows(source, page.apply(query, Contact.id))

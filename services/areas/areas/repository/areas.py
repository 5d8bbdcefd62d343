"""Queries on employment areas, their membership and their exemptions."""

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any

from asyncpg import Record
from sqlalchemy import ColumnElement, Row, Select, and_, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from areas.models import Area, AreaExemption, AreaMembership, Municipality
from servicekit.db import (
    EXCLUSION_VIOLATION,
    UNIQUE_VIOLATION,
    Reads,
    fetch_rows,
    flush_unless,
    one_of,
)
from servicekit.http import Keyset


async def municipality_exists(session: AsyncSession, code: str) -> bool:
    return await session.get(Municipality, code) is not None


async def get_area(session: AsyncSession, area_id: str) -> Area | None:
    return await session.get(Area, area_id)


def select_area(area_id: str) -> Select[Area]:
    """The area, for a conditional write to lock (servicekit.http.Preconditions)."""
    return select(Area).where(Area.id == area_id)


def select_membership(*, area_id: str, membership_id: int) -> Select[AreaMembership]:
    """The membership when it is the area's, for a conditional write to lock."""
    return select(AreaMembership).where(
        AreaMembership.id == membership_id, AreaMembership.area_id == area_id
    )


def select_exemption(*, area_id: str, exemption_id: int) -> Select[AreaExemption]:
    """The exemption when it is the area's, for a conditional write to lock."""
    return select(AreaExemption).where(
        AreaExemption.id == exemption_id, AreaExemption.area_id == area_id
    )


async def add_area(session: AsyncSession, area: Area) -> bool:
    """Inserts the area; False when its id is taken."""
    return await flush_unless(session, area, UNIQUE_VIOLATION)


async def list_areas(
    reads: Reads, *, only_ids: Collection[str] | None, page: Keyset
) -> list[Record]:
    query = page.apply(select(Area.__table__), Area.id)
    if only_ids is not None:
        query = query.where(one_of(Area.id, only_ids))
    return await reads.rows(query)


def _valid_on(
    model: type[AreaMembership] | type[AreaExemption], on: dt.date
) -> ColumnElement[bool]:
    return and_(model.valid_from <= on, (model.valid_to.is_(None)) | (model.valid_to >= on))


async def list_memberships_on(
    session: AsyncSession, *, area_id: str, on: dt.date, page: Keyset
) -> Sequence[Row[Any]]:
    query = page.apply(
        select(AreaMembership.__table__).where(
            AreaMembership.area_id == area_id, _valid_on(AreaMembership, on)
        ),
        AreaMembership.municipality_code,
    )
    return await fetch_rows(session, query)


async def member_codes_on(session: AsyncSession, *, area_id: str, on: dt.date) -> list[str]:
    query = (
        select(AreaMembership.municipality_code)
        .where(AreaMembership.area_id == area_id, _valid_on(AreaMembership, on))
        .order_by(AreaMembership.municipality_code)
    )
    return list((await session.scalars(query)).all())


async def members_on(session: AsyncSession, *, area_id: str, on: dt.date) -> Sequence[Row[Any]]:
    """The members on `on` with their municipality's names and coordinates, by code: code,
    name_fi, name_sv, lat, lon, valid_from, valid_to."""
    query = (
        select(
            Municipality.code,
            Municipality.name_fi,
            Municipality.name_sv,
            Municipality.lat,
            Municipality.lon,
            AreaMembership.valid_from,
            AreaMembership.valid_to,
        )
        .join(Municipality, Municipality.code == AreaMembership.municipality_code)
        .where(AreaMembership.area_id == area_id, _valid_on(AreaMembership, on))
        .order_by(Municipality.code)
    )
    return await fetch_rows(session, query)


async def get_membership(
    session: AsyncSession, *, area_id: str, membership_id: int
) -> AreaMembership | None:
    membership = await session.get(AreaMembership, membership_id)
    return membership if membership is not None and membership.area_id == area_id else None


async def overlapping_memberships(
    session: AsyncSession,
    *,
    municipality_code: str,
    valid_from: dt.date,
    valid_to: dt.date | None,
    exclude_id: int | None = None,
) -> Sequence[AreaMembership]:
    """The municipality's memberships (in any area) whose period overlaps the given one."""
    period = func.daterange(
        literal(valid_from), literal(valid_to, type_=AreaMembership.valid_to.type), "[]"
    )
    stored = func.daterange(AreaMembership.valid_from, AreaMembership.valid_to, "[]")
    query = (
        select(AreaMembership)
        .where(AreaMembership.municipality_code == municipality_code, stored.op("&&")(period))
        .order_by(AreaMembership.valid_from)
    )
    if exclude_id is not None:
        query = query.where(AreaMembership.id != exclude_id)
    return (await session.scalars(query)).all()


async def memberships_elsewhere_on(
    session: AsyncSession, *, area_id: str, codes: Collection[str], on: dt.date
) -> Sequence[AreaMembership]:
    """Memberships on `on` of the given municipalities in areas other than `area_id`."""
    query = (
        select(AreaMembership)
        .where(
            AreaMembership.area_id != area_id,
            AreaMembership.municipality_code.in_(codes),
            _valid_on(AreaMembership, on),
        )
        .order_by(AreaMembership.municipality_code, AreaMembership.area_id)
    )
    return (await session.scalars(query)).all()


async def save_membership(
    session: AsyncSession,
    membership: AreaMembership,
    *,
    valid_from: dt.date,
    valid_to: dt.date | None,
) -> bool:
    """Gives the membership this period and writes it; False (nothing changed) when the
    database's one-area-at-a-time exclusion constraint refuses it."""
    changes = {"valid_from": valid_from, "valid_to": valid_to}
    return await flush_unless(session, membership, EXCLUSION_VIOLATION, changes=changes)


async def add_exemption(session: AsyncSession, exemption: AreaExemption) -> None:
    session.add(exemption)
    await session.flush()


async def get_exemption(
    session: AsyncSession, *, area_id: str, exemption_id: int
) -> AreaExemption | None:
    exemption = await session.get(AreaExemption, exemption_id)
    return exemption if exemption is not None and exemption.area_id == area_id else None


async def list_exemptions(
    session: AsyncSession, *, area_id: str, on: dt.date | None, page: Keyset
) -> Sequence[Row[Any]]:
    query = page.apply(
        select(AreaExemption.__table__).where(AreaExemption.area_id == area_id), AreaExemption.id
    )
    if on is not None:
        query = query.where(_valid_on(AreaExemption, on))
    return await fetch_rows(session, query)


async def exemptions_valid_on(
    session: AsyncSession, *, area_id: str, on: dt.date
) -> Sequence[AreaExemption]:
    query = (
        select(AreaExemption)
        .where(AreaExemption.area_id == area_id, _valid_on(AreaExemption, on))
        .order_by(AreaExemption.id)
    )
    return (await session.scalars(query)).all()

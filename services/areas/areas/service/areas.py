"""Rules for employment areas, their membership over time and their exemptions."""

import datetime as dt
from collections.abc import Sequence
from functools import partial
from typing import Any

from asyncpg import Record
from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from areas.errors import (
    AreaExists,
    AreaNotFound,
    ExemptionNotFound,
    MembershipNotFound,
    MembershipOverlap,
    UnknownMunicipalityField,
)
from areas.models import Area, AreaExemption, AreaMembership
from areas.repository import areas as repository
from areas.schemas.areas import (
    AreaCreate,
    AreaRead,
    AreaUpdate,
    ExemptionCreate,
    ExemptionRead,
    ExemptionUpdate,
    MembershipCreate,
    MembershipRead,
)
from servicekit.auth import Principal
from servicekit.db import Reads
from servicekit.errors import Conflict, FieldError, UnprocessableContent
from servicekit.http import Keyset, Preconditions


async def _ensure_municipality(session: AsyncSession, *, field: str, code: str) -> None:
    if not await repository.municipality_exists(session, code):
        raise UnknownMunicipalityField(field, code)


async def create_area(session: AsyncSession, *, data: AreaCreate) -> Area:
    await _ensure_municipality(
        session, field="home_municipality_code", code=data.home_municipality_code
    )
    area = Area(**data.model_dump())
    if not await repository.add_area(session, area):
        raise AreaExists(data.id)
    return area


async def get_area(session: AsyncSession, *, area_id: str) -> Area:
    area = await repository.get_area(session, area_id)
    if area is None:
        raise AreaNotFound(area_id)
    return area


async def list_areas(reads: Reads, *, principal: Principal, page: Keyset) -> list[Record]:
    return await repository.list_areas(reads, only_ids=principal.readable_areas(), page=page)


async def update_area(
    session: AsyncSession, *, area_id: str, data: AreaUpdate, guard: Preconditions
) -> Area:
    """A partial update of the area, once it is locked and the client's ETag matches."""
    area = await guard.lock(
        session, repository.select_area(area_id), model=AreaRead, not_found=AreaNotFound(area_id)
    )
    changes = data.model_dump(mode="json", exclude_unset=True)
    if "home_municipality_code" in changes:
        await _ensure_municipality(
            session, field="home_municipality_code", code=changes["home_municipality_code"]
        )
    for field, value in changes.items():
        setattr(area, field, value)
    await session.flush()
    return area


async def add_membership(
    session: AsyncSession, *, area_id: str, data: MembershipCreate
) -> AreaMembership:
    await get_area(session, area_id=area_id)
    await _ensure_municipality(session, field="municipality_code", code=data.municipality_code)
    membership = AreaMembership(area_id=area_id, municipality_code=data.municipality_code)
    await _save_membership(session, membership, valid_from=data.valid_from, valid_to=data.valid_to)
    return membership


async def _save_membership(
    session: AsyncSession,
    membership: AreaMembership,
    *,
    valid_from: dt.date,
    valid_to: dt.date | None,
) -> None:
    """DOMAIN.md §1: a municipality belongs to at most one area at a time. Checked here to
    name the other area; the database's exclusion constraint holds it under concurrency.
    The period is given to `membership` only when it is written (no autoflush of a bad row)."""
    # Read before the write: a refused write expires the object's attributes.
    code = membership.municipality_code
    find_overlapping = partial(
        repository.overlapping_memberships,
        session,
        municipality_code=code,
        valid_from=valid_from,
        valid_to=valid_to,
        exclude_id=membership.id,
    )
    overlapping = await find_overlapping()
    if not overlapping:
        if await repository.save_membership(
            session, membership, valid_from=valid_from, valid_to=valid_to
        ):
            return
        # Another transaction committed an overlapping membership meanwhile.
        overlapping = await find_overlapping()
    if not overlapping:
        raise Conflict(f"Municipality {code} is already in an area during this period.")
    other = overlapping[0]
    raise MembershipOverlap(municipality_code=code, other_area_id=other.area_id, other_id=other.id)


async def list_members(
    session: AsyncSession, *, area_id: str, on: dt.date, page: Keyset
) -> Sequence[Row[Any]]:
    await get_area(session, area_id=area_id)
    return await repository.list_memberships_on(session, area_id=area_id, on=on, page=page)


async def get_membership(
    session: AsyncSession, *, area_id: str, membership_id: int
) -> AreaMembership:
    membership = await repository.get_membership(
        session, area_id=area_id, membership_id=membership_id
    )
    if membership is None:
        await get_area(session, area_id=area_id)
        raise MembershipNotFound(area_id, membership_id)
    return membership


async def end_membership(
    session: AsyncSession,
    *,
    area_id: str,
    membership_id: int,
    valid_to: dt.date | None,
    guard: Preconditions,
) -> AreaMembership:
    """Sets the membership's last day. The row stays, so the history on past dates is kept."""
    membership = await guard.lock(
        session,
        repository.select_membership(area_id=area_id, membership_id=membership_id),
        model=MembershipRead,
        not_found=MembershipNotFound(area_id, membership_id),
    )
    if valid_to is not None and valid_to < membership.valid_from:
        raise UnprocessableContent(
            "valid_to must not be before the membership's valid_from.",
            [FieldError("valid_to", f"must not be before valid_from {membership.valid_from}")],
        )
    await _save_membership(session, membership, valid_from=membership.valid_from, valid_to=valid_to)
    return membership


async def add_exemption(
    session: AsyncSession, *, area_id: str, data: ExemptionCreate
) -> AreaExemption:
    await get_area(session, area_id=area_id)
    exemption = AreaExemption(area_id=area_id, **data.model_dump())
    await repository.add_exemption(session, exemption)
    return exemption


async def update_exemption(
    session: AsyncSession,
    *,
    area_id: str,
    exemption_id: int,
    data: ExemptionUpdate,
    guard: Preconditions,
) -> AreaExemption:
    exemption = await guard.lock(
        session,
        repository.select_exemption(area_id=area_id, exemption_id=exemption_id),
        model=ExemptionRead,
        not_found=ExemptionNotFound(area_id, exemption_id),
    )
    changes = data.model_dump(exclude_unset=True)
    valid_to = changes.get("valid_to")
    if valid_to is not None and valid_to < exemption.valid_from:
        raise UnprocessableContent(
            "valid_to must not be before the exemption's valid_from.",
            [FieldError("valid_to", f"must not be before valid_from {exemption.valid_from}")],
        )
    for field, value in changes.items():
        setattr(exemption, field, value)
    await session.flush()
    return exemption


async def list_exemptions(
    session: AsyncSession, *, area_id: str, on: dt.date | None, page: Keyset
) -> Sequence[Row[Any]]:
    await get_area(session, area_id=area_id)
    return await repository.list_exemptions(session, area_id=area_id, on=on, page=page)


async def get_exemption(session: AsyncSession, *, area_id: str, exemption_id: int) -> AreaExemption:
    exemption = await repository.get_exemption(session, area_id=area_id, exemption_id=exemption_id)
    if exemption is None:
        await get_area(session, area_id=area_id)
        raise ExemptionNotFound(area_id, exemption_id)
    return exemption

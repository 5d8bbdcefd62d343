"""Checks of what an area's record names: partners, other areas, member municipalities."""

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from partners.errors import NotAnAreaMember, UnknownArea, UnknownPartner
from partners.service.areas import member_codes
from partners.service.partners import check_partner_ids
from servicekit.errors import FieldError
from servicekit.peers import PeerCalls


async def check_partners(session: AsyncSession, fields: Sequence[tuple[str, int]]) -> None:
    errors = await check_partner_ids(session, fields)
    if errors:
        raise UnknownPartner(errors)


def check_other_areas(area_id: str, area_ids: Sequence[str]) -> None:
    """Other areas are named by id and not looked up: a planner's token reads no other area,
    and whether one exists is not the caller's to find out (DESIGN.md, tenancy)."""
    errors = [
        FieldError(f"area_ids.{index}", "names the area itself; list the other areas")
        for index, other in enumerate(area_ids)
        if other == area_id
    ]
    if errors:
        raise UnknownArea(errors)


async def check_members(
    calls: PeerCalls, area_id: str, day: dt.date, fields: Sequence[tuple[str, str]]
) -> None:
    """Each field (name, code) must name a member of the area on `day`."""
    if not fields:
        return
    members = set(await member_codes(calls, area_id, day))
    errors = [
        FieldError(name, f"{code} is not a member of area '{area_id}' on {day.isoformat()}")
        for name, code in fields
        if code not in members
    ]
    if errors:
        raise NotAnAreaMember(errors)

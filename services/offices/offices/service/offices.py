"""Offices and service points: create, read, replace, delete, list (DOMAIN.md §4)."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from offices.errors import OfficeNotFound
from offices.models import Office
from offices.repository import offices as repository
from offices.repository.offices import OfficeFilters
from offices.repository.rows import Source
from offices.schemas.offices import OfficeRead, OfficeWrite
from offices.service.areas import check_member
from servicekit.clock import today_in_finland
from servicekit.http import Keyset, Preconditions
from servicekit.peers import PeerCalls


def _columns(data: OfficeWrite) -> dict[str, Any]:
    address = data.address
    return {
        "kind": data.kind.value,
        "name": data.name.model_dump(exclude_none=True),
        "municipality_code": data.municipality_code,
        "street": address.street if address else None,
        "postal_code": address.postal_code if address else None,
        "post_office": address.post_office if address else None,
        "lat": data.lat,
        "lon": data.lon,
        "status": data.status.value,
        "services": list(data.services),
        "accessibility_notes": data.accessibility_notes,
        "ptv_id": data.ptv_id,
        "opened_on": data.opened_on,
        "closed_on": data.closed_on,
        "note": data.note,
    }


async def _check(calls: PeerCalls, area_id: str, data: OfficeWrite) -> None:
    await check_member(
        calls,
        area_id,
        data.municipality_code,
        today=today_in_finland(),
        opened_on=data.opened_on,
    )


async def create_office(
    session: AsyncSession, calls: PeerCalls, *, area_id: str, data: OfficeWrite
) -> Office:
    await _check(calls, area_id, data)
    office = Office(area_id=area_id, **_columns(data))
    await repository.add_office(session, office)
    return office


async def get_office(session: AsyncSession, *, area_id: str, office_id: int) -> Office:
    office = await repository.get_office(session, area_id=area_id, office_id=office_id)
    if office is None:
        raise OfficeNotFound(area_id, office_id)
    return office


async def lock_office(
    session: AsyncSession, *, area_id: str, office_id: int, guard: Preconditions
) -> Office:
    office: Office = await guard.lock(
        session,
        repository.select_office(area_id=area_id, office_id=office_id),
        model=OfficeRead,
        not_found=OfficeNotFound(area_id, office_id),
    )
    return office


async def replace_office(
    session: AsyncSession,
    calls: PeerCalls,
    *,
    area_id: str,
    office_id: int,
    data: OfficeWrite,
    guard: Preconditions,
) -> Office:
    office = await lock_office(session, area_id=area_id, office_id=office_id, guard=guard)
    await _check(calls, area_id, data)
    for name, value in _columns(data).items():
        setattr(office, name, value)
    await repository.save(session, office)
    return office


async def delete_office(
    session: AsyncSession, *, area_id: str, office_id: int, guard: Preconditions
) -> None:
    office = await lock_office(session, area_id=area_id, office_id=office_id, guard=guard)
    await repository.delete_office(session, office)


async def list_offices(
    source: Source, *, area_id: str, filters: OfficeFilters, page: Keyset
) -> Sequence[Row[Any]]:
    return await repository.list_offices(source, area_id=area_id, filters=filters, page=page)

"""Cooperation arrangements of an area (plan §5, §5.1)."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from partners.errors import CooperationNotFound
from partners.models import Cooperation
from partners.repository import cooperation as repository
from partners.repository.cooperation import CooperationFilters
from partners.repository.partners import save
from partners.repository.rows import Source
from partners.schemas.cooperation import CooperationRead, CooperationWrite
from partners.service.areas import ensure_area
from partners.service.references import check_other_areas, check_partners
from servicekit.http import Keyset, Preconditions
from servicekit.peers import PeerCalls


async def _columns(session: AsyncSession, area_id: str, data: CooperationWrite) -> dict[str, Any]:
    check_other_areas(area_id, data.area_ids)
    await check_partners(
        session, [(f"partner_ids.{i}", id_) for i, id_ in enumerate(data.partner_ids)]
    )
    return {
        "kind": data.kind.value,
        "title": data.title,
        "themes": [theme.value for theme in data.themes],
        "partner_ids": list(data.partner_ids),
        "area_ids": list(data.area_ids),
        "municipality_codes": list(data.municipality_codes),
        "valid_from": data.valid_from,
        "valid_to": data.valid_to,
        "documents": [document.model_dump() for document in data.documents],
        "note": data.note,
    }


async def create_cooperation(
    session: AsyncSession, calls: PeerCalls, *, area_id: str, data: CooperationWrite
) -> Cooperation:
    await ensure_area(session, calls, area_id)
    cooperation = Cooperation(area_id=area_id, **await _columns(session, area_id, data))
    await save(session, cooperation)
    return cooperation


async def get_cooperation(
    session: AsyncSession, *, area_id: str, cooperation_id: int
) -> Cooperation:
    query = repository.select_cooperation(area_id=area_id, cooperation_id=cooperation_id)
    cooperation = (await session.scalars(query)).first()
    if cooperation is None:
        raise CooperationNotFound(area_id, cooperation_id)
    return cooperation


async def _locked(
    session: AsyncSession, area_id: str, cooperation_id: int, guard: Preconditions
) -> Cooperation:
    locked: Cooperation = await guard.lock(
        session,
        repository.select_cooperation(area_id=area_id, cooperation_id=cooperation_id),
        model=CooperationRead,
        not_found=CooperationNotFound(area_id, cooperation_id),
    )
    return locked


async def replace_cooperation(
    session: AsyncSession,
    *,
    area_id: str,
    cooperation_id: int,
    data: CooperationWrite,
    guard: Preconditions,
) -> Cooperation:
    cooperation = await _locked(session, area_id, cooperation_id, guard)
    for name, value in (await _columns(session, area_id, data)).items():
        setattr(cooperation, name, value)
    await save(session, cooperation)
    return cooperation


async def delete_cooperation(
    session: AsyncSession, *, area_id: str, cooperation_id: int, guard: Preconditions
) -> None:
    cooperation = await _locked(session, area_id, cooperation_id, guard)
    await session.delete(cooperation)
    await session.flush()


def expiring_window(today: dt.date, days: int) -> tuple[dt.date, dt.date]:
    """From today to `days` days ahead, both included: an arrangement whose last day falls
    within it expires within `days` days (plan §5: what must be renewed)."""
    return today, today + dt.timedelta(days=days)


async def list_cooperation(
    source: Source, *, area_id: str, filters: CooperationFilters, page: Keyset | None
) -> Sequence[Row[Any]]:
    return await repository.list_cooperation(source, area_id=area_id, filters=filters, page=page)

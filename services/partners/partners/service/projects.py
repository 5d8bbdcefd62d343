"""Projects of an area (plan §3: the Kymppi preparation project; §6.1: Welcome2EP)."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from partners.errors import ProjectNotFound
from partners.models import Project
from partners.repository import projects as repository
from partners.repository.partners import save
from partners.repository.projects import ProjectFilters
from partners.repository.rows import Source
from partners.schemas.projects import ProjectRead, ProjectWrite
from partners.service.areas import ensure_area
from partners.service.references import check_partners
from servicekit.http import Keyset, Preconditions
from servicekit.peers import PeerCalls


async def _columns(session: AsyncSession, data: ProjectWrite) -> dict[str, Any]:
    named = [(f"partner_ids.{i}", id_) for i, id_ in enumerate(data.partner_ids)]
    if data.funder_partner_id is not None:
        named.append(("funder_partner_id", data.funder_partner_id))
    await check_partners(session, named)
    return {
        "name": data.name,
        "funder": data.funder,
        "funder_partner_id": data.funder_partner_id,
        "amount_eur": Decimal(data.amount_eur) if data.amount_eur is not None else None,
        "start_date": data.start_date,
        "end_date": data.end_date,
        "partner_ids": list(data.partner_ids),
        "themes": [theme.value for theme in data.themes],
        "status": data.status.value,
        "note": data.note,
    }


async def create_project(
    session: AsyncSession, calls: PeerCalls, *, area_id: str, data: ProjectWrite
) -> Project:
    await ensure_area(session, calls, area_id)
    project = Project(area_id=area_id, **await _columns(session, data))
    await save(session, project)
    return project


async def get_project(session: AsyncSession, *, area_id: str, project_id: int) -> Project:
    query = repository.select_project(area_id=area_id, project_id=project_id)
    project = (await session.scalars(query)).first()
    if project is None:
        raise ProjectNotFound(area_id, project_id)
    return project


async def replace_project(
    session: AsyncSession,
    *,
    area_id: str,
    project_id: int,
    data: ProjectWrite,
    guard: Preconditions,
) -> Project:
    project: Project = await guard.lock(
        session,
        repository.select_project(area_id=area_id, project_id=project_id),
        model=ProjectRead,
        not_found=ProjectNotFound(area_id, project_id),
    )
    for name, value in (await _columns(session, data)).items():
        setattr(project, name, value)
    await save(session, project)
    return project


async def list_projects(
    source: Source, *, area_id: str, filters: ProjectFilters, page: Keyset | None
) -> Sequence[Row[Any]]:
    return await repository.list_projects(source, area_id=area_id, filters=filters, page=page)

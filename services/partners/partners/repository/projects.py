"""Queries on projects."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Select, or_, select

from partners.models import Project
from partners.repository.rows import Source, rows
from partners.vocabulary import ProjectStatus
from servicekit.http import Keyset


@dataclass(frozen=True)
class ProjectFilters:
    theme: str | None = None
    status: str | None = None
    active_on: dt.date | None = None


def select_project(*, area_id: str, project_id: int) -> Select[Project]:
    return select(Project).where(Project.id == project_id, Project.area_id == area_id)


def active_on(day: dt.date) -> list[Any]:
    """Under way (not only planned) with `day` within its period; an unknown start or end
    leaves that side open."""
    return [
        Project.status != ProjectStatus.planned.value,
        or_(Project.start_date.is_(None), Project.start_date <= day),
        or_(Project.end_date.is_(None), Project.end_date >= day),
    ]


async def list_projects(
    source: Source, *, area_id: str, filters: ProjectFilters, page: Keyset | None
) -> Sequence[Row[Any]]:
    query = select(Project.__table__).where(Project.area_id == area_id)
    if filters.theme is not None:
        query = query.where(Project.themes.contains([filters.theme]))
    if filters.status is not None:
        query = query.where(Project.status == filters.status)
    if filters.active_on is not None:
        query = query.where(*active_on(filters.active_on))
    if page is None:
        return await rows(source, query.order_by(Project.id))
    return await rows(source, page.apply(query, Project.id))

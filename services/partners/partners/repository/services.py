"""Queries on the service inventory."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Select, or_, select, type_coerce
from sqlalchemy.types import NullType

from partners.models import Service
from partners.repository.rows import Source, rows
from partners.vocabulary import ServiceStatus
from servicekit.http import Keyset


@dataclass(frozen=True)
class ServiceFilters:
    status: str | None = None
    target_group: str | None = None
    municipality_code: str | None = None
    partner_id: int | None = None
    active_on: dt.date | None = None


def select_service(*, area_id: str, service_id: int) -> Select[Service]:
    return select(Service).where(Service.id == service_id, Service.area_id == area_id)


def active_on(day: dt.date) -> list[Any]:
    """Active, and `day` within its period (each end open when absent)."""
    return [
        Service.status == ServiceStatus.active.value,
        or_(Service.valid_from.is_(None), Service.valid_from <= day),
        or_(Service.valid_to.is_(None), Service.valid_to >= day),
    ]


async def list_services(
    source: Source, *, area_id: str, filters: ServiceFilters, page: Keyset | None
) -> Sequence[Row[Any]]:
    query = select(Service.__table__).where(Service.area_id == area_id)
    if filters.status is not None:
        query = query.where(Service.status == filters.status)
    if filters.target_group is not None:
        query = query.where(Service.target_groups.contains([filters.target_group]))
    if filters.municipality_code is not None:
        query = query.where(Service.municipalities.contains([filters.municipality_code]))
    if filters.partner_id is not None:
        query = query.where(Service.provider_partner_id == filters.partner_id)
    if filters.active_on is not None:
        query = query.where(*active_on(filters.active_on))
    if page is None:
        return await rows(source, query.order_by(Service.id))
    return await rows(source, page.apply(query, Service.id))


async def active_services(source: Source, *, area_id: str, day: dt.date) -> Sequence[Row[Any]]:
    """What the coverage needs of each service active on `day`. The two arrays come as the
    driver decodes them (lists of text): SQLAlchemy's per-item pass over them took half of
    the query's time for 2,000 services (bench/README.md)."""
    query = (
        select(
            Service.id,
            Service.name,
            Service.provider_partner_id,
            Service.provider_municipality_code,
            type_coerce(Service.target_groups, NullType()).label("target_groups"),
            type_coerce(Service.municipalities, NullType()).label("municipalities"),
        )
        .where(Service.area_id == area_id, *active_on(day))
        .order_by(Service.id)
    )
    return await rows(source, query)

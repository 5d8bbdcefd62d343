"""Queries on leases."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from offices.models import Lease, Office
from offices.repository.rows import Source, rows
from servicekit.http import Keyset


def select_lease(*, area_id: str, office_id: int, lease_id: int) -> Select[Lease]:
    return select(Lease).where(
        Lease.id == lease_id, Lease.office_id == office_id, Lease.area_id == area_id
    )


async def get_lease(
    session: AsyncSession, *, area_id: str, office_id: int, lease_id: int
) -> Lease | None:
    query = select_lease(area_id=area_id, office_id=office_id, lease_id=lease_id)
    return (await session.scalars(query)).first()


async def list_leases(
    source: Source, *, area_id: str, office_id: int, page: Keyset
) -> Sequence[Row[Any]]:
    query = select(Lease.__table__).where(Lease.area_id == area_id, Lease.office_id == office_id)
    return await rows(source, page.apply(query, Lease.id))


_WITH_OFFICE = (
    Lease.id,
    Lease.office_id,
    Lease.landlord,
    Lease.start_date,
    Lease.end_date,
    Lease.tenant_notice_months,
    Lease.rent_eur_month,
    Office.name.label("office_name"),
    Office.municipality_code,
    Office.kind,
)


async def running_leases(
    source: Source, *, area_id: str, first: Any, last: Any | None = None
) -> Sequence[Row[Any]]:
    """The area's leases that run on some day from `first` (to `last`, when given), with
    their office's name, municipality and kind, by office and lease."""
    query = (
        select(*_WITH_OFFICE)
        .join(Office, Office.id == Lease.office_id)
        .where(Lease.area_id == area_id, or_(Lease.end_date.is_(None), Lease.end_date >= first))
        .order_by(Lease.office_id, Lease.id)
    )
    if last is not None:
        query = query.where(Lease.start_date <= last)
    return await rows(source, query)

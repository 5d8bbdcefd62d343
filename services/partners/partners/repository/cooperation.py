"""Queries on cooperation arrangements."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Select, select

from partners.models import Cooperation
from partners.repository.rows import Source, rows
from servicekit.http import Keyset


@dataclass(frozen=True)
class CooperationFilters:
    kind: str | None = None
    theme: str | None = None
    # Only those whose last day falls from `expiring_from` to `expiring_until` (inclusive).
    expiring_from: dt.date | None = None
    expiring_until: dt.date | None = None


def select_cooperation(*, area_id: str, cooperation_id: int) -> Select[Cooperation]:
    return select(Cooperation).where(
        Cooperation.id == cooperation_id, Cooperation.area_id == area_id
    )


async def list_cooperation(
    source: Source, *, area_id: str, filters: CooperationFilters, page: Keyset | None
) -> Sequence[Row[Any]]:
    query = select(Cooperation.__table__).where(Cooperation.area_id == area_id)
    if filters.kind is not None:
        query = query.where(Cooperation.kind == filters.kind)
    if filters.theme is not None:
        query = query.where(Cooperation.themes.contains([filters.theme]))
    if filters.expiring_from is not None and filters.expiring_until is not None:
        query = query.where(
            Cooperation.valid_to >= filters.expiring_from,
            Cooperation.valid_to <= filters.expiring_until,
        )
    if page is None:
        return await rows(source, query.order_by(Cooperation.id))
    return await rows(source, page.apply(query, Cooperation.id))

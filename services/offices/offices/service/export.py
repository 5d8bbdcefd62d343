"""A page of offices in an export format (HSDS 3.0 locations, PTV v11 channels)."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row

from offices.repository import offices as repository
from offices.repository.rows import Source
from offices.rules.export import Place, hsds_location, ptv_channel
from offices.schemas.export import HsdsLocation, PtvServiceLocation
from offices.service.hours import dated_exceptions, weekly_ranges
from offices.vocabulary import ExportFormat


def _place(row: Row[Any], hours: Row[Any] | None) -> Place:
    return Place(
        area_id=row.area_id,
        id=row.id,
        kind=row.kind,
        status=row.status,
        name=row.name,
        municipality_code=row.municipality_code,
        street=row.street,
        postal_code=row.postal_code,
        post_office=row.post_office,
        lat=row.lat,
        lon=row.lon,
        services=row.services,
        accessibility_notes=row.accessibility_notes,
        ptv_id=row.ptv_id,
        weekly=weekly_ranges(hours.weekly) if hours else [],
        exceptions=dated_exceptions(hours.exceptions) if hours else [],
    )


async def exported(
    source: Source, rows: Sequence[Row[Any]], *, export: ExportFormat, on: dt.date
) -> list[HsdsLocation] | list[PtvServiceLocation]:
    """The page's offices (`rows`) in `export`, their hours read in one query."""
    hours = await repository.hours_of(source, [row.id for row in rows])
    places = [_place(row, hours.get(row.id)) for row in rows]
    if export == ExportFormat.hsds:
        return [HsdsLocation.model_validate(hsds_location(p, on)) for p in places]
    return [PtvServiceLocation.model_validate(ptv_channel(p)) for p in places]

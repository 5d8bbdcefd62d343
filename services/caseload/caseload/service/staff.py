"""Rules for staff positions and the staff summary (plan §2.3)."""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from caseload.errors import StaffPositionNotFound, UnknownServiceLine
from caseload.models import StaffPosition
from caseload.repository import staff as repository
from caseload.repository.rows import Source
from caseload.repository.staff import StaffFilters
from caseload.schemas.staff import (
    FunctionFte,
    OfficeFte,
    OriginFte,
    ServiceLineFte,
    StaffPositionRead,
    StaffPositionWrite,
    StaffSummary,
)
from caseload.service.areas import check_office, ensure_area, service_lines
from caseload.vocabulary import StaffFunction, StaffOrigin
from servicekit.errors import FieldError
from servicekit.http import Keyset, Preconditions
from servicekit.peers import PeerCalls


def _columns(data: StaffPositionWrite) -> dict[str, Any]:
    return {
        # The float as written (0.1 is 0.1, not its binary neighbour): at most 3 decimals.
        "fte": Decimal(str(data.fte)),
        "function": data.function.value,
        "service_line": data.service_line,
        "office_id": data.office_id,
        "origin": data.origin.value,
        "start_date": data.start_date,
        "end_date": data.end_date,
        "title": data.title,
        "name": data.name,
    }


async def _check_references(
    session: AsyncSession, calls: PeerCalls, area_id: str, data: StaffPositionWrite
) -> None:
    if data.service_line is not None:
        keys = {line.key for line in await service_lines(session, area_id)}
        if data.service_line not in keys:
            message = f"the area has no service line '{data.service_line}'"
            raise UnknownServiceLine([FieldError("service_line", message)])
    await check_office(calls, area_id, data.office_id)


async def create_position(
    session: AsyncSession, calls: PeerCalls, *, area_id: str, data: StaffPositionWrite
) -> StaffPosition:
    await ensure_area(session, calls, area_id)
    await _check_references(session, calls, area_id, data)
    position = StaffPosition(area_id=area_id, **_columns(data))
    await repository.save_position(session, position)
    return position


async def get_position(session: AsyncSession, *, area_id: str, position_id: int) -> StaffPosition:
    position = await repository.get_position(session, area_id=area_id, position_id=position_id)
    if position is None:
        raise StaffPositionNotFound(area_id, position_id)
    return position


async def replace_position(
    session: AsyncSession,
    calls: PeerCalls,
    *,
    area_id: str,
    position_id: int,
    data: StaffPositionWrite,
    guard: Preconditions,
) -> StaffPosition:
    position: StaffPosition = await guard.lock(
        session,
        repository.select_position(area_id=area_id, position_id=position_id),
        model=StaffPositionRead,
        not_found=StaffPositionNotFound(area_id, position_id),
    )
    await _check_references(session, calls, area_id, data)
    for name, value in _columns(data).items():
        setattr(position, name, value)
    await repository.save_position(session, position)
    return position


async def delete_position(
    session: AsyncSession, *, area_id: str, position_id: int, guard: Preconditions
) -> None:
    position: StaffPosition = await guard.lock(
        session,
        repository.select_position(area_id=area_id, position_id=position_id),
        model=StaffPositionRead,
        not_found=StaffPositionNotFound(area_id, position_id),
    )
    await repository.delete_position(session, position)


async def list_positions(
    source: Source, *, area_id: str, filters: StaffFilters, page: Keyset
) -> Sequence[Row[Any]]:
    return await repository.list_positions(source, area_id=area_id, filters=filters, page=page)


def _add(groups: dict[Any, list[Decimal]], key: Any, fte: Decimal) -> None:
    groups.setdefault(key, []).append(fte)


async def staff_summary(source: Source, *, area_id: str, on: dt.date) -> StaffSummary:
    """The positions active on `on`, their FTE by function, origin, service line and office
    (plan §2.3: the FTE moving from the state, by customer service and common services)."""
    rows = await repository.positions_active(source, area_id=area_id, first=on, last=on)
    by: dict[str, dict[Any, list[Decimal]]] = {
        "function": {},
        "origin": {},
        "line": {},
        "office": {},
    }
    for row in rows:
        _add(by["function"], row.function, row.fte)
        _add(by["origin"], row.origin, row.fte)
        if row.service_line is not None:
            _add(by["line"], row.service_line, row.fte)
        _add(by["office"], row.office_id, row.fte)

    def count(group: str, key: Any) -> dict[str, Any]:
        ftes = by[group].get(key, [])
        return {"positions": len(ftes), "fte": float(sum(ftes, Decimal(0)))}

    offices = sorted(k for k in by["office"] if k is not None)
    if None in by["office"]:
        offices_and_none: list[int | None] = [*offices, None]
    else:
        offices_and_none = list(offices)
    lines = [line.key for line in await service_lines(source, area_id)]
    return StaffSummary(
        area_id=area_id,
        on=on,
        positions=len(rows),
        fte=float(sum((row.fte for row in rows), Decimal(0))),
        by_function=[FunctionFte(function=f, **count("function", f)) for f in StaffFunction],
        by_origin=[OriginFte(origin=o, **count("origin", o)) for o in StaffOrigin],
        by_service_line=[ServiceLineFte(service_line=k, **count("line", k)) for k in lines],
        by_office=[OfficeFte(office_id=k, **count("office", k)) for k in offices_and_none],
    )

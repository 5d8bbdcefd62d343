"""Imports from the KEHA national platform: customer counts and the staff transfer list.

An import is one transaction (the request's session): it writes as it reads the platform's
pages, and a failure on any page (an X-Road error, the platform gone) rolls back all of it.
It is idempotent: a month whose counts are what is recorded, or a position (found by the
platform's id) whose fields are, is `unchanged` and not written. A month is the unit of
customer counts (written all or nothing, as `PUT .../customers/{month}`): a month with a
bad row is `rejected`, with the reasons, and the rest of the import goes on; a position
that breaks the staff rules likewise.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from pydantic import ValidationError
from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession

from caseload.integrations.keha import KehaCount, KehaPlatform, KehaPosition
from caseload.integrations.xroad import SYSTEM
from caseload.models import CustomerMonth, StaffPosition
from caseload.repository import areas as area_repository
from caseload.repository import customers as repository
from caseload.repository import staff as staff_repository
from caseload.rules.customers import CountRow, bad_count_rows
from caseload.rules.months import Month
from caseload.schemas.staff import StaffPositionWrite
from caseload.service.areas import ensure_area, member_codes, service_lines
from caseload.vocabulary import MONTH_PATTERN, Segment, StaffOrigin
from servicekit.clock import today_in_finland
from servicekit.errors import DependencyUnavailable
from servicekit.peers import PeerCalls

REASONS_LISTED = 20
STAFF_FIELDS = ("fte", "function", "service_line", "origin", "start_date", "title")


@dataclass
class Rejection:
    item: str  # the month `YYYY-MM`, or the platform's position id
    reasons: list[str]


@dataclass
class ImportCounts:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return len(self.rejections)

    def reject(self, item: str, reasons: Iterable[str]) -> None:
        self.rejections.append(Rejection(item, list(reasons)[:REASONS_LISTED]))


def source_of(service: str) -> str:
    return f"KEHA national platform (X-Road service {service}), imported {today_in_finland()}"


async def import_customers(
    session: AsyncSession,
    calls: PeerCalls,
    platform: KehaPlatform,
    *,
    area_id: str,
    first: Month,
    last: Month,
    source: str,
) -> ImportCounts:
    await ensure_area(session, calls, area_id)
    await area_repository.lock_area(session, area_id)
    lines = {line.key for line in await service_lines(session, area_id)}
    members = Members(calls, area_id)
    counts = ImportCounts()
    pending: list[KehaCount] = []
    done: set[str] = set()
    async for page in platform.customer_counts(first, last):
        for row in page:
            if pending and pending[-1].month != row.month:
                await _import_month(session, counts, pending, lines, members, area_id, source)
                done.add(pending[-1].month)
                pending = []
            if row.month in done or not str(first) <= row.month <= str(last):
                # The contract orders rows by month, within the range asked for.
                raise DependencyUnavailable(SYSTEM, f"answered month {row.month} out of order")
            pending.append(row)
    if pending:
        await _import_month(session, counts, pending, lines, members, area_id, source)
    return counts


class Members:
    """The area's members on a day, asked of the areas service once per day."""

    def __init__(self, calls: PeerCalls, area_id: str) -> None:
        self.calls, self.area_id = calls, area_id
        self._on: dict[dt.date, set[str]] = {}

    async def of_month(self, month: Month) -> set[str]:
        # As PUT .../customers/{month}: a member at the end of the month or today.
        codes: set[str] = set()
        for day in (month.last_day, today_in_finland()):
            if day not in self._on:
                self._on[day] = await member_codes(self.calls, self.area_id, [day])
            codes |= self._on[day]
        return codes


async def _import_month(
    session: AsyncSession,
    counts: ImportCounts,
    rows: list[KehaCount],
    lines: set[str],
    members: Members,
    area_id: str,
    source: str,
) -> None:
    label = rows[0].month
    reasons = _month_reasons(rows)
    if not reasons:
        month = Month.parse(label)
        cells = [
            CountRow(r.municipality_code, r.service_line, r.segment, r.customers) for r in rows
        ]
        errors = bad_count_rows(cells, service_lines=lines, members=await members.of_month(month))
        reasons = [f"{e.field}: {e.message}" for e in errors]
    if reasons:
        counts.reject(label, reasons)
        return
    month = Month.parse(label)
    existing = await repository.get_month(session, area_id=area_id, month=month.first_day)
    incoming = {(r.municipality_code, r.service_line, r.segment): r.customers for r in rows}
    if existing is not None:
        recorded = {(c.municipality_code, c.service_line, c.segment): c.customers
                    for c in existing.counts}  # fmt: skip
        if recorded == incoming:
            counts.unchanged += 1
            return
        counts.changed += 1
    else:
        counts.new += 1
    record = existing or CustomerMonth(area_id=area_id, month=month.first_day)
    record.source, record.is_estimate = source, False
    record.updated_at = func.now()
    await repository.save_month(
        session,
        record,
        [
            {"municipality_code": c, "service_line": line, "segment": s, "customers": n}
            for (c, line, s), n in incoming.items()
        ],
    )


def _month_reasons(rows: list[KehaCount]) -> list[str]:
    """What the contract allows but a month of ours cannot hold."""
    reasons = []
    segments = {s.value for s in Segment}
    for index, row in enumerate(rows):
        at = f"counts.{index}"
        if not re.match(MONTH_PATTERN, row.month):
            reasons.append(f"{at}.month: not a month of 2000-2100 ({row.month})")
        if not re.match(r"^[0-9]{3}$", row.municipality_code):
            reasons.append(f"{at}.municipality_code: not a municipality code")
        if row.segment not in segments:
            reasons.append(f"{at}.segment: unknown segment '{row.segment}'")
        if not 0 <= row.customers <= 10_000_000:
            reasons.append(f"{at}.customers: out of range ({row.customers})")
    return reasons


async def import_staff(
    session: AsyncSession,
    calls: PeerCalls,
    platform: KehaPlatform,
    *,
    area_id: str,
    first: dt.date,
    last: dt.date,
) -> ImportCounts:
    await ensure_area(session, calls, area_id)
    await area_repository.lock_area(session, area_id)
    lines = {line.key for line in await service_lines(session, area_id)}
    counts = ImportCounts()
    async for page in platform.staff_transfers(first, last):
        for position in page:
            await _import_position(session, counts, position, lines, area_id)
    return counts


def _position_reasons(
    position: KehaPosition, lines: set[str]
) -> tuple[list[str], dict[str, object]]:
    """The staff rules' refusals of a transferred position, or its columns."""
    try:
        data = StaffPositionWrite.model_validate(
            position.model_dump(include=set(STAFF_FIELDS)), strict=False
        )
    except ValidationError as exc:
        return [
            f"{'.'.join(map(str, e['loc'])) or 'position'}: {e['msg']}" for e in exc.errors()
        ], {}
    reasons = []
    if data.origin is not StaffOrigin.state_transfer:
        reasons.append(f"origin: a transfer list position is state_transfer, not {data.origin}")
    if data.service_line is not None and data.service_line not in lines:
        reasons.append(f"service_line: the area has no service line '{data.service_line}'")
    columns: dict[str, object] = {
        "fte": Decimal(str(data.fte)),
        "function": data.function.value,
        "service_line": data.service_line,
        "origin": data.origin.value,
        "start_date": data.start_date,
        "title": data.title,
    }
    return reasons, columns


async def _import_position(
    session: AsyncSession,
    counts: ImportCounts,
    position: KehaPosition,
    lines: set[str],
    area_id: str,
) -> None:
    reasons, columns = _position_reasons(position, lines)
    if reasons:
        counts.reject(position.position_id, reasons)
        return
    existing = await staff_repository.transferred_position(
        session, area_id=area_id, keha_position_id=position.position_id
    )
    if existing is None:
        await staff_repository.save_position(
            session,
            StaffPosition(area_id=area_id, keha_position_id=position.position_id, **columns),
        )
        counts.new += 1
        return
    if all(getattr(existing, name) == value for name, value in columns.items()):
        counts.unchanged += 1
        return
    # The platform's fields; the area's own (office, end date, name) stay as recorded.
    for name, value in columns.items():
        setattr(existing, name, value)
    await session.flush()
    counts.changed += 1

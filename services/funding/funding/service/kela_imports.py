"""Importing Kela's open data on the municipal share of unemployment benefits, streamed.

The file is read as it arrives: hashed, decoded, split into lines and checked a
municipality block at a time (`funding.rules.kela_file`), and its rows are copied into the
database in batches, all inside the request's one transaction. Memory holds a batch and
one block, never the file. A bad line makes the import 422 naming it, and nothing is
stored; the same file (by SHA-256) again answers the first import and stores nothing new.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import logging
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from funding.errors import BadKelaFile, KelaImportNotFound
from funding.models import KelaImport
from funding.repository import benefits as repository
from funding.rules.kela_file import (
    TOTAL,
    BlockChecks,
    RowError,
    ShareRow,
    check_header,
    parse_row,
)
from servicekit.http import Keyset

log = logging.getLogger("funding.kela_import")

BATCH_ROWS = 5_000
PROGRESS_EVERY_ROWS = 25_000
MAX_LINE_CHARACTERS = 1_000  # a Kela line is about 60; anything longer is not this layout
MAX_ERRORS_KEPT = BadKelaFile.LISTED


@dataclass
class _Reading:
    """What has been read so far: counts, the current batch and the bad lines."""

    import_id: int
    line: int = 0
    rows: int = 0
    detail_rows: int = 0
    subtotal_rows: int = 0
    euros: Decimal = Decimal(0)
    municipalities: set[str] = field(default_factory=set)
    periods: dict[tuple[str, int, int], int] = field(default_factory=dict)
    batch: list[tuple[int, ShareRow]] = field(default_factory=list)
    errors: list[tuple[int, str, str]] = field(default_factory=list)
    error_count: int = 0
    checks: BlockChecks = field(default_factory=BlockChecks)

    def bad(self, line: int, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append((line, column, message))

    def add(self, line: int, fields: list[str]) -> None:
        try:
            row = parse_row(fields)
            self.checks.add(row, line)
        except RowError as exc:
            self.bad(line, exc.column, str(exc))
            return
        self.rows += 1
        if row.benefit == TOTAL or row.day_class == TOTAL:
            self.subtotal_rows += 1
        else:
            self.detail_rows += 1
            self.euros += row.municipal_share_eur
        self.municipalities.add(row.municipality_code)
        period = (row.period_type, row.year, row.month)
        self.periods[period] = self.periods.get(period, 0) + 1
        if not self.error_count:  # once a line is bad nothing will be stored: stop copying
            self.batch.append((line, row))


async def import_kela_file(
    session: AsyncSession, *, body: AsyncIterator[bytes], source: str, imported_by: str
) -> tuple[KelaImport, bool]:
    """Imports the streamed file; returns its import and whether it was created now."""
    savepoint = await session.begin_nested()
    try:
        kela_import = await repository.add_import(
            session, KelaImport(sha256=None, source=source, imported_by=imported_by)
        )
        reading = _Reading(import_id=kela_import.id)
        digest, size = await _read(session, body, reading)
        if reading.error_count:
            raise BadKelaFile(reading.errors, reading.error_count)
        await repository.lock_file_hash(session, digest)
        earlier = await repository.find_import_by_hash(session, digest)
        if earlier is not None:
            await savepoint.rollback()
            log.info("kela import: the same file as import %s; nothing stored", earlier.id)
            return earlier, False
        _record(kela_import, reading, digest=digest, size=size)
        await session.flush()
        await savepoint.commit()
    except BaseException:
        if savepoint.is_active:
            await savepoint.rollback()
        raise
    return kela_import, True


async def _read(
    session: AsyncSession, body: AsyncIterator[bytes], reading: _Reading
) -> tuple[str, int]:
    """Reads the whole body line by line; the file's SHA-256 (of its bytes) and size."""
    hasher = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    pending = ""
    size = 0
    started = last_report = time.monotonic()
    next_report_rows = PROGRESS_EVERY_ROWS
    async for chunk in body:
        hasher.update(chunk)
        size += len(chunk)
        try:
            text = pending + decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            raise _fatal(reading.line + 1 + pending.count("\n"), "not UTF-8 text") from exc
        lines = text.split("\n")
        pending = lines.pop()
        if len(pending) > MAX_LINE_CHARACTERS:
            raise _fatal(reading.line + 1, f"a line longer than {MAX_LINE_CHARACTERS} characters")
        await _take(session, reading, lines)
        # Progress in the log: every 25,000 rows, and every 2 s of a slow upload.
        if reading.rows >= next_report_rows or time.monotonic() - last_report >= 2:
            last_report = time.monotonic()
            next_report_rows = reading.rows + PROGRESS_EVERY_ROWS
            log.info(
                "kela import %s: %d rows, %d bytes read in %.1f s",
                reading.import_id,
                reading.rows,
                size,
                last_report - started,
            )
    try:
        pending += decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise _fatal(reading.line + 1, "not UTF-8 text (the file ends inside a character)") from exc
    await _take(session, reading, [pending] if pending else [])
    if reading.line == 0:
        reading.bad(1, "header", "the file is empty")
    elif reading.rows == 0 and not reading.error_count:
        reading.bad(2, "line", "the file has a header but no rows")
    if not reading.error_count:
        reading.checks.finish()
        await _flush_batch(session, reading)
    log.info(
        "kela import %s: read %d rows (%d bytes) in %.1f s, %d bad lines, %d mismatches",
        reading.import_id,
        reading.rows,
        size,
        time.monotonic() - started,
        reading.error_count,
        len(reading.checks.mismatches),
    )
    return hasher.hexdigest(), size


async def _take(session: AsyncSession, reading: _Reading, lines: list[str]) -> None:
    for fields in _fields(reading, lines):
        reading.line += 1
        if reading.line == 1:
            try:
                check_header(fields)
            except RowError as exc:
                raise _fatal(1, str(exc), column="header") from exc
            continue
        if not fields:
            continue  # an empty line: nothing to read
        reading.add(reading.line, fields)
        if len(reading.batch) >= BATCH_ROWS:
            await _flush_batch(session, reading)


def _fields(reading: _Reading, lines: list[str]) -> Iterator[list[str]]:
    """Each line's fields; a line the csv module cannot read at all (a carriage return
    inside it, a quote left open) stops the reading there, named."""
    rows = csv.reader([line.removesuffix("\r") for line in lines], delimiter=";")
    while True:
        try:
            yield next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _fatal(reading.line + 1, f"not a line of `;`-separated fields ({exc})") from exc


async def _flush_batch(session: AsyncSession, reading: _Reading) -> None:
    if reading.batch:
        await repository.copy_share_rows(session, reading.import_id, reading.batch)
        reading.batch = []


def _fatal(line: int, message: str, *, column: str = "line") -> BadKelaFile:
    """A fault that stops the reading at once (the rest of the file cannot be read)."""
    return BadKelaFile([(line, column, message)], 1)


def _record(kela_import: KelaImport, reading: _Reading, *, digest: str, size: int) -> None:
    checks = reading.checks
    kela_import.sha256 = digest
    kela_import.byte_count = size
    kela_import.line_count = reading.line
    kela_import.row_count = reading.rows
    kela_import.detail_row_count = reading.detail_rows
    kela_import.subtotal_row_count = reading.subtotal_rows
    kela_import.municipality_count = len(reading.municipalities)
    kela_import.periods = [
        {"period_type": kind, "year": year, "month": month, "rows": rows}
        for (kind, year, month), rows in sorted(reading.periods.items())
    ]
    kela_import.municipal_share_eur = reading.euros
    kela_import.day_class_groups = checks.day_class_groups
    kela_import.benefit_groups = checks.benefit_groups
    kela_import.mismatches = [m.as_dict() for m in checks.mismatches]
    kela_import.checks_passed = not checks.mismatches


async def list_imports(session: AsyncSession, *, page: Keyset) -> Sequence[Row[Any]]:
    return await repository.list_imports(session, page=page)


async def get_import(session: AsyncSession, *, import_id: int) -> KelaImport:
    kela_import = await repository.get_import(session, import_id)
    if kela_import is None:
        raise KelaImportNotFound(import_id)
    return kela_import

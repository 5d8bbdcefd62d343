"""Kela's open data on the municipal share of unemployment benefits, read row by row.

The layout is Kela's as published (DOMAIN.md §2; `reference/data/kela_share_2025_*.csv` and
their `.source.md`): UTF-8 with or without a BOM, `;`-separated, the header
`aikatyyppi;vuosi;kuukausi_nro;vuosikuukausi;kunta_nro;etuus;kertymaluokka;saajat;kuntaosuus_eur`,
Finnish labels. Each municipality's rows for one period (`Kuukausi`: a month;
`Vuosikertymä`: the year to date through that month) are one contiguous block of
benefit (`etuus`) x accumulated-day class (`kertymaluokka`) cells, with `Yhteensä`
subtotal rows in both dimensions; a class without recipients has no row.

Nothing here holds a file: `parse_row` reads one line's fields and `BlockChecks` keeps the
sums of the block being read, checking each block as the next one starts.

The checks (each mismatch reported, none fatal): in every benefit, the day classes add up
to its `Yhteensä` class row; in every day class (and the `Yhteensä` class), the three
benefits add up to the `etuus = Yhteensä` row — so the benefits add up to the
municipality's total. Euros within 0.02 € (Kela rounds each cell to the cent; the
published 2025 files reconcile exactly). Recipients are never checked that way: a person
is counted in every class (and benefit) they had days in, so the counts do not add up
(`kela_share_2025_monthly_sample.source.md`: 134 of 147 groups differ).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

HEADER = (
    "aikatyyppi",
    "vuosi",
    "kuukausi_nro",
    "vuosikuukausi",
    "kunta_nro",
    "etuus",
    "kertymaluokka",
    "saajat",
    "kuntaosuus_eur",
)
TOTAL = "total"  # our name for Kela's `Yhteensä` (a subtotal row), in both dimensions
KELA_TOTAL_LABEL = "Yhteensä"
PERIOD_TYPES = {"Kuukausi": "month", "Vuosikertymä": "year_to_date"}
BENEFIT_LABELS = {
    "Työmarkkinatuki": "labour_market_subsidy",
    "Peruspäiväraha": "basic_allowance",
    "Ansiopäiväraha": "earnings_related_allowance",
    KELA_TOTAL_LABEL: TOTAL,
}
# Kela's accumulated-day classes; days 1-100 are not billed and have no class (DOMAIN.md §2).
DAY_CLASSES = ("101-200", "201-300", "301-400", "401-700", "701-")
DAY_CLASS_LABELS = {**{c: c for c in DAY_CLASSES}, KELA_TOTAL_LABEL: TOTAL}
TOLERANCE_EUR = Decimal("0.02")
YEARS = (2000, 2100)
MAX_EUR = Decimal("1e11")
MAX_RECIPIENTS = 10_000_000
_EUROS = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,2})?\Z")


class RowError(ValueError):
    """A row that cannot be read: `field` is the column, the message says why."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


@dataclass(frozen=True, slots=True)
class ShareRow:
    period_type: str
    year: int
    month: int
    municipality_code: str
    benefit: str
    day_class: str
    recipients: int
    municipal_share_eur: Decimal

    @property
    def block(self) -> tuple[str, int, int, str]:
        return (self.period_type, self.year, self.month, self.municipality_code)


def check_header(fields: Sequence[str]) -> None:
    if tuple(f.strip() for f in fields) != HEADER:
        raise RowError("header", f"the header must be {';'.join(HEADER)}")


def parse_row(fields: Sequence[str]) -> ShareRow:
    """One data row; `RowError` naming the first column that is wrong."""
    if len(fields) != len(HEADER):
        raise RowError("line", f"{len(fields)} fields; the layout has {len(HEADER)}")
    kind, year, month, year_month, code, benefit, day_class, recipients, euros = fields
    period_type = _label(PERIOD_TYPES, "aikatyyppi", kind)
    year_number = _integer("vuosi", year, *YEARS)
    month_number = _integer("kuukausi_nro", month, 1, 12)
    if year_month != f"{year_number}{month_number:02d}":
        raise RowError("vuosikuukausi", f"'{year_month}' is not vuosi and kuukausi_nro (YYYYMM)")
    if len(code) != 3 or not code.isdigit() or not code.isascii():
        raise RowError("kunta_nro", f"'{code}' is not a three-digit municipality code")
    return ShareRow(
        period_type=period_type,
        year=year_number,
        month=month_number,
        municipality_code=code,
        benefit=_label(BENEFIT_LABELS, "etuus", benefit),
        day_class=_label(DAY_CLASS_LABELS, "kertymaluokka", day_class),
        recipients=_integer("saajat", recipients, 0, MAX_RECIPIENTS),
        municipal_share_eur=_euros("kuntaosuus_eur", euros),
    )


def _label(labels: dict[str, str], column: str, value: str) -> str:
    known = labels.get(value)
    if known is None:
        raise RowError(column, f"'{value[:40]}' is not one of {', '.join(labels)}")
    return known


def _integer(column: str, value: str, low: int, high: int) -> int:
    if not value.isascii() or not value.isdigit():
        raise RowError(column, f"'{value[:40]}' is not a whole number")
    number = int(value)
    if not low <= number <= high:
        raise RowError(column, f"{number} is not within {low}..{high}")
    return number


def _euros(column: str, value: str) -> Decimal:
    # Kela writes a decimal point and at most two decimals ("3576.2"); a refund can make a
    # month's share negative, so a sign is allowed.
    if not _EUROS.match(value):
        raise RowError(column, f"'{value[:40]}' is not euros with at most two decimals (1706.49)")
    amount = Decimal(value)
    if abs(amount) >= MAX_EUR:
        raise RowError(column, f"{value} is too large")
    return amount


@dataclass(frozen=True)
class Mismatch:
    """A subtotal row that its parts do not add up to (within the tolerance)."""

    check: str  # "day_classes": a benefit's classes; "benefits": a class's benefits
    period_type: str
    year: int
    month: int
    municipality_code: str
    benefit: str | None  # the benefit whose classes were summed ("day_classes")
    day_class: str | None  # the class whose benefits were summed ("benefits")
    line: int | None  # the subtotal row's line (None: it is missing)
    subtotal_eur: Decimal | None
    parts_eur: Decimal

    def as_dict(self) -> dict[str, Any]:
        difference = None if self.subtotal_eur is None else self.parts_eur - self.subtotal_eur
        return {
            "check": self.check,
            "period_type": self.period_type,
            "year": self.year,
            "month": self.month,
            "municipality_code": self.municipality_code,
            "benefit": self.benefit,
            "day_class": self.day_class,
            "line": self.line,
            "subtotal_eur": None if self.subtotal_eur is None else str(self.subtotal_eur),
            "parts_eur": str(self.parts_eur),
            "difference_eur": None if difference is None else str(difference),
        }


@dataclass
class _Block:
    key: tuple[str, int, int, str]
    first_line: int
    # (benefit, day_class) -> (euros, line) of every row seen in this block
    cells: dict[tuple[str, str], tuple[Decimal, int]] = field(default_factory=dict)


class BlockChecks:
    """The checks, one municipality-period block at a time, as the rows stream past.

    A block must be contiguous (as Kela publishes it): a row of a block that has already
    ended, or a cell given twice, is a bad row (`RowError`). Memory: one block's cells and
    the keys of the blocks seen.
    """

    def __init__(self) -> None:
        self.mismatches: list[Mismatch] = []
        self.day_class_groups = 0
        self.benefit_groups = 0
        self.blocks = 0
        self._block: _Block | None = None
        self._ended: dict[tuple[str, int, int, str], int] = {}

    def add(self, row: ShareRow, line: int) -> None:
        block = self._block
        if block is None or block.key != row.block:
            ended_at = self._ended.get(row.block)
            if ended_at is not None:
                raise RowError(
                    "kunta_nro",
                    f"the rows of municipality {row.municipality_code} for "
                    f"{row.year}-{row.month:02d} ({row.period_type}) began at line {ended_at} "
                    "and another block came in between; a block's rows must be together",
                )
            self.finish()
            block = self._block = _Block(key=row.block, first_line=line)
        cell = (row.benefit, row.day_class)
        earlier = block.cells.get(cell)
        if earlier is not None:
            raise RowError(
                "kertymaluokka", f"the same etuus and kertymaluokka as line {earlier[1]}"
            )
        block.cells[cell] = (row.municipal_share_eur, line)

    def finish(self) -> None:
        """Checks the block being read; call once more after the last row."""
        block = self._block
        if block is None:
            return
        self._ended[block.key] = block.first_line
        self._block = None
        self.blocks += 1
        benefits = sorted({b for b, _ in block.cells})
        classes = sorted({c for _, c in block.cells})
        for benefit in benefits:
            parts = [block.cells.get((benefit, c)) for c in DAY_CLASSES]
            self.day_class_groups += 1
            self._compare(block, "day_classes", parts, block.cells.get((benefit, TOTAL)), benefit)
        for day_class in classes:
            parts = [block.cells.get((b, day_class)) for b in BENEFIT_LABELS.values() if b != TOTAL]
            self.benefit_groups += 1
            self._compare(
                block, "benefits", parts, block.cells.get((TOTAL, day_class)), None, day_class
            )

    def _compare(
        self,
        block: _Block,
        check: str,
        parts: list[tuple[Decimal, int] | None],
        subtotal: tuple[Decimal, int] | None,
        benefit: str | None,
        day_class: str | None = None,
    ) -> None:
        given = [p for p in parts if p is not None]
        if not given and subtotal is None:
            return
        parts_eur = sum((amount for amount, _ in given), Decimal(0))
        if subtotal is not None and abs(parts_eur - subtotal[0]) <= TOLERANCE_EUR:
            return
        period_type, year, month, code = block.key
        self.mismatches.append(
            Mismatch(
                check=check,
                period_type=period_type,
                year=year,
                month=month,
                municipality_code=code,
                benefit=benefit if check == "day_classes" else None,
                day_class=day_class,
                line=None if subtotal is None else subtotal[1],
                subtotal_eur=None if subtotal is None else subtotal[0],
                parts_eur=parts_eur,
            )
        )

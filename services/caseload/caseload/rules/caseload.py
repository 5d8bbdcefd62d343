"""Caseload against targets: the month-weighted FTE of a line, the FTE its customers need,
and whether the staff is enough (DOMAIN.md §3; the organisation plan §2.3).

FTE needed for a line = customers / target, two decimals rounded half up; the line is
sufficiently staffed when the FTE available to it is at least that. The FTE available in a
month is each position's FTE weighted by the days of the month it is active: a full-time
position ending on the 15th of a 30-day month counts 0.5.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from caseload.rules.months import Month
from caseload.vocabulary import CaseloadStatus, StaffFunction

ZERO = Decimal("0.00")


def half_up(value: Fraction | int | Decimal, places: int = 2) -> Decimal:
    """A non-negative exact value rounded half up to `places` decimals (28.935 -> 28.94)."""
    exact = Fraction(value)
    if exact < 0:
        raise ValueError("half_up rounds non-negative values")
    whole = math.floor(exact * 10**places + Fraction(1, 2))
    return Decimal(whole).scaleb(-places)


@dataclass(frozen=True)
class Position:
    fte: Decimal
    function: str
    service_line: str | None
    office_id: int | None
    start_date: dt.date
    end_date: dt.date | None
    # The FTE in thousandths (FTE_DECIMALS): month weighting adds whole numbers, not fractions.
    thousandths: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "thousandths", int(self.fte * 1000))


@dataclass(frozen=True)
class LineTarget:
    key: str
    name_fi: str
    target: int | None


def month_weighted_fte(positions: Iterable[Position], month: Month) -> Fraction:
    """Σ fte x (days active in `month` / days in `month`), exact."""
    first, last = month.first_day, month.last_day
    weighted = 0  # thousandths of an FTE x days
    for position in positions:
        start = position.start_date if position.start_date > first else first
        end = (
            position.end_date
            if position.end_date is not None and position.end_date < last
            else last
        )
        if end >= start:
            weighted += position.thousandths * ((end - start).days + 1)
    return Fraction(weighted, 1000 * month.days)


def customer_service(positions: Iterable[Position]) -> list[Position]:
    """Only personal customer service works in a service line (plan §2.3: the ~30 FTE)."""
    return [p for p in positions if p.function == StaffFunction.customer_service]


def fte_by_line(positions: Iterable[Position], month: Month) -> dict[str, Fraction]:
    """Each line's month-weighted customer-service FTE (lines without staff are absent)."""
    by_line: dict[str, list[Position]] = {}
    for position in customer_service(positions):
        if position.service_line is not None:
            by_line.setdefault(position.service_line, []).append(position)
    return {line: month_weighted_fte(staff, month) for line, staff in by_line.items()}


def fte_needed(customers: int, target: int | None) -> Decimal | None:
    """customers / target, two decimals rounded half up; None without a target."""
    if target is None:
        return None
    return half_up(Fraction(customers, target))


def status_of(customers: int, fte: Fraction, shown_fte: Decimal, needed: Decimal | None) -> str:
    """no_staff first (customers and nobody to serve them), then no_target; otherwise the
    shown FTE against the shown FTE needed, so that the status and the gap agree."""
    if fte == 0 and customers > 0:
        return CaseloadStatus.no_staff
    if needed is None:
        return CaseloadStatus.no_target
    if shown_fte >= needed:
        return CaseloadStatus.within_target
    return CaseloadStatus.over_target


@dataclass(frozen=True)
class LineLoad:
    service_line: str
    name_fi: str
    customers: int
    fte: Decimal
    customers_per_fte: Decimal | None
    target: int | None
    fte_needed: Decimal | None
    fte_gap: Decimal | None
    status: str


def line_load(line: LineTarget, customers: int, fte: Fraction) -> LineLoad:
    shown_fte = half_up(fte)
    needed = fte_needed(customers, line.target)
    return LineLoad(
        service_line=line.key,
        name_fi=line.name_fi,
        customers=customers,
        fte=shown_fte,
        customers_per_fte=None if fte == 0 else half_up(customers / fte),
        target=line.target,
        fte_needed=needed,
        fte_gap=None if needed is None else shown_fte - needed,
        status=status_of(customers, fte, shown_fte, needed),
    )


@dataclass(frozen=True)
class Totals:
    """The area's lines added up: `fte_needed` over the lines that have a target."""

    customers: int
    fte: Decimal
    fte_needed: Decimal


def totals_of(lines: Sequence[LineLoad]) -> Totals:
    return Totals(
        customers=sum(line.customers for line in lines),
        fte=sum((line.fte for line in lines), ZERO),
        fte_needed=sum((line.fte_needed or ZERO for line in lines), ZERO),
    )


@dataclass(frozen=True)
class MonthLoad:
    month: Month
    lines: list[LineLoad]
    totals: Totals


def analyse_month(
    lines: Sequence[LineTarget],
    customers: Mapping[str, int],
    positions: Sequence[Position],
    month: Month,
) -> MonthLoad:
    """Every line of the area in `month`: its customers (segment all), FTE and status."""
    fte = fte_by_line(positions, month)
    loads = [
        line_load(line, customers.get(line.key, 0), fte.get(line.key, Fraction(0)))
        for line in lines
    ]
    return MonthLoad(month=month, lines=loads, totals=totals_of(loads))


@dataclass(frozen=True)
class OfficeLoad:
    office_id: int
    fte: Decimal
    lines: list[tuple[str, Decimal]]


def by_office(
    lines: Sequence[LineTarget], positions: Sequence[Position], month: Month
) -> list[OfficeLoad]:
    """The customer-service FTE of each office with staff in `month`, by line. Customers
    are not split by office: which office serves which municipality is not ours to know."""
    staffed: dict[int, list[Position]] = {}
    for position in customer_service(positions):
        if position.office_id is not None:
            staffed.setdefault(position.office_id, []).append(position)
    offices = []
    for office_id in sorted(staffed):
        fte = fte_by_line(staffed[office_id], month)
        shown = [(line.key, half_up(fte[line.key])) for line in lines if fte.get(line.key, 0) > 0]
        if shown:
            offices.append(OfficeLoad(office_id, sum((f for _, f in shown), ZERO), shown))
    return offices


@dataclass(frozen=True)
class TrendPoint:
    month: Month
    customers: int | None
    fte: Decimal
    fte_needed: Decimal | None


def trend(
    lines: Sequence[LineTarget],
    customers_by_month: Mapping[Month, Mapping[str, int]],
    positions: Sequence[Position],
    last: Month,
    months: int = 12,
) -> list[TrendPoint]:
    """The `months` months up to `last`: customers and FTE needed only where counts were
    recorded (None otherwise: no counts is not zero customers), FTE always."""
    points = []
    for month in last.shifted(1 - months).until(last):
        recorded = customers_by_month.get(month)
        load = analyse_month(lines, recorded or {}, positions, month)
        points.append(
            TrendPoint(
                month=month,
                customers=None if recorded is None else load.totals.customers,
                fte=load.totals.fte,
                fte_needed=None if recorded is None else load.totals.fte_needed,
            )
        )
    return points


@dataclass(frozen=True)
class UniformCheck:
    """The plan's own check (§2.3): all the area's customers at one target against all of
    its customer-service FTE."""

    target: int
    customers: int
    fte_needed: Decimal
    fte: Decimal
    fte_gap: Decimal
    status: str


def uniform_check(customers: int, target: int, fte: Fraction) -> UniformCheck:
    shown_fte = half_up(fte)
    needed = half_up(Fraction(customers, target))
    return UniformCheck(
        target=target,
        customers=customers,
        fte_needed=needed,
        fte=shown_fte,
        fte_gap=shown_fte - needed,
        status=status_of(customers, fte, shown_fte, needed),
    )

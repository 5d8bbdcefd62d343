"""Opening hours: weekly rules and dated exceptions in local time, and the concrete opening
times they give, in Finnish time (Europe/Helsinki) across the changes of daylight saving.

Finland keeps EET (UTC+2) in winter and EEST (UTC+3) in summer; the clocks go forward from
03:00 to 04:00 on the last Sunday of March and back from 04:00 to 03:00 on the last Sunday
of October (EU directive 2000/84/EC, 01:00 UTC both times). A rule says "08:00-16:00" in
local time, so an opening time takes the offset of its own date. Two local times need a
rule of their own:
- a time the spring change skips (03:00-03:59) is read forward by the gap, as the clock
  reads an hour later then (03:30 is 04:30 +03:00);
- a time the autumn change repeats (03:00-03:59) opens at its first occurrence and closes
  at its second, so the office stays open for as long as its wall clock says.

Times are minutes after local midnight; closing at 24:00 (1440) is the next midnight.
An exception on a date replaces that date's weekly rules entirely: closed, or its own
ranges.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from servicekit.clock import FINNISH_TIME
from servicekit.errors import FieldError

MINUTES_A_DAY = 24 * 60


def minutes_of(clock: str) -> int:
    """ "08:30" as 510; "24:00" as 1440."""
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def clock_of(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class WeeklyRange:
    weekday: int  # ISO: 1 = Monday ... 7 = Sunday
    opens: int
    closes: int


@dataclass(frozen=True)
class DatedException:
    date: dt.date
    closed: bool
    opens: int | None = None
    closes: int | None = None


@dataclass(frozen=True)
class OpeningTime:
    date: dt.date
    opens: dt.datetime
    closes: dt.datetime
    exception: bool


def local_instant(day: dt.date, minute: int, *, closing: bool) -> dt.datetime:
    """The instant `minute` after local midnight of `day` is, in Finnish time (module doc)."""
    if minute >= MINUTES_A_DAY:
        day, minute = day + dt.timedelta(days=1), minute - MINUTES_A_DAY
    naive = dt.datetime.combine(day, dt.time(minute // 60, minute % 60))
    first = naive.replace(tzinfo=FINNISH_TIME, fold=0)
    second = naive.replace(tzinfo=FINNISH_TIME, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first
    # A DST change: the wall time either does not exist (spring) or exists twice (autumn).
    forward = first.astimezone(dt.UTC).astimezone(FINNISH_TIME)
    if forward.replace(tzinfo=None) != naive:
        return forward
    return (second if closing else first).astimezone(dt.UTC).astimezone(FINNISH_TIME)


def ranges_on(
    day: dt.date,
    weekly: Sequence[WeeklyRange],
    exceptions: Mapping[dt.date, Sequence[DatedException]],
) -> tuple[list[tuple[int, int]], bool]:
    """The local ranges of `day` (minutes), and whether an exception gave them."""
    dated = exceptions.get(day)
    if dated is not None:
        ranges = [(e.opens, e.closes) for e in dated if not e.closed]
        return sorted((o, c) for o, c in ranges if o is not None and c is not None), True
    weekday = day.isoweekday()
    return sorted((r.opens, r.closes) for r in weekly if r.weekday == weekday), False


def by_date(exceptions: Iterable[DatedException]) -> dict[dt.date, list[DatedException]]:
    grouped: dict[dt.date, list[DatedException]] = {}
    for exception in exceptions:
        grouped.setdefault(exception.date, []).append(exception)
    return grouped


def opening_times(
    weekly: Sequence[WeeklyRange],
    exceptions: Sequence[DatedException],
    first: dt.date,
    last: dt.date,
) -> list[OpeningTime]:
    """Every opening from `first` to `last` (local dates, both included), in order."""
    dated = by_date(exceptions)
    times = []
    day = first
    while day <= last:
        ranges, from_exception = ranges_on(day, weekly, dated)
        for opens, closes in ranges:
            times.append(
                OpeningTime(
                    date=day,
                    opens=local_instant(day, opens, closing=False),
                    closes=local_instant(day, closes, closing=True),
                    exception=from_exception,
                )
            )
        day += dt.timedelta(days=1)
    return times


def _merged(times: Iterable[OpeningTime]) -> list[tuple[dt.datetime, dt.datetime]]:
    """Openings as UTC instants, touching or overlapping ones joined (16:00-24:00 and the
    next day's 00:00-02:00 are one opening). In UTC because Python compares and subtracts
    two datetimes of one zone by their wall clocks, which the autumn hour repeats."""
    instants = sorted((t.opens.astimezone(dt.UTC), t.closes.astimezone(dt.UTC)) for t in times)
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for opens, closes in instants:
        if merged and opens <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], closes))
        elif opens < closes:
            merged.append((opens, closes))
    return merged


@dataclass(frozen=True)
class OpenState:
    open: bool
    # The next instant the state changes, in Finnish time; None when it does not change
    # within the horizon.
    next_change: dt.datetime | None


def open_state(
    weekly: Sequence[WeeklyRange],
    exceptions: Sequence[DatedException],
    at: dt.datetime,
    *,
    horizon_days: int,
) -> OpenState:
    """Whether the place is open at `at` (an aware instant) and when that next changes,
    looking `horizon_days` ahead."""
    day = at.astimezone(FINNISH_TIME).date()
    last = day + dt.timedelta(days=horizon_days)
    # An opening that runs to the horizon's end may go on past it: its end is not known.
    horizon_end = local_instant(last, MINUTES_A_DAY, closing=True).astimezone(dt.UTC)
    at = at.astimezone(dt.UTC)
    times = opening_times(weekly, exceptions, day - dt.timedelta(days=1), last)
    for opens, closes in _merged(times):
        if opens <= at < closes:
            if closes >= horizon_end:
                return OpenState(open=True, next_change=None)
            return OpenState(open=True, next_change=closes.astimezone(FINNISH_TIME))
        if at < opens:
            return OpenState(open=False, next_change=opens.astimezone(FINNISH_TIME))
    return OpenState(open=False, next_change=None)


def _overlaps(ranges: Sequence[tuple[int, int, str]]) -> list[FieldError]:
    errors = []
    latest_close = -1
    for opens, closes, field in sorted(ranges):
        if opens < latest_close:
            errors.append(FieldError(field, "overlaps another range of the same day"))
        latest_close = max(latest_close, closes)
    return errors


def check_weekly(weekly: Sequence[WeeklyRange]) -> list[FieldError]:
    """Each range opens before it closes; ranges of one weekday do not overlap (they may
    touch: 08:00-12:00 and 12:00-16:00)."""
    errors = []
    by_day: dict[int, list[tuple[int, int, str]]] = {}
    for index, rule in enumerate(weekly):
        if rule.opens >= rule.closes:
            errors.append(FieldError(f"weekly.{index}.closes", "must be after opens"))
            continue
        by_day.setdefault(rule.weekday, []).append((rule.opens, rule.closes, f"weekly.{index}"))
    for ranges in by_day.values():
        errors += _overlaps(ranges)
    return errors


def check_exceptions(exceptions: Sequence[DatedException]) -> list[FieldError]:
    """A closed date has no times and no other entry; an open entry has both times, in
    order, and the entries of one date do not overlap."""
    errors = []
    entries: dict[dt.date, list[tuple[int, DatedException]]] = {}
    for index, exception in enumerate(exceptions):
        entries.setdefault(exception.date, []).append((index, exception))
    for dated in entries.values():
        ranges: list[tuple[int, int, str]] = []
        for index, exception in dated:
            field = f"exceptions.{index}"
            if exception.closed:
                if exception.opens is not None or exception.closes is not None:
                    errors.append(FieldError(field, "a closed date has no opens or closes"))
                if len(dated) > 1:
                    errors.append(FieldError(field, "a closed date has no other entry"))
            elif exception.opens is None or exception.closes is None:
                errors.append(FieldError(field, "an open date needs opens and closes"))
            elif exception.opens >= exception.closes:
                errors.append(FieldError(f"{field}.closes", "must be after opens"))
            else:
                ranges.append((exception.opens, exception.closes, field))
        errors += _overlaps(ranges)
    return errors

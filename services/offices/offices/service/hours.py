"""Opening hours of an office: the rules, replaced as one, and the times they give."""

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from offices.errors import BadOpeningHours, OfficeNotFound
from offices.models import OfficeHours
from offices.repository import offices as repository
from offices.rules import hours as rules
from offices.schemas.hours import (
    OfficeHoursRead,
    OfficeHoursWrite,
    OpeningTimeRead,
    OpeningTimes,
    OpenState,
    WeeklyHours,
)
from offices.vocabulary import MAX_HOURS_DAYS
from servicekit.clock import FINNISH_TIME
from servicekit.http import Preconditions


def weekly_ranges(weekly: Sequence[Mapping[str, Any]]) -> list[rules.WeeklyRange]:
    return [
        rules.WeeklyRange(
            int(r["weekday"]), rules.minutes_of(r["opens"]), rules.minutes_of(r["closes"])
        )
        for r in weekly
    ]


def dated_exceptions(exceptions: Sequence[Mapping[str, Any]]) -> list[rules.DatedException]:
    return [
        rules.DatedException(
            date=dt.date.fromisoformat(str(e["date"])),
            closed=bool(e["closed"]),
            opens=rules.minutes_of(e["opens"]) if e.get("opens") else None,
            closes=rules.minutes_of(e["closes"]) if e.get("closes") else None,
        )
        for e in exceptions
    ]


async def get_hours(session: AsyncSession, *, area_id: str, office_id: int) -> OfficeHours:
    hours = await repository.get_hours(session, area_id=area_id, office_id=office_id)
    if hours is None:
        raise OfficeNotFound(area_id, office_id)
    return hours


def _stored(data: OfficeHoursWrite) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The rules in their order: weekly by weekday and opening, exceptions by date."""
    weekly = sorted(data.weekly, key=lambda r: (r.weekday, r.opens))
    exceptions = sorted(data.exceptions, key=lambda e: (e.date, e.opens or ""))
    return (
        [r.model_dump() for r in weekly],
        [e.model_dump(mode="json", exclude_none=True) for e in exceptions],
    )


async def put_hours(
    session: AsyncSession,
    *,
    area_id: str,
    office_id: int,
    data: OfficeHoursWrite,
    guard: Preconditions,
) -> OfficeHours:
    """Replaces the office's weekly rules and exceptions as one (If-Match)."""
    weekly = [rules.WeeklyRange(r.weekday, *_minutes(r)) for r in data.weekly]
    errors = rules.check_weekly(weekly) + rules.check_exceptions(
        dated_exceptions([e.model_dump(mode="json") for e in data.exceptions])
    )
    if errors:
        raise BadOpeningHours(errors)
    hours: OfficeHours = await guard.lock(
        session,
        repository.select_hours(area_id=area_id, office_id=office_id),
        model=OfficeHoursRead,
        not_found=OfficeNotFound(area_id, office_id),
    )
    hours.weekly, hours.exceptions = _stored(data)
    await repository.save(session, hours)
    return hours


def _minutes(rule: WeeklyHours) -> tuple[int, int]:
    return rules.minutes_of(rule.opens), rules.minutes_of(rule.closes)


async def opening_times(
    session: AsyncSession, *, area_id: str, office_id: int, first: dt.date, last: dt.date
) -> OpeningTimes:
    hours = await get_hours(session, area_id=area_id, office_id=office_id)
    times = rules.opening_times(
        weekly_ranges(hours.weekly), dated_exceptions(hours.exceptions), first, last
    )
    return OpeningTimes(
        office_id=office_id,
        from_=first,
        to=last,
        time_zone=str(FINNISH_TIME),
        times=[
            OpeningTimeRead(date=t.date, opens=t.opens, closes=t.closes, exception=t.exception)
            for t in times
        ],
    )


async def open_state(
    session: AsyncSession, *, area_id: str, office_id: int, at: dt.datetime
) -> OpenState:
    hours = await get_hours(session, area_id=area_id, office_id=office_id)
    state = rules.open_state(
        weekly_ranges(hours.weekly),
        dated_exceptions(hours.exceptions),
        at,
        horizon_days=MAX_HOURS_DAYS,
    )
    return OpenState(office_id=office_id, at=at, open=state.open, next_change=state.next_change)

"""Routes for an office's opening hours: the rules (`GET`, `PUT` with If-Match), the
concrete times they give over a period, and whether it is open at an instant."""

import datetime as dt
import re
from typing import Annotated

from fastapi import APIRouter, Query

from offices.api import examples
from offices.api.deps import AreaReader, AreaWriter, Session
from offices.api.params import AreaIdPath, OfficeIdPath
from offices.errors import BadOpeningHours, OfficeNotFound
from offices.schemas.common import BoundedDate
from offices.schemas.hours import OfficeHoursRead, OfficeHoursWrite, OpeningTimes, OpenState
from offices.service import hours as service
from offices.vocabulary import MAX_HOURS_DAYS
from servicekit.clock import FINNISH_TIME
from servicekit.errors import FieldError, UnprocessableContent, raises
from servicekit.http import FreshRead, IfMatch

router = APIRouter(tags=["opening hours"])

HOURS = "/areas/{area_id}/offices/{office_id}/hours"

_AT_DESCRIPTION = (
    "An ISO 8601 date-time; with its offset (`Z`, `%2B03:00`), or without one as Finnish local time"
)


# `...T10:00:00+03:00` put into a URL unencoded: the query string decodes its `+` as a space.
_UNENCODED_PLUS = re.compile(r"(?<=:[0-9]{2}) (?=[0-9]{2}(:?[0-9]{2})?$)")


def _instant(at: str) -> dt.datetime:
    try:
        instant = dt.datetime.fromisoformat(_UNENCODED_PLUS.sub("+", at))
    except ValueError:
        raise UnprocessableContent(
            "`at` is not an ISO 8601 date-time.",
            [FieldError("at", "must be an ISO 8601 date-time", in_="query")],
        ) from None
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=FINNISH_TIME)
    if not 2000 <= instant.year <= 2100:
        raise UnprocessableContent(
            "`at` is out of range.", [FieldError("at", "must be from 2000 to 2100", in_="query")]
        )
    return instant


def _period(first: dt.date | None, last: dt.date | None) -> tuple[dt.date, dt.date] | None:
    if first is None and last is None:
        return None
    if first is None or last is None:
        field = "from" if first is None else "to"
        message = "from and to go together"
        raise UnprocessableContent(message, [FieldError(field, message, in_="query")])
    if last < first or (last - first).days >= MAX_HOURS_DAYS:
        message = f"to must be from `from` to {MAX_HOURS_DAYS - 1} days after it"
        raise UnprocessableContent(message, [FieldError("to", message, in_="query")])
    return first, last


@router.get(HOURS, response_model=OfficeHoursRead | OpeningTimes)
@raises(OfficeNotFound, UnprocessableContent)
async def get_office_hours(
    area_id: AreaIdPath,
    office_id: OfficeIdPath,
    session: Session,
    _: AreaReader,
    fresh: FreshRead,
    first: Annotated[
        BoundedDate | None,
        Query(alias="from", description="With `to`: list the opening times from this date"),
    ] = None,
    last: Annotated[
        BoundedDate | None,
        Query(alias="to", description="The last date (included), at most a year after `from`"),
    ] = None,
) -> OfficeHoursRead | OpeningTimes:
    """The weekly rules and exceptions, with their ETag (a new office has none); with
    `from` and `to`, the concrete opening times instead, each with its date's UTC offset."""
    period = _period(first, last)
    if period is not None:
        return fresh.respond(
            await service.opening_times(
                session, area_id=area_id, office_id=office_id, first=period[0], last=period[1]
            )
        )
    hours = await service.get_hours(session, area_id=area_id, office_id=office_id)
    return fresh.respond(OfficeHoursRead.model_validate(hours))


@router.put(HOURS, openapi_extra=examples.PUT_HOURS)
@raises(OfficeNotFound, BadOpeningHours)
async def put_office_hours(
    area_id: AreaIdPath,
    office_id: OfficeIdPath,
    body: OfficeHoursWrite,
    session: Session,
    _: AreaWriter,
    preconditions: IfMatch,
) -> OfficeHoursRead:
    """Replaces the weekly rules and the exceptions as one."""
    hours = await service.put_hours(
        session, area_id=area_id, office_id=office_id, data=body, guard=preconditions
    )
    return preconditions.read(OfficeHoursRead, hours)


@router.get("/areas/{area_id}/offices/{office_id}/open")
@raises(OfficeNotFound, UnprocessableContent)
async def get_office_open(
    area_id: AreaIdPath,
    office_id: OfficeIdPath,
    session: Session,
    _: AreaReader,
    at: Annotated[str, Query(min_length=10, max_length=40, description=_AT_DESCRIPTION)],
) -> OpenState:
    """Whether the office is open at `at`, and when that next changes (within a year)."""
    return await service.open_state(session, area_id=area_id, office_id=office_id, at=_instant(at))

"""Field types for values PostgreSQL can store and people can read.

PostgreSQL text cannot hold NUL, and control characters in a name are always a
mistake: both are refused at the edge as 422, not discovered as a 500 on insert.
A timestamp must name its offset and lie where both PostgreSQL and Python can hold
it in UTC: a year-1 or year-9999 value would fail on insert, or read back without its
offset.
"""

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BeforeValidator, Strict, StringConstraints

# One line: no control characters at all.
PLAIN_TEXT_PATTERN = r"^[^\x00-\x1f\x7f]*$"
PlainText = Annotated[str, StringConstraints(strip_whitespace=True, pattern=PLAIN_TEXT_PATTERN)]
# Several lines (Markdown bodies, notes): tabs and line breaks allowed, other controls not.
MultilineText = Annotated[str, StringConstraints(pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$")]
# An http(s) URL: no spaces, no control characters.
HttpUrlText = Annotated[str, StringConstraints(pattern=r"^https?://[^\s\x00-\x1f\x7f]+$")]

EARLIEST_TIMESTAMP = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
LATEST_TIMESTAMP = dt.datetime(9999, 12, 30, tzinfo=dt.UTC)


def _date_time_text(value: object) -> object:
    # JSON has no date-time type: only ISO 8601 text is one (a number is not a timestamp here).
    if isinstance(value, str | dt.datetime):
        return value
    raise ValueError("must be an ISO 8601 date-time with a time zone")


def _storable(value: dt.datetime) -> dt.datetime:
    try:
        in_utc = value.astimezone(dt.UTC)
    except OverflowError:
        in_utc = None
    if in_utc is None or not EARLIEST_TIMESTAMP <= in_utc <= LATEST_TIMESTAMP:
        raise ValueError(
            f"must be from {EARLIEST_TIMESTAMP:%Y-%m-%d} to {LATEST_TIMESTAMP:%Y-%m-%d} (UTC)"
        )
    return value


# ISO 8601 text with an offset, within the years PostgreSQL and Python both hold in UTC.
Timestamp = Annotated[
    AwareDatetime, Strict(False), BeforeValidator(_date_time_text), AfterValidator(_storable)
]


_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _iso_date_text(value: object) -> object:
    # Pydantic would also read 0 or "0" as a Unix time (1970-01-01).
    if isinstance(value, dt.date) or (isinstance(value, str) and _ISO_DATE.match(value)):
        return value
    raise ValueError("must be a date written YYYY-MM-DD")


# A calendar date, only as `YYYY-MM-DD` (ISO 8601), in a body or a query.
IsoDate = Annotated[dt.date, Strict(False), BeforeValidator(_iso_date_text)]

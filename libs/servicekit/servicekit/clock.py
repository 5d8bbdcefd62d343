"""The calendar every service counts days in."""

import datetime as dt
from zoneinfo import ZoneInfo

FINNISH_TIME = ZoneInfo("Europe/Helsinki")


def today_in_finland() -> dt.date:
    """Today's date in Finland: a service decides validity in Finnish calendar days, so a
    request at 01:30 Helsinki time (23:30 UTC the day before) already counts as the next day."""
    return dt.datetime.now(FINNISH_TIME).date()

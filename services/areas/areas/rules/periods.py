"""Statistic periods: a month `YYYY-MM` or a year `YYYY`, and how they compare.

A yearly figure describes the year as a whole or its end (population on 31 December,
a yearly average labour force), so for ordering and "as of" a year `YYYY` counts as its
last month `YYYY-12`. When a month and a year share that key (`2023-12` and `2023`), the
month is the later of the two: it is the more specific figure for that point in time.
"""

PERIOD_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2]))?$"


def period_key(period: str) -> str:
    """The month a period counts as when periods are compared: `2023` -> `2023-12`."""
    return f"{period}-12" if len(period) == 4 else period


def sort_key(period: str) -> tuple[str, int]:
    """Chronological order with the month after the year of the same key."""
    return period_key(period), 1 if len(period) == 7 else 0


def lower_bound_key(period: str) -> str:
    """The first month a `from` bound admits: `from=2023` admits all of 2023 (`2023-01`)."""
    return f"{period}-01" if len(period) == 4 else period


def period_year(period: str) -> int:
    return int(period[:4])

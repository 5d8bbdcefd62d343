"""Calendar months: `YYYY-MM` and their days."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """`2023-06` -> Month(2023, 6); the caller has matched MONTH_PATTERN."""
        year, month = text.split("-")
        return cls(int(year), int(month))

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def days(self) -> int:
        """28 to 31: 29 in February of a leap year."""
        return calendar.monthrange(self.year, self.month)[1]

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.year, self.month, self.days)

    def shifted(self, months: int) -> Month:
        """The month `months` later (earlier when negative)."""
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def until(self, last: Month) -> list[Month]:
        """This month and every month after it up to `last`, inclusive (empty if `last` is
        earlier)."""
        count = (last.year - self.year) * 12 + last.month - self.month + 1
        return [self.shifted(i) for i in range(max(count, 0))]

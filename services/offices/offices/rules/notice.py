"""Notice dates of commercial leases (DOMAIN.md §4; laki liikehuoneiston vuokrauksesta
482/1995, sources [43]).

A lease is fixed-term (it has an `end_date`) or until further notice. The notice period
is counted from the last day of the calendar month in which notice is given, unless the
lease says otherwise; without an agreed period it is 1 month when the tenant gives notice
(3 when the landlord does). Counted from a month's last day, an n-month period ends on the
last day of the n-th month after it: a tenant's 6 months' notice given on 15 June runs
from 30 June and ends the lease on 31 December, and to end it by 31 December notice must
be given by 30 June (DOMAIN.md §4's own example).

A fixed-term lease ends on its end date and cannot be ended by notice, unless the lease
gives the tenant a right to (here: it has `tenant_notice_months`); then notice may end it
earlier, never later.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

# The act's period when the tenant gives notice and the lease agrees none (DOMAIN.md §4).
STATUTORY_TENANT_NOTICE_MONTHS = 1


class LeaseType(StrEnum):
    fixed_term = "fixed_term"
    until_further_notice = "until_further_notice"


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    """The month `months` after (or before, when negative) `year`-`month`."""
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def ends_on(given_on: dt.date, notice_months: int) -> dt.date:
    """The day a lease ends when notice is given on `given_on`: the last day of the month
    `notice_months` after the month of notice."""
    return month_end(*shift_month(given_on.year, given_on.month, notice_months))


def notice_by(end_by: dt.date, notice_months: int) -> dt.date:
    """The last day notice can be given so that the lease ends on `end_by` or before.

    A lease ends only on a month's last day, so the latest end on or before `end_by` is
    `end_by` itself when it is a month's last day, else the end of the month before; notice
    must fall in the month `notice_months` before that one, by its last day."""
    year, month = end_by.year, end_by.month
    if end_by != month_end(year, month):
        year, month = shift_month(year, month, -1)
    return month_end(*shift_month(year, month, -notice_months))


@dataclass(frozen=True)
class LeaseTerms:
    start_date: dt.date
    end_date: dt.date | None
    tenant_notice_months: int | None

    @property
    def lease_type(self) -> LeaseType:
        return LeaseType.until_further_notice if self.end_date is None else LeaseType.fixed_term

    @property
    def notice_months(self) -> int | None:
        """The tenant's period: the agreed one, else the act's for a lease until further
        notice; a fixed-term lease without an agreed period cannot be ended by notice."""
        if self.tenant_notice_months is not None:
            return self.tenant_notice_months
        return STATUTORY_TENANT_NOTICE_MONTHS if self.end_date is None else None


@dataclass(frozen=True)
class Notice:
    """The day notice must be given by (`notice_by`, for an end asked for) and the day the
    lease ends (`ends_on`). `notice_by` is None when notice was given (`end_after_notice`)
    or none is needed or possible: a fixed-term lease that ends by itself first."""

    terms: LeaseTerms
    notice_by: dt.date | None
    ends_on: dt.date

    @property
    def notice_applies(self) -> bool:
        return self.terms.notice_months is not None

    @property
    def deadline(self) -> dt.date:
        """The day by which the tenant must act: give notice, or (a term that ends by
        itself) have moved out or renewed."""
        return self.notice_by if self.notice_by is not None else self.ends_on


def notice_to_end_by(terms: LeaseTerms, end_by: dt.date) -> Notice:
    """The last day to give notice so that the lease ends by `end_by`."""
    months = terms.notice_months
    if terms.end_date is not None and (months is None or terms.end_date <= end_by):
        return Notice(terms, notice_by=None, ends_on=terms.end_date)
    assert months is not None
    deadline = notice_by(end_by, months)
    return Notice(terms, notice_by=deadline, ends_on=ends_on(deadline, months))


def end_after_notice(terms: LeaseTerms, given_on: dt.date) -> Notice:
    """The day the lease ends if the tenant gives notice on `given_on`."""
    months = terms.notice_months
    if months is None:
        assert terms.end_date is not None
        return Notice(terms, notice_by=None, ends_on=terms.end_date)
    end = ends_on(given_on, months)
    if terms.end_date is not None and terms.end_date < end:
        end = terms.end_date
    return Notice(terms, notice_by=None, ends_on=end)


def next_year_end_notice(terms: LeaseTerms, today: dt.date) -> Notice:
    """The notice that ends the lease at the first year's end (31 December, the usual point
    to plan premises for) whose notice day is today or later."""
    year = today.year
    while True:
        notice = notice_to_end_by(terms, dt.date(year, 12, 31))
        # Without a notice day the term ends by itself: no later year changes that.
        if notice.notice_by is None or notice.notice_by >= today:
            return notice
        year += 1

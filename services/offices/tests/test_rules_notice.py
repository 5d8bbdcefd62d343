"""Notice dates under the commercial leases act 482/1995 (DOMAIN.md §4 and its sources [43]):
the period runs from the last day of the month in which notice is given, so a lease ends on
a month's last day. The expected dates are read off a calendar, not computed."""

import datetime as dt

import pytest

from offices.rules.notice import (
    LeaseTerms,
    LeaseType,
    end_after_notice,
    ends_on,
    next_year_end_notice,
    notice_by,
    notice_to_end_by,
)

D = dt.date


def test_domain_example_six_months_given_15_june_ends_31_december() -> None:
    assert ends_on(D(2025, 6, 15), 6) == D(2025, 12, 31)
    assert notice_by(D(2025, 12, 31), 6) == D(2025, 6, 30)


@pytest.mark.parametrize("given", [D(2025, 6, 1), D(2025, 6, 30)])
def test_any_day_of_the_month_of_notice_gives_the_same_end(given: dt.date) -> None:
    assert ends_on(given, 6) == D(2025, 12, 31)


def test_notice_on_the_first_of_the_next_month_ends_a_month_later() -> None:
    assert ends_on(D(2025, 7, 1), 6) == D(2026, 1, 31)


def test_an_end_that_is_not_a_month_end_needs_notice_a_month_earlier() -> None:
    # To end by 15 December the lease must end on 30 November: notice in May.
    assert notice_by(D(2025, 12, 15), 6) == D(2025, 5, 31)
    assert ends_on(notice_by(D(2025, 12, 15), 6), 6) == D(2025, 11, 30)


def test_a_31_day_month_end_and_a_30_day_month() -> None:
    # 31 August + 1 month is 30 September, not 1 October.
    assert ends_on(D(2025, 8, 31), 1) == D(2025, 9, 30)
    assert ends_on(D(2025, 1, 31), 3) == D(2025, 4, 30)
    assert notice_by(D(2025, 7, 31), 3) == D(2025, 4, 30)


def test_leap_years_end_on_29_february() -> None:
    assert ends_on(D(2023, 8, 31), 6) == D(2024, 2, 29)
    assert ends_on(D(2024, 8, 31), 6) == D(2025, 2, 28)
    assert notice_by(D(2024, 2, 29), 6) == D(2023, 8, 31)
    # 28 February 2024 is not a month end: the lease must end on 31 January.
    assert notice_by(D(2024, 2, 28), 6) == D(2023, 7, 31)


def test_periods_cross_years_both_ways() -> None:
    assert ends_on(D(2025, 11, 3), 3) == D(2026, 2, 28)
    assert notice_by(D(2026, 3, 31), 12) == D(2025, 3, 31)
    assert notice_by(D(2026, 1, 31), 25) == D(2023, 12, 31)


def test_zero_months_ends_at_the_end_of_the_month_of_notice() -> None:
    assert ends_on(D(2025, 2, 10), 0) == D(2025, 2, 28)


def test_without_an_agreed_period_the_tenant_gives_one_months_notice() -> None:
    terms = LeaseTerms(D(2020, 1, 1), None, None)
    assert terms.lease_type == LeaseType.until_further_notice
    assert terms.notice_months == 1
    assert end_after_notice(terms, D(2025, 3, 12)).ends_on == D(2025, 4, 30)


def test_a_fixed_term_lease_without_a_notice_right_ends_on_its_end_date() -> None:
    terms = LeaseTerms(D(2023, 1, 1), D(2026, 6, 30), None)
    for notice in (
        notice_to_end_by(terms, D(2025, 12, 31)),
        end_after_notice(terms, D(2025, 1, 15)),
    ):
        assert (notice.notice_applies, notice.notice_by, notice.ends_on) == (
            False,
            None,
            D(2026, 6, 30),
        )


def test_a_fixed_term_lease_with_a_notice_right_ends_by_notice_or_its_term_first() -> None:
    terms = LeaseTerms(D(2023, 1, 1), D(2026, 6, 30), 3)
    early = notice_to_end_by(terms, D(2025, 12, 31))
    assert (early.notice_applies, early.notice_by, early.ends_on) == (
        True,
        D(2025, 9, 30),
        D(2025, 12, 31),
    )
    # Ending after the term needs no notice; notice that would end it later ends nothing.
    assert notice_to_end_by(terms, D(2026, 12, 31)).notice_by is None
    assert end_after_notice(terms, D(2026, 5, 2)).ends_on == D(2026, 6, 30)


def test_the_next_year_end_is_this_years_until_its_notice_day_passes() -> None:
    terms = LeaseTerms(D(2020, 1, 1), None, 6)
    assert next_year_end_notice(terms, D(2025, 6, 30)).notice_by == D(2025, 6, 30)
    after = next_year_end_notice(terms, D(2025, 7, 1))
    assert (after.notice_by, after.ends_on) == (D(2026, 6, 30), D(2026, 12, 31))


def test_the_next_year_end_of_a_fixed_term_that_ends_first_is_its_term() -> None:
    terms = LeaseTerms(D(2020, 1, 1), D(2025, 3, 31), None)
    notice = next_year_end_notice(terms, D(2025, 1, 10))
    assert (notice.notice_by, notice.ends_on, notice.deadline) == (
        None,
        D(2025, 3, 31),
        D(2025, 3, 31),
    )

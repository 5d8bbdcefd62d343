"""Periods and how they compare; "as of" is answered by the database (test_as_of.py)."""

import re

import pytest

from areas.rules.periods import PERIOD_PATTERN, lower_bound_key, period_key, sort_key


@pytest.mark.parametrize("text", ["2023", "2023-01", "2023-12", "1999-09"])
def test_months_and_years_are_periods(text: str) -> None:
    assert re.fullmatch(PERIOD_PATTERN, text)


@pytest.mark.parametrize("text", ["2023-13", "2023-00", "23", "2023-1", "2023M06", "2023-06-01"])
def test_other_text_is_not_a_period(text: str) -> None:
    assert not re.fullmatch(PERIOD_PATTERN, text)


def test_a_year_counts_as_its_last_month() -> None:
    assert period_key("2023") == "2023-12"
    assert period_key("2023-06") == "2023-06"
    assert lower_bound_key("2023") == "2023-01"


def test_the_month_sorts_after_the_year_of_the_same_key() -> None:
    assert sorted(["2023-12", "2024-01", "2023", "2023-06"], key=sort_key) == [
        "2023-06",
        "2023",
        "2023-12",
        "2024-01",
    ]

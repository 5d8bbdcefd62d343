from decimal import Decimal

import pytest

from areas.rules.formation import LabourForceFigure
from areas.rules.periods import is_period, latest_as_of, lower_bound_key, period_key


@pytest.mark.parametrize("text", ["2023", "2023-01", "2023-12", "1999-09"])
def test_months_and_years_are_periods(text: str) -> None:
    assert is_period(text)


@pytest.mark.parametrize("text", ["2023-13", "2023-00", "23", "2023-1", "2023M06", "2023-06-01"])
def test_other_text_is_not_a_period(text: str) -> None:
    assert not is_period(text)


def test_a_year_counts_as_its_last_month() -> None:
    assert period_key("2023") == "2023-12"
    assert period_key("2023-06") == "2023-06"
    assert lower_bound_key("2023") == "2023-01"


def figure(period: str) -> LabourForceFigure:
    return LabourForceFigure("005", period, Decimal(1), "s")


def test_latest_as_of_takes_the_latest_at_or_before() -> None:
    figures = [figure("2022"), figure("2023-06"), figure("2023-09")]
    chosen = latest_as_of(figures, "2023-08")
    assert chosen is not None
    assert chosen.period == "2023-06"


def test_a_year_is_not_yet_available_in_its_own_middle() -> None:
    chosen = latest_as_of([figure("2022-01"), figure("2023")], "2023-06")
    assert chosen is not None
    assert chosen.period == "2022-01"


def test_the_month_beats_the_year_of_the_same_key() -> None:
    chosen = latest_as_of([figure("2023-12"), figure("2023")], "2023")
    assert chosen is not None
    assert chosen.period == "2023-12"


def test_nothing_before_as_of_is_none() -> None:
    assert latest_as_of([figure("2024")], "2023-12") is None
    chosen = latest_as_of([figure("2024"), figure("2020")], None)
    assert chosen is not None
    assert chosen.period == "2024"

from decimal import Decimal

import pytest

from servicekit.money import euro_text, largest_remainder, split_euros, to_cents


def test_parts_add_up_exactly_and_follow_the_weights() -> None:
    weights = {"a": 8982, "b": 10634, "c": 2267, "d": 14909}
    parts = largest_remainder(28_616, weights)
    assert sum(parts.values()) == 28_616
    weight_sum = sum(weights.values())
    for key, weight in weights.items():
        assert abs(parts[key] - 28_616 * weight / weight_sum) < 1


def test_left_over_units_go_to_the_largest_remainders() -> None:
    # Exact shares 3.33.., 3.33.., 3.33..: one unit left, ties broken by key.
    assert largest_remainder(10, {"b": 1, "a": 1, "c": 1}) == {"a": 4, "b": 3, "c": 3}


def test_ties_may_go_to_the_lower_key_whatever_the_weights() -> None:
    # Two units over weights 1 and 3: exact shares 0.5 and 1.5, both with a remainder of one
    # half. By default the larger weight gets the unit left over, by key the lower key.
    assert largest_remainder(2, {"a": 1, "b": 3}) == {"a": 0, "b": 2}
    assert largest_remainder(2, {"a": 1, "b": 3}, ties="key") == {"a": 1, "b": 1}
    # Equal weights: both rules come to the lower key.
    assert largest_remainder(1, {"b": 2, "a": 2}, ties="key") == {"a": 1, "b": 0}


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("1234.5", "1234.50"),
        ("0", "0.00"),
        ("-0.001", "0.00"),
        ("-12.345", "-12.34"),
        ("7", "7.00"),
    ],
)
def test_amounts_are_answered_with_two_decimals(amount: str, text: str) -> None:
    assert euro_text(Decimal(amount)) == text


@pytest.mark.parametrize("weights", [{}, {"a": 0}, {"a": -1, "b": 3}])
def test_weights_must_be_usable(weights: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="weights"):
        largest_remainder(10, weights)


def test_euros_split_to_the_cent_and_add_up_to_the_total() -> None:
    # 100 euros in three equal parts: 33.34 + 33.33 + 33.33, never 99.99 or 100.01.
    parts = split_euros(Decimal("100.00"), {"a": 1, "b": 1, "c": 1})
    assert parts == {"a": Decimal("33.34"), "b": Decimal("33.33"), "c": Decimal("33.33")}
    assert sum(parts.values()) == Decimal("100.00")


def test_decimal_weights_are_not_rounded_before_the_split() -> None:
    # Shares 0.5 and 0.25 and 0.25 of 10.01 euros: 5.005 -> 5.01 by the largest remainder.
    parts = split_euros(
        Decimal("10.01"), {"a": Decimal("0.5"), "b": Decimal("0.25"), "c": Decimal("0.25")}
    )
    assert sum(parts.values()) == Decimal("10.01")
    assert parts["a"] == Decimal("5.01")
    assert all(p.as_tuple().exponent == -2 for p in parts.values())


def test_an_amount_with_fractions_of_a_cent_is_refused() -> None:
    with pytest.raises(ValueError, match="two decimals"):
        to_cents(Decimal("1.005"))

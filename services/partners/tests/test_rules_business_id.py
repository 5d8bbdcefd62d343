"""The Y-tunnus check digit (DOMAIN.md §5), each case worked out by hand in its comment."""

import pytest

from partners.rules.business_id import business_id_problem, check_digit


def test_a_published_business_id_passes() -> None:
    # 0112038-9, a business ID in public use (orakel.cloud's YTJ notes quote it):
    # 0*7 + 1*9 + 1*10 + 2*5 + 0*8 + 3*4 + 8*2 = 57; 57 mod 11 = 2; 11 - 2 = 9.
    assert business_id_problem("0112038-9") is None


@pytest.mark.parametrize(
    ("value", "remainder"),
    [
        # Kela, 0246246-0: 0*7 + 2*9 + 4*10 + 6*5 + 2*8 + 4*4 + 6*2 = 132; 132 mod 11 = 0 -> 0.
        ("0246246-0", 0),
        # Finnair Oyj, 0108023-3: 0 + 1*9 + 0 + 8*5 + 0 + 2*4 + 3*2 = 63; 63 mod 11 = 8 -> 3.
        ("0108023-3", 8),
        # KONE Oyj, 1927400-1: 1*7 + 9*9 + 2*10 + 7*5 + 4*8 + 0 + 0 = 175; 175 mod 11 = 10 -> 1.
        ("1927400-1", 10),
    ],
)
def test_business_ids_in_public_use_pass(value: str, remainder: int) -> None:
    digits = value[:7]
    weighted = sum(int(d) * w for d, w in zip(digits, (7, 9, 10, 5, 8, 4, 2), strict=True))
    assert weighted % 11 == remainder
    assert business_id_problem(value) is None
    # Every other check digit is wrong, and the answer names the right one.
    for last in sorted(set("0123456789") - {value[8]}):
        assert business_id_problem(f"{digits}-{last}") == (
            f"the check digit of {digits} is {value[8]}, not {last}"
        )


def test_remainder_zero_gives_check_digit_zero() -> None:
    # 0100001: 1*9 + 1*2 = 11; 11 mod 11 = 0 -> check digit 0.
    assert check_digit("0100001") == 0
    assert business_id_problem("0100001-0") is None


def test_remainder_one_is_never_valid() -> None:
    # 0000006: 6*2 = 12; 12 mod 11 = 1: no check digit exists.
    assert check_digit("0000006") is None
    for last in "0123456789":
        problem = business_id_problem(f"0000006-{last}")
        assert problem is not None
        assert "remainder 1" in problem


def test_a_wrong_check_digit_names_the_right_one() -> None:
    assert business_id_problem("0112038-8") == "the check digit of 0112038 is 9, not 8"


@pytest.mark.parametrize(
    "value",
    ["01120389", "112038-9", "00112038-9", "0112038-", "0112038-99", "O112038-9", " 0112038-9"],
)
def test_wrong_length_or_a_missing_hyphen_is_the_wrong_form(value: str) -> None:
    problem = business_id_problem(value)
    assert problem is not None
    assert "seven digits, a hyphen" in problem

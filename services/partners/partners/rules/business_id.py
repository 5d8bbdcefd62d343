"""The Finnish business ID (Y-tunnus) and its check digit.

DOMAIN.md §5: seven digits, a hyphen and a check digit (the form Statistics Finland's
definition of the Business ID gives too: "a consecutive number of seven digits, a hyphen,
and a control number"). The digits are weighted 7, 9, 10, 5, 8, 4, 2 and summed; with
r = sum mod 11, r = 0 gives the check digit 0, r = 1 is never issued (no ID has it), and
otherwise the check digit is 11 - r.
"""

import re

WEIGHTS = (7, 9, 10, 5, 8, 4, 2)
BUSINESS_ID_PATTERN = r"^[0-9]{7}-[0-9]$"
_FORM = re.compile(BUSINESS_ID_PATTERN)


def check_digit(digits: str) -> int | None:
    """The check digit of seven digits, or None when their remainder is 1 (no valid ID)."""
    remainder = sum(int(d) * w for d, w in zip(digits, WEIGHTS, strict=True)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def business_id_problem(value: str) -> str | None:
    """Why `value` is no valid business ID, or None when it is one."""
    if not _FORM.fullmatch(value):
        return "must be seven digits, a hyphen and a check digit (1234567-1)"
    digits, given = value[:7], int(value[8])
    expected = check_digit(digits)
    if expected is None:
        return (
            f"{digits} cannot be a business ID: its weighted sum leaves remainder 1 "
            "modulo 11, for which no check digit exists"
        )
    if expected != given:
        return f"the check digit of {digits} is {expected}, not {given}"
    return None

"""The municipal share by accumulated benefit days, on its edges (DOMAIN.md §2).

The tables here are written out from DOMAIN.md §2, not read from our migration: the
2025 steps 1-100: 0 %, 101-200: 10 %, 201-300: 20 %, 301-400: 30 %, 401-700: 40 %, 701+: 50 %;
until 2024 the labour market subsidy alone, 0 % to 300 days, 50 % to 1,000, then 70 %.
"""

import random
from decimal import Decimal

import pytest

from funding.rules.staircase import (
    PersonInput,
    Staircase,
    StaircaseStep,
    days_in_step,
    employment_savings,
    municipal_share,
    person_share,
)

ALL = frozenset({"labour_market_subsidy", "basic_allowance", "earnings_related_allowance"})
STAIRCASE_2025 = Staircase(
    key="2025",
    title="from 2025",
    benefits=ALL,
    steps=tuple(
        StaircaseStep(a, b, Decimal(p))
        for a, b, p in [
            (1, 100, 0),
            (101, 200, 10),
            (201, 300, 20),
            (301, 400, 30),
            (401, 700, 40),
            (701, None, 50),
        ]
    ),
)
LEGACY = Staircase(
    key="legacy",
    title="until 2024",
    benefits=frozenset({"labour_market_subsidy"}),
    steps=(
        StaircaseStep(1, 300, Decimal(0)),
        StaircaseStep(301, 1000, Decimal(50)),
        StaircaseStep(1001, None, Decimal(70)),
    ),
)
BASIC = Decimal("37.21")  # the 2025 basic daily allowance (DOMAIN.md §2)


def person(
    days_before: int, days: int, basis: Decimal = BASIC, benefit: str = "basic_allowance"
) -> PersonInput:
    return PersonInput(days_before=days_before, days=days, daily_basis_eur=basis, benefit=benefit)


def test_kelas_published_example_ten_days_at_ten_percent() -> None:
    # DOMAIN.md §2: one person, 10 days at 10 % of 37.21 €/day = 37.21 €.
    share = person_share(STAIRCASE_2025, person(days_before=100, days=10))
    assert share.amount_eur == Decimal("37.21")
    assert [(c.step.day_class, c.days) for c in share.by_day_class] == [("101-200", 10)]


def test_the_first_hundred_days_cost_nothing_and_day_101_does() -> None:
    assert person_share(STAIRCASE_2025, person(0, 100)).amount_eur == Decimal("0.00")
    assert person_share(STAIRCASE_2025, person(100, 1)).amount_eur == Decimal("3.72")  # 3.721


def test_a_person_crossing_two_classes_pays_each_day_at_its_own_rate() -> None:
    # Days 191..210: ten at 10 %, ten at 20 %.
    share = person_share(STAIRCASE_2025, person(days_before=190, days=20))
    parts = [(c.step.day_class, c.days, c.amount_eur) for c in share.by_day_class]
    assert parts == [("101-200", 10, Decimal("37.21")), ("201-300", 10, Decimal("74.42"))]
    assert share.amount_eur == Decimal("111.63")


def test_crossing_into_the_open_ended_class() -> None:
    # Days 696..705: five at 40 % and five at 50 % of 40.00 €.
    share = person_share(STAIRCASE_2025, person(695, 10, Decimal("40.00")))
    assert share.amount_eur == Decimal(5 * 16 + 5 * 20)
    far = person_share(STAIRCASE_2025, person(5_000, 3, Decimal("40.00")))
    assert [(c.step.day_class, c.amount_eur) for c in far.by_day_class] == [("701-", Decimal(60))]


def test_each_person_is_rounded_half_up_and_the_total_is_the_sum_of_the_rounded() -> None:
    # 5 days at 10 % of 37.21 = 18.605: half-up 18.61 (half-even would be 18.60).
    one = person(days_before=195, days=5)
    share = municipal_share(STAIRCASE_2025, [one, one])
    assert [p.exact_eur for p in share.persons] == [Decimal("18.605")] * 2
    assert [p.amount_eur for p in share.persons] == [Decimal("18.61")] * 2
    assert share.total_eur == Decimal("37.22")  # not round(37.21) of the unrounded sum


def test_day_class_parts_add_up_to_each_person_and_to_the_total() -> None:
    rng = random.Random(8)
    persons = [
        person(rng.randint(0, 900), rng.randint(0, 400), Decimal(rng.randint(1, 9000)) / 100)
        for _ in range(300)
    ]
    share = municipal_share(STAIRCASE_2025, persons)
    for p in share.persons:
        assert sum(c.amount_eur for c in p.by_day_class) == p.amount_eur
        assert abs(p.amount_eur - p.exact_eur) <= Decimal("0.005")
    assert sum(t.amount_eur for t in share.by_day_class) == share.total_eur
    assert sum(p.amount_eur for p in share.persons) == share.total_eur
    assert sum(t.days for t in share.by_day_class) == sum(p.days for p in persons)


def test_no_days_cost_nothing() -> None:
    share = person_share(STAIRCASE_2025, person(400, 0))
    assert share.amount_eur == Decimal("0.00")
    assert share.by_day_class == ()


@pytest.mark.parametrize(
    ("days_before", "days", "expected"),
    [(0, 300, 0), (299, 2, 1), (300, 5, 5), (999, 2, 1), (1000, 1, 0)],
)
def test_days_in_a_step_count_both_ends(days_before: int, days: int, expected: int) -> None:
    assert days_in_step(LEGACY.steps[1], days_before=days_before, days=days) == expected


def test_legacy_labour_market_subsidy_from_day_301_and_1001() -> None:
    lms = "labour_market_subsidy"
    # Days 296..305: five at 0 %, five at 50 % of 37.21 = 93.025 -> 93.03.
    assert person_share(LEGACY, person(295, 10, benefit=lms)).amount_eur == Decimal("93.03")
    # Days 996..1005: five at 50 %, five at 70 % of 10.00 = 25 + 35.
    assert person_share(LEGACY, person(995, 10, Decimal("10.00"), lms)).amount_eur == 60


def test_legacy_does_not_cover_the_allowances() -> None:
    # Until 2024 the municipality paid part of the labour market subsidy only (DOMAIN.md §2).
    share = person_share(LEGACY, person(995, 10, benefit="earnings_related_allowance"))
    assert not share.covered
    assert share.amount_eur == Decimal("0.00")
    assert [(c.step.day_class, c.days) for c in share.by_day_class] == [
        ("301-1000", 5),
        ("1001-", 5),
    ]


def test_employing_a_person_from_a_class_saves_a_year_of_their_climb() -> None:
    # Starting at day 101, 260 more days: 100 at 10 %, 100 at 20 %, 60 at 30 % of 37.21.
    expected = Decimal("37.21") * (
        100 * Decimal("0.1") + 100 * Decimal("0.2") + 60 * Decimal("0.3")
    )
    savings = employment_savings(STAIRCASE_2025, persons=3, benefit_days=260, daily_basis_eur=BASIC)
    assert [s.step.day_class for s in savings] == [
        "101-200",
        "201-300",
        "301-400",
        "401-700",
        "701-",
    ]
    first = savings[0]
    assert first.per_person_eur == expected.quantize(Decimal("0.01"))
    assert first.saving_eur == 3 * first.per_person_eur
    last = employment_savings(
        STAIRCASE_2025,
        persons=1,
        benefit_days=260,
        daily_basis_eur=BASIC,
        day_classes=["701-"],
    )
    assert [s.saving_eur for s in last] == [(260 * BASIC / 2).quantize(Decimal("0.01"))]

"""The allocation rule (DOMAIN.md §2): P · Σ_c w_c · x_ic / Σ_j x_jc, in cents by the
largest remainder over the whole pool, ties to the lower municipality code."""

import random
from decimal import Decimal
from fractions import Fraction

import pytest

from funding.rules.allocation import AllocationInputError, AllocationPart, Criterion, allocate

D = Decimal
HALF_HALF = [Criterion("population", D("0.5")), Criterion("unemployed", D("0.5"))]


def amounts(parts: list[AllocationPart]) -> dict[str, Decimal]:
    return {p.municipality_code: p.amount_eur for p in parts}


def test_a_cent_over_three_equal_municipalities_goes_to_the_lowest_code() -> None:
    values = {code: {"population": D(1), "unemployed": D(1)} for code in ("300", "005", "010")}
    parts = allocate(D("0.01"), HALF_HALF, values)
    assert amounts(parts) == {"005": D("0.01"), "010": D("0.00"), "300": D("0.00")}
    assert [p.municipality_code for p in parts] == ["005", "010", "300"]
    assert all(p.share == Fraction(1, 3) for p in parts)


def test_equal_remainders_go_to_the_lower_code_not_to_the_larger_part() -> None:
    # Shares 1/4 and 3/4 of two cents: exact 0.5 and 1.5 cents, equal remainders of half a
    # cent. The lower code gets it although its part is the smaller one.
    values = {"005": {"x": D(1)}, "010": {"x": D(3)}}
    parts = allocate(D("0.02"), [Criterion("x", D(1))], values)
    assert amounts(parts) == {"005": D("0.01"), "010": D("0.01")}


def test_parts_by_hand() -> None:
    # Working-age population 1, 1, 1 and unemployed 0, 1, 2, half and half of 100 €:
    # exact parts 16.666.., 33.333.., 50 €; one cent left over, to the largest remainder (A).
    values = {
        "005": {"population": D(1), "unemployed": D(0)},
        "010": {"population": D(1), "unemployed": D(1)},
        "052": {"population": D(1), "unemployed": D(2)},
    }
    parts = allocate(D("100.00"), HALF_HALF, values)
    assert amounts(parts) == {"005": D("16.67"), "010": D("33.33"), "052": D("50.00")}
    by_criterion = {p.municipality_code: p.by_criterion for p in parts}
    assert by_criterion["005"] == {"population": D("16.67"), "unemployed": D("0.00")}
    # 33.33 halved: the odd cent to the first criterion by name.
    assert by_criterion["010"] == {"population": D("16.67"), "unemployed": D("16.66")}
    # 50.00 as 16.666.. + 33.333..: the odd cent to the larger remainder.
    assert by_criterion["052"] == {"population": D("16.67"), "unemployed": D("33.33")}
    assert [p.share for p in parts] == [Fraction(1, 6), Fraction(1, 3), Fraction(1, 2)]


def test_unequal_weights_and_decimal_values() -> None:
    # 30 % by 2.5 vs 7.5 (shares 1/4, 3/4), 70 % by 1 vs 0 (1, 0): A = 0.3/4 + 0.7 = 0.775.
    criteria = [Criterion("a", D("0.3")), Criterion("b", D("0.7"))]
    values = {"005": {"a": D("2.5"), "b": D(1)}, "010": {"a": D("7.5"), "b": D(0)}}
    parts = allocate(D("1000.00"), criteria, values)
    assert amounts(parts) == {"005": D("775.00"), "010": D("225.00")}
    assert parts[0].by_criterion == {"a": D("75.00"), "b": D("700.00")}


def test_a_national_pool_adds_up_to_the_cent_and_each_part_is_within_a_cent() -> None:
    rng = random.Random(8)
    values = {
        f"{n:03d}": {
            "population": D(rng.randint(700, 650_000)),
            "unemployed": D(rng.randint(10, 60_000)),
        }
        for n in rng.sample(range(1, 1000), 292)
    }
    pool = D("450000000.00")
    parts = allocate(pool, HALF_HALF, values)
    assert sum(p.amount_eur for p in parts) == pool
    totals = {c: sum(v[c] for v in values.values()) for c in ("population", "unemployed")}
    for part in parts:
        x = values[part.municipality_code]
        exact = pool * (
            D("0.5") * x["population"] / totals["population"]
            + D("0.5") * x["unemployed"] / totals["unemployed"]
        )
        assert abs(part.amount_eur - exact) < D("0.01")
        assert sum(part.by_criterion.values()) == part.amount_eur


def test_a_zero_pool_gives_zero_parts() -> None:
    parts = allocate(D("0"), HALF_HALF, {"005": {"population": D(1), "unemployed": D(1)}})
    assert amounts(parts) == {"005": D("0.00")}
    assert parts[0].by_criterion == {"population": D("0.00"), "unemployed": D("0.00")}


def fields(error: pytest.ExceptionInfo[AllocationInputError]) -> list[str]:
    return [field for field, _ in error.value.problems]


def test_weights_must_sum_to_exactly_one() -> None:
    criteria = [Criterion("population", D("0.5")), Criterion("unemployed", D("0.4999"))]
    with pytest.raises(AllocationInputError) as error:
        allocate(D(1), criteria, {"005": {"population": D(1), "unemployed": D(1)}})
    assert fields(error) == ["criteria"]
    assert "0.9999" in error.value.problems[0][1]


def test_a_missing_or_unknown_value_is_named_by_municipality_and_criterion() -> None:
    values = {
        "005": {"population": D(1)},
        "010": {"population": D(1), "unemployed": D(1), "foreign": D(1)},
    }
    with pytest.raises(AllocationInputError) as error:
        allocate(D(1), HALF_HALF, values)
    assert fields(error) == ["values.005.unemployed", "values.010.foreign"]


def test_a_criterion_summing_to_zero_is_named() -> None:
    values = {
        "005": {"population": D(1), "unemployed": D(0)},
        "010": {"population": D(2), "unemployed": D(0)},
    }
    with pytest.raises(AllocationInputError) as error:
        allocate(D(1), HALF_HALF, values)
    assert fields(error) == ["criteria.1"]
    assert "'unemployed'" in error.value.problems[0][1]


def test_a_criterion_given_twice_is_named() -> None:
    criteria = [Criterion("x", D("0.5")), Criterion("x", D("0.5"))]
    with pytest.raises(AllocationInputError) as error:
        allocate(D(1), criteria, {"005": {"x": D(1)}})
    assert fields(error) == ["criteria.1.name"]

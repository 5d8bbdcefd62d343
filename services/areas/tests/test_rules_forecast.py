import pytest

from areas.rules.forecast import forecast_labour_force, project_rate


def test_first_year_below_is_the_smallest_n_under_the_threshold() -> None:
    result = project_rate(
        base_labour_force=28_616,
        base_year=2023,
        annual_rate=-0.02,
        horizon_years=30,
        threshold=20_000,
    )
    n = result.years_until_below
    assert n is not None
    assert 28_616 * 0.98**n < 20_000 <= 28_616 * 0.98 ** (n - 1)
    assert result.first_year_below == 2023 + n
    assert len(result.trajectory) == 30
    assert result.trajectory[0].year == 2024


def test_none_when_the_limit_holds_through_the_horizon() -> None:
    result = project_rate(
        base_labour_force=28_616,
        base_year=2023,
        annual_rate=-0.012,
        horizon_years=25,
        threshold=20_000,
    )
    assert result.years_until_below is None
    assert result.first_year_below is None


def test_exactly_at_threshold_is_not_below() -> None:
    result = project_rate(
        base_labour_force=20_000,
        base_year=2023,
        annual_rate=0.0,
        horizon_years=5,
        threshold=20_000,
    )
    assert result.years_until_below is None


def test_values_stay_unrounded_and_round_only_for_display() -> None:
    result = project_rate(
        base_labour_force=20_000.4,
        base_year=2023,
        annual_rate=0.0,
        horizon_years=1,
        threshold=20_001,
    )
    point = result.trajectory[0]
    assert point.labour_force == pytest.approx(20_000.4)
    assert point.labour_force_rounded == 20_000
    assert result.years_until_below == 1


def test_one_forecast_per_rate_in_order() -> None:
    results = forecast_labour_force(
        base_labour_force=30_000, base_year=2020, annual_rates=[0.01, -0.05], threshold=20_000
    )
    assert [r.annual_rate for r in results] == [0.01, -0.05]
    assert results[0].years_until_below is None
    assert results[1].years_until_below is not None


def test_horizon_must_be_positive() -> None:
    with pytest.raises(ValueError, match="horizon"):
        forecast_labour_force(base_labour_force=1, base_year=2020, horizon_years=0, threshold=1)

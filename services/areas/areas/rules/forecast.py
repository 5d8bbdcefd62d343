"""The labour force under compound annual rates of change (DOMAIN.md §1, plan §1.2).

The plan saw the labour force change by -1.2 ... -2 % a year over six years and concluded
that the 20,000 limit "would not be crossed in at least 25 years". This answers that claim
for any rates: from the latest labour force L0, L(n) = L0 * (1 + rate)^n for n = 1..horizon,
and the first year in which L(n) falls below the threshold, if any within the horizon.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from areas.rules.formation import LabourForceFigure

# The plan's own range for the labour force (plan §1.2): -1.2 % and -2 % a year.
PLAN_ANNUAL_RATES = (-0.012, -0.02)
DEFAULT_HORIZON_YEARS = 30


@dataclass(frozen=True)
class YearPoint:
    years_from_base: int
    year: int
    # Unrounded: comparisons use this; whole persons are for display only.
    labour_force: float

    @property
    def labour_force_rounded(self) -> int:
        return round(self.labour_force)


@dataclass(frozen=True)
class RateForecast:
    annual_rate: float
    trajectory: tuple[YearPoint, ...]
    # The smallest n with L(n) < threshold, None when none within the horizon.
    years_until_below: int | None
    first_year_below: int | None


def project_rate(
    *,
    base_labour_force: float,
    base_year: int,
    annual_rate: float,
    horizon_years: int,
    threshold: int,
) -> RateForecast:
    # Each year from L0 directly, not by repeated multiplication, so errors do not accumulate.
    trajectory = tuple(
        YearPoint(n, base_year + n, base_labour_force * (1 + annual_rate) ** n)
        for n in range(1, horizon_years + 1)
    )
    below = next((p for p in trajectory if p.labour_force < threshold), None)
    return RateForecast(
        annual_rate=annual_rate,
        trajectory=trajectory,
        years_until_below=below.years_from_base if below else None,
        first_year_below=below.year if below else None,
    )


def forecast_labour_force(
    *,
    base_labour_force: float,
    base_year: int,
    annual_rates: Sequence[float] = PLAN_ANNUAL_RATES,
    horizon_years: int = DEFAULT_HORIZON_YEARS,
    threshold: int,
) -> tuple[RateForecast, ...]:
    if horizon_years < 1:
        raise ValueError("horizon_years must be at least 1")
    return tuple(
        project_rate(
            base_labour_force=base_labour_force,
            base_year=base_year,
            annual_rate=rate,
            horizon_years=horizon_years,
            threshold=threshold,
        )
        for rate in annual_rates
    )


@dataclass(frozen=True)
class LabourForceForecast:
    municipality_codes: tuple[str, ...]
    as_of: str | None
    threshold: int
    horizon_years: int
    # The latest period among the members' figures; year n of a trajectory is base_year + n.
    base_period: str
    base_year: int
    base_labour_force: Decimal
    figures: tuple[LabourForceFigure, ...]
    forecasts: tuple[RateForecast, ...]

"""The labour force forecast of a set of municipalities (DOMAIN.md §1, plan §1.2)."""

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from areas.errors import LabourForceMissing
from areas.rules.forecast import (
    DEFAULT_HORIZON_YEARS,
    PLAN_ANNUAL_RATES,
    LabourForceForecast,
    forecast_labour_force,
)
from areas.rules.formation import LABOUR_FORCE_MINIMUM
from areas.rules.periods import period_year, sort_key
from areas.service.labour_force import labour_force_figures


async def forecast_for_codes(
    session: AsyncSession,
    *,
    municipality_codes: Sequence[str],
    as_of: str | None = None,
    annual_rates: Sequence[float] = PLAN_ANNUAL_RATES,
    horizon_years: int = DEFAULT_HORIZON_YEARS,
    threshold: int = LABOUR_FORCE_MINIMUM,
    field: str = "municipality_codes",
) -> LabourForceForecast:
    """Forecasts the members' combined labour force from each one's latest figure.

    Every member needs a figure at or before `as_of` (none is taken as zero), else 422.
    """
    by_code = await labour_force_figures(
        session, municipality_codes=municipality_codes, as_of=as_of, field=field
    )
    missing = [code for code in municipality_codes if code not in by_code]
    if missing:
        raise LabourForceMissing(missing, as_of, field=field)
    figures = tuple(by_code[code] for code in municipality_codes)
    base_period = max((f.period for f in figures), key=sort_key)
    base = sum((f.value for f in figures), Decimal(0))
    return LabourForceForecast(
        municipality_codes=tuple(municipality_codes),
        as_of=as_of,
        threshold=threshold,
        horizon_years=horizon_years,
        base_period=base_period,
        base_year=period_year(base_period),
        base_labour_force=base,
        figures=figures,
        forecasts=forecast_labour_force(
            base_labour_force=float(base),
            base_year=period_year(base_period),
            annual_rates=annual_rates,
            horizon_years=horizon_years,
            threshold=threshold,
        ),
    )

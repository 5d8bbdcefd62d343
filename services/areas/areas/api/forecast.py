"""The labour force forecast of a set of municipalities (plan §1.2)."""

from fastapi import APIRouter

from areas.api.deps import AnyReader, Session
from areas.schemas.forecast import ForecastRead, ForecastRequest
from areas.service import forecast as service

router = APIRouter(tags=["forecast"])


@router.post("/forecast")
async def forecast_labour_force(
    body: ForecastRequest, session: Session, _: AnyReader
) -> ForecastRead:
    """How long the members' combined labour force stays at or above the threshold.

    For each annual rate: L(n) = L0 * (1 + rate)^n from L0, the sum of each member's latest
    figure at or before `as_of`, and the first year it falls below the threshold (or null).
    Writes nothing.
    """
    forecast = await service.forecast_for_codes(
        session,
        municipality_codes=body.municipality_codes,
        as_of=body.as_of,
        annual_rates=body.annual_rates,
        horizon_years=body.horizon_years,
        threshold=body.threshold,
    )
    return ForecastRead.of(forecast)

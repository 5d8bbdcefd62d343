"""The labour force forecast of a set of municipalities (plan §1.2)."""

from fastapi import APIRouter

from areas.api.deps import AnyReader, Session
from areas.schemas.forecast import ForecastRead, ForecastRequest
from areas.service import area_checks
from areas.service import forecast as service
from areas.service.areas import today
from servicekit.auth import ensure_area_readable

router = APIRouter(tags=["forecast"])


@router.post("/forecast")
async def forecast_labour_force(
    body: ForecastRequest, session: Session, principal: AnyReader
) -> ForecastRead:
    """How long the members' combined labour force stays at or above the threshold.

    For each annual rate: L(n) = L0 * (1 + rate)^n from L0, the sum of each member's latest
    figure at or before `as_of`, and the first year it falls below the threshold (or null).
    With `area_id` the members are the area's on `on` (the caller must be able to read the
    area; otherwise 404). Writes nothing.
    """
    if body.area_id is not None:
        ensure_area_readable(principal, body.area_id)
        forecast = await area_checks.forecast_area(
            session,
            area_id=body.area_id,
            on=body.on or today(),
            as_of=body.as_of,
            annual_rates=body.annual_rates,
            horizon_years=body.horizon_years,
            threshold=body.threshold,
            in_="body",
        )
    else:
        forecast = await service.forecast_for_codes(
            session,
            municipality_codes=body.municipality_codes or [],
            as_of=body.as_of,
            annual_rates=body.annual_rates,
            horizon_years=body.horizon_years,
            threshold=body.threshold,
        )
    return ForecastRead.of(forecast)

"""The labour force forecast of a set of municipalities (plan §1.2)."""

from typing import Annotated

from fastapi import APIRouter, Depends

from areas.api import examples
from areas.api.deps import AnyReader, Session
from areas.errors import AreaNotFound, BadMunicipalitySet, LabourForceMissing
from areas.schemas.forecast import ForecastRead, ForecastRequest
from areas.service import area_checks
from areas.service import forecast as service
from servicekit.auth import ensure_area_readable
from servicekit.clock import today_in_finland
from servicekit.errors import NotFound, raises

router = APIRouter(tags=["forecast"])


@raises(NotFound)
async def readable_forecast_request(body: ForecastRequest, principal: AnyReader) -> ForecastRequest:
    """A forecast of an area's members is for the area's readers (anyone else: 404)."""
    if body.area_id is not None:
        ensure_area_readable(principal, body.area_id)
    return body


ReadableForecastRequest = Annotated[ForecastRequest, Depends(readable_forecast_request)]


@router.post("/forecast", openapi_extra=examples.FORECAST)
@raises(BadMunicipalitySet, LabourForceMissing, AreaNotFound)
async def forecast_labour_force(body: ReadableForecastRequest, session: Session) -> ForecastRead:
    """How long the members' combined labour force stays at or above the threshold.

    For each annual rate: L(n) = L0 * (1 + rate)^n from L0, the sum of each member's latest
    figure at or before `as_of`, and the first year it falls below the threshold (or null).
    With `area_id` the members are the area's on `on` (the caller must be able to read the
    area; otherwise 404). Writes nothing.
    """
    if body.area_id is not None:
        query = area_checks.FormationQuery(
            on=body.on or today_in_finland(),
            as_of=body.as_of,
            annual_rates=body.annual_rates,
            horizon_years=body.horizon_years,
            threshold=body.threshold,
        )
        forecast = await area_checks.forecast_area(
            session, area_id=body.area_id, query=query, in_="body"
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

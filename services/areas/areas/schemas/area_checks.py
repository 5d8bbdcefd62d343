"""An area's formation check and forecast: the what-if answers plus the area's own facts."""

import datetime as dt

from pydantic import Field

from areas.schemas.areas import ExemptionRead
from areas.schemas.eligibility import EligibilityRead
from areas.schemas.forecast import ForecastRead
from areas.service.area_checks import AreaEligibility
from areas.service.forecast import LabourForceForecast


class AreaEligibilityRead(EligibilityRead):
    area_id: str
    on: dt.date = Field(description="The date whose members and exemptions were checked")
    exemptions: list[ExemptionRead] = Field(
        description="The area's exemptions valid on that date; a criterion one covers is "
        "reported as exempted, never passed"
    )

    @classmethod
    def of_area(cls, result: AreaEligibility, *, as_of: str | None) -> "AreaEligibilityRead":
        return cls(
            **EligibilityRead.of(result.check, as_of=as_of).model_dump(),
            area_id=result.area_id,
            on=result.on,
            exemptions=[ExemptionRead.model_validate(e) for e in result.exemptions],
        )


class AreaForecastRead(ForecastRead):
    area_id: str
    on: dt.date = Field(description="The date whose members' labour force was forecast")

    @classmethod
    def of_area(
        cls, forecast: LabourForceForecast, *, area_id: str, on: dt.date
    ) -> "AreaForecastRead":
        return cls(**ForecastRead.of(forecast).model_dump(), area_id=area_id, on=on)

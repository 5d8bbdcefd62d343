"""An area's formation check and forecast: the what-if answers plus the area's own facts."""

import datetime as dt

from pydantic import BaseModel, Field

from areas.schemas.areas import ExemptionRead
from areas.schemas.eligibility import EligibilityRead
from areas.schemas.forecast import ForecastRead


class AreaEligibilityRead(EligibilityRead):
    area_id: str
    on: dt.date = Field(description="The date whose members and exemptions were checked")
    exemptions: list[ExemptionRead] = Field(
        description="The area's exemptions valid on that date; a criterion one covers is "
        "reported as exempted, never passed"
    )


class AreaForecastRead(ForecastRead):
    area_id: str
    on: dt.date = Field(description="The date whose members' labour force was forecast")


class AreaFormationRead(BaseModel):
    """Both answers of the same members on `on`, as the two routes give them apart."""

    eligibility: AreaEligibilityRead
    forecast: AreaForecastRead

"""An area's formation check and forecast: the what-if answers plus the area's own facts."""

import datetime as dt

from pydantic import BaseModel, Field

from areas.schemas.areas import AreaRead, ExemptionRead
from areas.schemas.borders import BorderRead
from areas.schemas.eligibility import EligibilityRead, LabourForceFigureRead
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


class HomeMunicipalityRead(BaseModel):
    code: str
    name_fi: str
    name_sv: str


class ProfileMemberRead(BaseModel):
    """A member on `on`: its municipality and membership, and its latest figures."""

    code: str
    name_fi: str
    name_sv: str
    lat: float | None
    lon: float | None
    valid_from: dt.date
    valid_to: dt.date | None
    population: LabourForceFigureRead | None = Field(
        description="Its latest population figure at or before `as_of` (none: no figure)"
    )
    labour_force: LabourForceFigureRead | None = Field(
        description="Its labour-force figure the eligibility used (none: no figure)"
    )


class AreaProfileRead(BaseModel):
    """The area and its members on `on`, the borders among and around them, and the
    eligibility and forecast of those members as the formation route answers them."""

    area: AreaRead
    home_municipality: HomeMunicipalityRead
    members: list[ProfileMemberRead]
    borders: list[BorderRead] = Field(
        description="Each border touching a member, once, ordered by the pair (as "
        "`GET /v1/borders?codes=` answers for the members)"
    )
    eligibility: AreaEligibilityRead
    forecast: AreaForecastRead

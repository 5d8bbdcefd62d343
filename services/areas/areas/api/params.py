"""Path and query parameters shared by the area, plan and snapshot routes."""

from typing import Annotated

from fastapi import Path

from areas.vocabulary import (
    MUNICIPALITY_CODE_PATTERN,
    PLAN_YEARS,
    SLUG_MAX_LENGTH,
    SLUG_PATTERN,
)

# The area-id path parameter is servicekit's, the one its area dependencies declare too.
from servicekit.auth import AreaIdPath as AreaIdPath

# Row ids are PostgreSQL integers: a larger number cannot name anything (404 would also do,
# but 422 tells the client its id is malformed rather than unknown).
INT4_MAX = 2_147_483_647
RowId = Annotated[int, Path(ge=1, le=INT4_MAX)]


MunicipalityCodePath = Annotated[
    str, Path(pattern=MUNICIPALITY_CODE_PATTERN, description="Three digits, e.g. 005")
]
SectionKeyPath = Annotated[
    str, Path(pattern=SLUG_PATTERN, max_length=SLUG_MAX_LENGTH, description="e.g. 1-alue")
]
PlanYearPath = Annotated[
    int, Path(ge=PLAN_YEARS[0], le=PLAN_YEARS[1], description="The year the plan is for")
]

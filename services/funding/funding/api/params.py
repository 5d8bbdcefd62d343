"""Path and query parameters shared by the funding routes."""

from typing import Annotated

from fastapi import Path, Query

from funding.vocabulary import FUNDING_YEARS

# The area-id path parameter is servicekit's, the one its area dependencies declare too.
from servicekit.auth import AreaIdPath as AreaIdPath

YearPath = Annotated[
    int, Path(ge=FUNDING_YEARS[0], le=FUNDING_YEARS[1], description="The budget or subsidy year")
]
YearQuery = Annotated[int, Query(ge=FUNDING_YEARS[0], le=FUNDING_YEARS[1], description="A year")]
# Versions are PostgreSQL integers: a larger number cannot name anything.
INT4_MAX = 2_147_483_647
VersionQuery = Annotated[
    int | None, Query(ge=1, le=INT4_MAX, description="An earlier version; default: the latest")
]

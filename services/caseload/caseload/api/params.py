"""Path and query parameters shared by the caseload routes."""

from typing import Annotated

from fastapi import Path, Query

from caseload.vocabulary import INT4_MAX, MAX_TARGET, MONTH_PATTERN

# The area-id path parameter is servicekit's, the one its area dependencies declare too.
from servicekit.auth import AreaIdPath as AreaIdPath

# Row ids are PostgreSQL integers: a larger number cannot name anything.
RowId = Annotated[int, Path(ge=1, le=INT4_MAX)]
MonthPath = Annotated[str, Path(pattern=MONTH_PATTERN, description="YYYY-MM (2000-01 to 2100-12)")]
UniformTarget = Annotated[
    int | None,
    Query(
        ge=1,
        le=MAX_TARGET,
        description="Also check all the area's customers at this one target (plan §2.3)",
    ),
]

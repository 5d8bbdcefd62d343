"""Path and query parameters shared by the area, plan and snapshot routes."""

from typing import Annotated

from fastapi import Path

# Row ids are PostgreSQL integers: a larger number cannot name anything (404 would also do,
# but 422 tells the client its id is malformed rather than unknown).
INT4_MAX = 2_147_483_647
RowId = Annotated[int, Path(ge=1, le=INT4_MAX)]
AreaIdPath = Annotated[
    str, Path(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=50, description="e.g. kymppi")
]

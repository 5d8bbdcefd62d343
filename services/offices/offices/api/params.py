"""Path and query parameters shared by the offices routes."""

from typing import Annotated

from fastapi import Path

from offices.vocabulary import INT4_MAX

# The area-id path parameter is servicekit's, the one its area dependencies declare too.
from servicekit.auth import AreaIdPath as AreaIdPath

# Row ids are PostgreSQL integers: a larger number cannot name anything.
OfficeIdPath = Annotated[int, Path(ge=1, le=INT4_MAX, description="The office's id")]
LeaseIdPath = Annotated[int, Path(ge=1, le=INT4_MAX, description="The lease's id")]

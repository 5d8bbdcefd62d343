"""Path and query parameters shared by the partners routes."""

from typing import Annotated, Literal

from fastapi import Path, Query

from partners.schemas.common import IsoDate
from partners.vocabulary import INT4_MAX, MUNICIPALITY_CODE_PATTERN

# The area-id path parameter is servicekit's, the one its area dependencies declare too.
from servicekit.auth import AreaIdPath as AreaIdPath

RowId = Annotated[int, Path(ge=1, le=INT4_MAX)]
MunicipalityCodeQuery = Annotated[
    str | None, Query(pattern=MUNICIPALITY_CODE_PATTERN, description="A municipality code")
]
OnDate = Annotated[
    IsoDate | None,
    Query(description="The day (ISO date); default: today in Finland"),
]
ListFormat = Annotated[
    Literal["json", "hsds"],
    Query(description="`hsds`: the whole selection as one Open Referral HSDS 3.0 page"),
]

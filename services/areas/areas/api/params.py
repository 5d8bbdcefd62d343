"""Path and query parameters shared by the area, plan and snapshot routes."""

from typing import Annotated, TypeVar

from fastapi import Path

from areas.vocabulary import MUNICIPALITY_CODE_PATTERN, SLUG_MAX_LENGTH, SLUG_PATTERN

# The area-id path parameter is servicekit's, the one its area dependencies declare too.
from servicekit.auth import AreaIdPath as AreaIdPath
from servicekit.errors import FieldError, UnprocessableContent
from servicekit.http import PageParams

T = TypeVar("T", int, str)

# Row ids are PostgreSQL integers: a larger number cannot name anything (404 would also do,
# but 422 tells the client its id is malformed rather than unknown).
INT4_MAX = 2_147_483_647
RowId = Annotated[int, Path(ge=1, le=INT4_MAX)]


def cursor_value(page: PageParams, kind: type[T]) -> T | None:
    """The cursor's first sort key as `kind`, None on the first page; another shape is 422."""
    after = page.after()
    if after is None:
        return None
    value = after[0] if after else None
    if not _plausible(value, kind):
        raise UnprocessableContent(
            "The cursor is not one this list issued.",
            [FieldError("cursor", "not a valid cursor for this list", in_="query")],
        )
    return value


def _plausible(value: object, kind: type) -> bool:
    """A value we could have issued: the right type, and storable in PostgreSQL."""
    if isinstance(value, bool) or not isinstance(value, kind):
        return False
    if isinstance(value, int):
        return -INT4_MAX - 1 <= value <= INT4_MAX
    return isinstance(value, str) and value.isprintable() and len(value) <= 200


MunicipalityCodePath = Annotated[
    str, Path(pattern=MUNICIPALITY_CODE_PATTERN, description="Three digits, e.g. 005")
]
SectionKeyPath = Annotated[
    str, Path(pattern=SLUG_PATTERN, max_length=SLUG_MAX_LENGTH, description="e.g. 1-alue")
]

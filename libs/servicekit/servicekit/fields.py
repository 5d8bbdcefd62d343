"""Field types for text that PostgreSQL can store and people can read.

PostgreSQL text cannot hold NUL, and control characters in a name are always a
mistake: both are refused at the edge as 422, not discovered as a 500 on insert.
"""

from typing import Annotated

from pydantic import StringConstraints

# One line: no control characters at all.
PlainText = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[^\x00-\x1f\x7f]*$")]
# Several lines (Markdown bodies, notes): tabs and line breaks allowed, other controls not.
MultilineText = Annotated[str, StringConstraints(pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$")]

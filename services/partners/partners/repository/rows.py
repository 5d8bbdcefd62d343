"""Running a Core query on whichever the caller has: a request's session (a write, inside its
transaction) or `DbReads` (a read, one pooled connection per statement)."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Select
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit.db import Reads, fetch_rows

Source = AsyncSession | Reads


async def rows(source: Source, query: Select[*tuple[Any, ...]]) -> Sequence[Row[Any]]:
    if isinstance(source, Reads):
        return await source.rows(query)
    return await fetch_rows(source, query)

"""Shared borders between municipalities: the graph the contiguity criterion walks."""

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from areas.errors import BadRows, MunicipalityNotFound
from areas.repository import borders as repository
from areas.repository import municipalities as municipality_repository
from areas.repository.borders import BorderRow, NeighbourRow
from areas.schemas.borders import BorderWrite
from servicekit.errors import FieldError


def bad_border_rows(rows: Sequence[BorderWrite], known_codes: set[str]) -> list[FieldError]:
    errors = []
    for index, row in enumerate(rows):
        for field in ("municipality_code", "neighbour_code"):
            code = getattr(row, field)
            if code not in known_codes:
                message = f"no municipality with code '{code}'"
                errors.append(FieldError(f"borders.{index}.{field}", message))
        if row.municipality_code == row.neighbour_code:
            message = "a municipality does not border itself"
            errors.append(FieldError(f"borders.{index}.neighbour_code", message))
    return errors


async def set_borders(session: AsyncSession, *, rows: Sequence[BorderWrite]) -> int:
    """Records each pair as a shared border, in both directions; all rows or none.

    A pair given twice (in either order) is one border; the last source given wins.
    Returns the number of distinct borders written.
    """
    codes = {code for row in rows for code in (row.municipality_code, row.neighbour_code)}
    known = await municipality_repository.existing_codes(session, codes)
    errors = bad_border_rows(rows, known)
    if errors:
        raise BadRows("borders", len(rows), errors)
    pairs: dict[tuple[str, str], str | None] = {}
    for row in rows:
        a, b = sorted((row.municipality_code, row.neighbour_code))
        pairs[(a, b)] = row.source
    await repository.upsert_borders(
        session,
        codes=[a for a, _ in pairs],
        neighbour_codes=[b for _, b in pairs],
        sources=list(pairs.values()),
    )
    return len(pairs)


async def list_neighbours(session: AsyncSession, *, code: str) -> Sequence[NeighbourRow]:
    if not await municipality_repository.existing_codes(session, [code]):
        raise MunicipalityNotFound(code)
    return await repository.list_neighbours(session, code)


async def borders_touching(session: AsyncSession, *, codes: Sequence[str]) -> Sequence[BorderRow]:
    """Each border among or around `codes`, once; a code of no municipality has none."""
    return await repository.borders_touching(session, sorted(set(codes)))

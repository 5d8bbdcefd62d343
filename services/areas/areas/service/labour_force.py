"""A set of municipalities and its members' labour force as of a period.

Shared by the formation check and the forecast; both take the member codes, so an area's
check (its members on a date) uses the same path as a what-if set.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from areas.errors import BadMunicipalitySet
from areas.repository import figures as repository
from areas.rules.formation import LabourForceFigure
from areas.rules.periods import period_key
from servicekit.errors import FieldError


def require_distinct_codes(codes: Sequence[str], *, field: str) -> None:
    """An empty set or a repeated code is bad input, named by its position."""
    if not codes:
        raise BadMunicipalitySet([FieldError(field, "give at least one municipality code")])
    first_at: dict[str, int] = {}
    errors = []
    for index, code in enumerate(codes):
        if code in first_at:
            message = f"'{code}' repeats {field}.{first_at[code]}"
            errors.append(FieldError(f"{field}.{index}", message))
        first_at.setdefault(code, index)
    if errors:
        raise BadMunicipalitySet(errors)


@dataclass(frozen=True)
class Members:
    """What the checks need of a set of municipalities, read in one query."""

    # Each member's latest labour force at or before the period; members without one absent.
    figures: dict[str, LabourForceFigure]
    # Every border of every member, seen from the member (empty unless asked for).
    borders: list[tuple[str, str]]


async def read_members(
    session: AsyncSession,
    *,
    municipality_codes: Sequence[str],
    as_of: str | None,
    field: str,
    with_borders: bool = False,
) -> Members:
    """Raises BadMunicipalitySet naming every code repeated or no municipality at all."""
    require_distinct_codes(municipality_codes, field=field)
    rows = await repository.latest_figures(
        session,
        indicator="labour_force",
        codes=municipality_codes,
        as_of_key=period_key(as_of) if as_of else None,
        with_neighbours=with_borders,
    )
    found = {row[0] for row in rows}
    unknown = [
        FieldError(f"{field}.{index}", f"no municipality with code '{code}'")
        for index, code in enumerate(municipality_codes)
        if code not in found
    ]
    if unknown:
        raise BadMunicipalitySet(unknown)
    figures = {
        code: LabourForceFigure(code, period, value, source or "", source_url, bool(is_estimate))
        for code, period, value, source, source_url, is_estimate, _ in rows
        if period is not None and value is not None
    }
    borders = [(row[0], neighbour) for row in rows if row[6] for neighbour in row[6].split(",")]
    return Members(figures=figures, borders=borders)


async def labour_force_figures(
    session: AsyncSession, *, municipality_codes: Sequence[str], as_of: str | None, field: str
) -> dict[str, LabourForceFigure]:
    """Each member's latest labour force at or before `as_of`; members without one are absent."""
    members = await read_members(
        session, municipality_codes=municipality_codes, as_of=as_of, field=field
    )
    return members.figures

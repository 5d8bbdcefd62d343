"""A set of municipalities: its members' labour force as of a period, and their borders.

Shared by the formation check and the forecast; both take the member codes, so an area's
check (its members on a date) uses the same path as a what-if set. The reference data is
read through a per-process cache checked against the database on every call.
"""

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from areas.errors import BadMunicipalitySet
from areas.repository import borders as borders_repository
from areas.repository import figures as figures_repository
from areas.repository import municipalities as municipality_repository
from areas.rules.formation import LabourForceFigure
from areas.rules.periods import period_key
from servicekit.errors import FieldError


def as_of_key(as_of: str | None) -> str:
    """The key figures "as of" a period are compared with; none: the latest there is."""
    return period_key(as_of) if as_of else figures_repository.LATEST


def figures_of(rows: Iterable[figures_repository.FigureRow]) -> dict[str, LabourForceFigure]:
    """`latest_figures`' rows by code, those without a figure left out."""
    return {
        code: LabourForceFigure(code, period, value, source or "", url, bool(is_estimate))
        for code, period, value, source, url, is_estimate in rows
        if period is not None and value is not None
    }


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
    """What the checks need of a set of municipalities."""

    # Each member's latest labour force at or before the period; members without one absent.
    figures: dict[str, LabourForceFigure]
    # Every border of every member, seen from the member (empty unless asked for).
    borders: list[tuple[str, str]]


@dataclass
class _Snapshot:
    token: str
    codes: frozenset[str]
    neighbours: dict[str, list[str]]
    # Labour force of every municipality, per "as of" key; the least recently used goes first.
    figures: OrderedDict[str, dict[str, LabourForceFigure]]


class ReferenceCache:
    """Municipality codes, borders and labour-force figures, kept in this process while the
    database's reference-data token stays the same (triggers renew it on every write to
    statistics or borders, so no writer can leave it stale). A check then costs one small
    query instead of reading the figures and borders of all its members again.

    The token is read before the data, so cached data is never older than its token; data
    newer than the token is harmless, as the next request sees the new token and reloads.
    """

    FIGURE_PERIODS = 32

    def __init__(self) -> None:
        self._snapshot: _Snapshot | None = None

    def clear(self) -> None:
        self._snapshot = None

    async def snapshot(self, session: AsyncSession, *, reload: bool = False) -> _Snapshot:
        token = await figures_repository.reference_token(session)
        if reload or self._snapshot is None or self._snapshot.token != token:
            codes = await municipality_repository.existing_codes(session)
            neighbours: dict[str, list[str]] = {}
            for code, neighbour in await borders_repository.all_borders(session):
                neighbours.setdefault(code, []).append(neighbour)
            self._snapshot = _Snapshot(token, frozenset(codes), neighbours, OrderedDict())
        return self._snapshot

    async def figures(
        self, session: AsyncSession, snapshot: _Snapshot, as_of: str | None
    ) -> dict[str, LabourForceFigure]:
        key = as_of_key(as_of)
        if key in snapshot.figures:
            snapshot.figures.move_to_end(key)
            return snapshot.figures[key]
        rows = await figures_repository.latest_figures(
            session, indicator="labour_force", codes=sorted(snapshot.codes), as_of_key=key
        )
        figures = figures_of(rows)
        snapshot.figures[key] = figures
        if len(snapshot.figures) > self.FIGURE_PERIODS:
            snapshot.figures.popitem(last=False)
        return figures


reference_cache = ReferenceCache()


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
    snapshot = await reference_cache.snapshot(session)
    unknown = [c for c in municipality_codes if c not in snapshot.codes]
    # Adding a municipality renews no token: one created since the snapshot reloads it.
    if unknown and await municipality_repository.existing_codes(session, unknown):
        snapshot = await reference_cache.snapshot(session, reload=True)
    _require_known(municipality_codes, snapshot.codes, field=field)
    figures = await reference_cache.figures(session, snapshot, as_of)
    borders = [
        (code, neighbour)
        for code in municipality_codes
        for neighbour in snapshot.neighbours.get(code, ())
    ]
    return Members(
        figures={code: figures[code] for code in municipality_codes if code in figures},
        borders=borders if with_borders else [],
    )


def _require_known(codes: Sequence[str], known: frozenset[str], *, field: str) -> None:
    unknown = [
        FieldError(f"{field}.{index}", f"no municipality with code '{code}'")
        for index, code in enumerate(codes)
        if code not in known
    ]
    if unknown:
        raise BadMunicipalitySet(unknown)


async def labour_force_figures(
    session: AsyncSession, *, municipality_codes: Sequence[str], as_of: str | None, field: str
) -> dict[str, LabourForceFigure]:
    """Each member's latest labour force at or before `as_of`; members without one are absent."""
    members = await read_members(
        session, municipality_codes=municipality_codes, as_of=as_of, field=field
    )
    return members.figures

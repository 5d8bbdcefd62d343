"""The coverage matrix of a service inventory (palvelukartoitus, plan §8; DOMAIN.md §5).

Rows are target groups, columns the area's member municipalities; a cell holds the services
that serve the group in the municipality. A cell with none is a gap: a target group without
a service in a municipality, which the plan's ecosystem work is to close.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ServiceReach:
    """An active service: whom it serves and where."""

    id: int
    target_groups: Sequence[str]
    municipalities: Sequence[str]


@dataclass
class Line:
    """A row or a column: its cells' distinct services, covered cells and gaps."""

    key: str
    services: set[int] = field(default_factory=set)
    covered: int = 0
    gaps: int = 0


@dataclass
class Matrix:
    target_groups: list[str]
    municipality_codes: list[str]
    # (target group, municipality code) -> the ids of the services in the cell, ascending
    cells: dict[tuple[str, str], list[int]]
    rows: list[Line]
    columns: list[Line]
    gaps: list[tuple[str, str]]
    services: set[int]


def coverage_matrix(
    target_groups: Sequence[str],
    municipality_codes: Sequence[str],
    services: Iterable[ServiceReach],
) -> Matrix:
    """The matrix of `target_groups` x `municipality_codes` (in the order given). A service's
    groups and municipalities outside the matrix are left out of it; a service that reaches
    no cell is not counted."""
    groups, codes = set(target_groups), set(municipality_codes)
    cells: dict[tuple[str, str], list[int]] = {(g, c): [] for g in target_groups for c in codes}
    counted: set[int] = set()
    for service in sorted(services, key=lambda s: s.id):
        in_groups = groups.intersection(service.target_groups)
        in_codes = codes.intersection(service.municipalities)
        for group in in_groups:
            for code in in_codes:
                cells[(group, code)].append(service.id)
        if in_groups and in_codes:
            counted.add(service.id)
    rows = {g: Line(g) for g in target_groups}
    columns = {c: Line(c) for c in municipality_codes}
    gaps = []
    for group in target_groups:
        for code in municipality_codes:
            ids = cells[(group, code)]
            for line in (rows[group], columns[code]):
                line.services.update(ids)
                if ids:
                    line.covered += 1
                else:
                    line.gaps += 1
            if not ids:
                gaps.append((group, code))
    return Matrix(
        target_groups=list(target_groups),
        municipality_codes=list(municipality_codes),
        cells=cells,
        rows=list(rows.values()),
        columns=list(columns.values()),
        gaps=gaps,
        services=counted,
    )

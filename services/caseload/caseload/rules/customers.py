"""Which rows of a month's customer counts cannot be stored (all or nothing).

Counts are by municipality x service line x segment. `segment=all` is the line's total in
the municipality; the other segments are parts of it, so none may exceed it, and a part
needs its total in the same month to be checked against.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from caseload.vocabulary import Segment
from servicekit.errors import FieldError


@dataclass(frozen=True)
class CountRow:
    municipality_code: str
    service_line: str
    segment: str
    customers: int


def bad_count_rows(
    rows: Sequence[CountRow], *, service_lines: Collection[str], members: Collection[str]
) -> list[FieldError]:
    """Each bad row by index and field: a municipality that is not the area's, a line the
    area does not have, a key given twice, a part larger than its total or without one."""
    errors: list[FieldError] = []
    first_at: dict[tuple[str, str, str], int] = {}
    totals: dict[tuple[str, str], int] = {}
    for index, row in enumerate(rows):
        at = f"counts.{index}"
        if row.municipality_code not in members:
            message = f"municipality {row.municipality_code} is not a member of the area"
            errors.append(FieldError(f"{at}.municipality_code", message))
        if row.service_line not in service_lines:
            message = f"the area has no service line '{row.service_line}'"
            errors.append(FieldError(f"{at}.service_line", message))
        key = (row.municipality_code, row.service_line, row.segment)
        earlier = first_at.setdefault(key, index)
        if earlier != index:
            message = f"municipality_code, service_line and segment repeat counts.{earlier}"
            errors.append(FieldError(f"{at}.segment", message))
        elif row.segment == Segment.all:
            totals[key[:2]] = row.customers
    for index, row in enumerate(rows):
        if (
            row.segment == Segment.all
            or first_at[(row.municipality_code, row.service_line, row.segment)] != index
        ):
            continue
        total = totals.get((row.municipality_code, row.service_line))
        at = f"counts.{index}"
        if total is None:
            message = "a part needs its line's total (segment all) for the municipality"
            errors.append(FieldError(f"{at}.segment", message))
        elif row.customers > total:
            message = f"{row.customers} is more than the line's total ({total}, segment all)"
            errors.append(FieldError(f"{at}.customers", message))
    errors.sort(key=lambda e: int(e.field.split(".")[1]))
    return errors

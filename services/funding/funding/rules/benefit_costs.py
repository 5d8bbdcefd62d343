"""What Kela's figures say a set of municipalities paid, without counting anything twice.

Euros come from the monthly (`Kuukausi`) rows, a year being the sum of its months, or
from the year-to-date (`Vuosikertymä`) row when the months do not cover as much: per
municipality one or the other, never both added (issue 8; DOMAIN.md §2). Recipients come
only from Kela's `Yhteensä` rows: a person with days in several classes (or benefits) is
counted in each, so class counts are never summed. Across municipalities they are
summed (a person belongs to one home municipality on a payment day [21]; one who moved
within the period may be counted in both).

Per municipality, for a year:
- `monthly` when it has monthly rows for every month from January to its latest month
  with monthly rows, and that month is not before its latest year-to-date month (or it
  has no year-to-date rows); the euros are those months' rows;
- otherwise `year_to_date`: the euros of its latest year-to-date month;
and for one month `m`: that month's monthly rows, else the year-to-date rows through `m`.
Only detail rows (a benefit and a day class) are summed, so every grouping adds up to the
same total.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from funding.rules.kela_file import TOTAL

GROUPINGS = ("municipality", "benefit", "day_class", "month")


@dataclass(frozen=True, slots=True)
class CostRow:
    period_type: str  # "month" | "year_to_date"
    month: int
    municipality_code: str
    benefit: str  # a benefit kind, or TOTAL
    day_class: str  # a Kela day class, or TOTAL
    recipients: int
    municipal_share_eur: Decimal


@dataclass(frozen=True)
class Selection:
    """The rows one municipality's figures come from."""

    municipality_code: str
    basis: str  # "monthly" | "year_to_date"
    months: tuple[int, ...]  # the months counted (year to date: the month it runs through)
    rows: tuple[CostRow, ...]
    # The Yhteensä rows that count each person of the whole selection once (one month's
    # own, or the year to date through the last month counted); None when none does.
    recipient_rows: tuple[CostRow, ...] | None


@dataclass(frozen=True)
class Group:
    key: str
    cost_eur: Decimal
    recipients: int | None


@dataclass(frozen=True)
class Costs:
    selections: tuple[Selection, ...]
    groups: tuple[Group, ...]
    total_eur: Decimal
    recipients: int | None
    basis: str | None  # "monthly", "year_to_date", "mixed"; None without any data


def select_rows(rows: Sequence[CostRow], *, month: int | None) -> Selection | None:
    """One municipality's rows for its year (or `month`), by the rule in the docstring."""
    monthly = [r for r in rows if r.period_type == "month"]
    to_date = [r for r in rows if r.period_type == "year_to_date"]
    if month is not None:
        chosen = [r for r in monthly if r.month == month]
        if chosen:
            return _selection(chosen, "monthly", (month,), _subtotals(chosen))
        chosen = [r for r in to_date if r.month == month]
        return _selection(chosen, "year_to_date", (month,), _subtotals(chosen))
    months = sorted({r.month for r in monthly})
    latest_to_date = max((r.month for r in to_date), default=None)
    from_january = months == list(range(1, len(months) + 1))
    if months and (latest_to_date is None or (from_january and months[-1] >= latest_to_date)):
        counted: tuple[CostRow, ...] | None
        if len(months) == 1:
            counted = _subtotals(monthly)
        else:
            # Months cannot be added up (the same person is paid every month): only the
            # year to date through the last month counts each person once.
            through = [r for r in to_date if r.month == months[-1]] if from_january else []
            counted = _subtotals(through) if through else None
        return _selection(monthly, "monthly", tuple(months), counted)
    if latest_to_date is None:
        return None
    chosen = [r for r in to_date if r.month == latest_to_date]
    return _selection(chosen, "year_to_date", (latest_to_date,), _subtotals(chosen))


def _selection(
    rows: Sequence[CostRow],
    basis: str,
    months: tuple[int, ...],
    recipient_rows: tuple[CostRow, ...] | None,
) -> Selection | None:
    if not rows:
        return None
    return Selection(rows[0].municipality_code, basis, months, tuple(rows), recipient_rows)


def _subtotals(rows: Iterable[CostRow]) -> tuple[CostRow, ...]:
    return tuple(r for r in rows if r.benefit == TOTAL or r.day_class == TOTAL)


def month_key(year: int, selection: Selection, month: int) -> str:
    """A month group's key: `YYYY-MM`, or for a year-to-date figure the interval it covers."""
    if selection.basis == "year_to_date":
        return f"{year}-01/{year}-{month:02d}"
    return f"{year}-{month:02d}"


def compute_costs(selections: Sequence[Selection], *, year: int, group_by: str) -> Costs:
    """The selections' euros grouped by `group_by`, with recipients from Yhteensä rows."""
    euros: dict[str, Decimal] = {}
    recipients: dict[str, int | None] = {}
    for selection in selections:
        for row in selection.rows:
            if row.benefit != TOTAL and row.day_class != TOTAL:
                key = _key(row, selection, year, group_by)
                euros[key] = euros.get(key, Decimal(0)) + row.municipal_share_eur
        for key, count in _recipients(selection, year, group_by).items():
            recipients[key] = _add(recipients.get(key, 0), count)
    keys = sorted(set(euros) | set(recipients))
    groups = tuple(
        Group(key=k, cost_eur=euros.get(k, Decimal(0)), recipients=recipients.get(k, 0))
        for k in keys
    )
    if group_by in ("benefit", "day_class") and any(s.recipient_rows is None for s in selections):
        # A selection that cannot count its persons once leaves every such group unknown.
        groups = tuple(Group(g.key, g.cost_eur, None) for g in groups)
    total_recipients: int | None = 0
    for selection in selections:
        total_recipients = _add(total_recipients, _whole(selection.recipient_rows))
    bases = {s.basis for s in selections}
    return Costs(
        selections=tuple(selections),
        groups=groups,
        total_eur=sum((g.cost_eur for g in groups), Decimal(0)),
        recipients=total_recipients if selections else None,
        basis=None if not bases else bases.pop() if len(bases) == 1 else "mixed",
    )


def _key(row: CostRow, selection: Selection, year: int, group_by: str) -> str:
    if group_by == "municipality":
        return row.municipality_code
    if group_by == "benefit":
        return row.benefit
    if group_by == "day_class":
        return row.day_class
    return month_key(year, selection, row.month)


def _recipients(selection: Selection, year: int, group_by: str) -> dict[str, int | None]:
    """Each group's persons in this selection, from the Yhteensä row that counts them."""
    if group_by == "month":
        # Each month's (or the year to date's) own Yhteensä row counts that period's persons.
        return {
            month_key(year, selection, r.month): r.recipients
            for r in selection.rows
            if r.benefit == TOTAL and r.day_class == TOTAL
        }
    rows = selection.recipient_rows or ()
    if group_by == "municipality":
        return {selection.municipality_code: _whole(selection.recipient_rows)}
    if group_by == "benefit":
        return {
            r.benefit: r.recipients for r in rows if r.benefit != TOTAL and r.day_class == TOTAL
        }
    return {r.day_class: r.recipients for r in rows if r.benefit == TOTAL and r.day_class != TOTAL}


def _whole(rows: tuple[CostRow, ...] | None) -> int | None:
    for row in rows or ():
        if row.benefit == TOTAL and row.day_class == TOTAL:
            return row.recipients
    return None


def _add(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a + b

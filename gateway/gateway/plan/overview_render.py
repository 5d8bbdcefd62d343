"""The national overview as one printable HTML table in Finnish, from its JSON alone.

The plan document's environment and stylesheet (landscape here: the table is wide);
each cell is printed by its column's kind, so a section that adds a column adds no
template.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from gateway.plan.charts import finnish_decimal, finnish_money, finnish_number, finnish_percent
from gateway.plan.overview import ColumnRead, PlanOverview
from gateway.plan.render import template

_FINLAND = ZoneInfo("Europe/Helsinki")
ROW_STATUSES_FI = {"ok": "valmis", "incomplete": "vajaa", "unavailable": "ei saatavilla"}


def cell(column: ColumnRead, value: Any) -> str:
    """A value as its column's kind prints it; null (not known, or not answered) as a dash."""
    if value is None:
        return "\u2013"
    if column.kind == "integer":
        return finnish_number(value)
    if column.kind == "number":
        return finnish_number(value)
    if column.kind == "decimal":
        return finnish_decimal(value)
    if column.kind == "money":
        return finnish_money(value)
    if column.kind == "percent":
        return finnish_percent(str(value))
    if column.kind == "codes":
        return ", ".join(column.labels_fi.get(v, v) for v in value) or "\u2013"
    if column.kind == "datetime":
        when = dt.datetime.fromisoformat(value).astimezone(_FINLAND)
        return f"{when.day}.{when.month}.{when.year} klo {when:%H.%M}"
    return column.labels_fi.get(value, str(value))


def render_overview(overview: PlanOverview) -> str:
    return template("plan/overview.html.j2").render(
        overview=overview,
        cell=cell,
        row_status_fi=lambda s: ROW_STATUSES_FI.get(s, s),
        # The plan's stylesheet prints this in its running header.
        document={"area_name_fi": "Työllisyysalueet", "year": overview.year},
    )

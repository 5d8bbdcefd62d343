"""The printable plan: one self-contained HTML page in Finnish, from the JSON document alone.

Jinja2 with autoescape on; planners' Markdown through markdown-it-py with raw HTML
off (it is escaped, never passed through) and its link check (no `javascript:`).
Figures and tables are numbered in print order ("Kuva N.", "Taulukko N.").
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, Template, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup

from gateway.plan.charts import (
    finnish_decimal,
    finnish_money,
    finnish_number,
    finnish_percent,
    month_fi,
    month_in_fi,
    short_month_fi,
)
from gateway.plan.document import PlanDocument, SectionEntry, Source
from gateway.plan.section import Section
from gateway.plan.versions import VersionRead

_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")

SERVICE_NAMES_FI = {
    "areas": "alueet (areas)",
    "funding": "rahoitus (funding)",
    "caseload": "asiakkuudet ja henkilöstö (caseload)",
    "offices": "toimipisteet (offices)",
    "partners": "yhteistyötahot (partners)",
}
ORGANISATION_FORMS_FI = {
    "joint_municipal_authority": "kuntayhtymä",
    "lead_municipality": "vastuukuntamalli",
    "single_municipality": "yksi kunta",
}
CRITERIA_FI = {
    "labour_force_minimum": "Työvoima vähintään 20 000",
    "contiguity": "Maantieteellinen yhtenäisyys",
    "single_membership": "Kunta vain yhdellä alueella",
}
STATUSES_FI = {
    "passed": "täyttyy",
    "failed": "ei täyty",
    "exempted": "poikkeuslupa",
    "unknown": "ei tiedossa",
}
PLAN_STATUSES_FI = {"draft": "luonnos", "submitted": "toimitettu", "approved": "hyväksytty"}


def markdown(text: str) -> Markup:
    return Markup(_MARKDOWN.render(text))  # raw HTML is off: markdown-it escapes it


class Counter:
    """Numbers figures and tables in the order the template prints them."""

    def __init__(self) -> None:
        self.value = 0

    def next(self) -> int:
        self.value += 1
        return self.value


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("gateway", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["markdown"] = markdown
    env.filters["number"] = finnish_number
    env.filters["money"] = finnish_money
    env.filters["percent"] = finnish_percent
    env.filters["decimal"] = finnish_decimal
    env.filters["month_fi"] = month_fi
    env.filters["month_in_fi"] = month_in_fi
    env.filters["month_short_fi"] = short_month_fi
    env.filters["css_string"] = css_string
    env.filters["date_fi"] = lambda d: f"{d.day}.{d.month}.{d.year}" if d else ""
    env.globals.update(
        service_fi=lambda s: SERVICE_NAMES_FI.get(s, s),
        organisation_form_fi=lambda f: ORGANISATION_FORMS_FI.get(f, f),
        criterion_fi=lambda c: CRITERIA_FI.get(c, c),
        status_fi=lambda s: STATUSES_FI.get(s, s),
        plan_status_fi=lambda s: PLAN_STATUSES_FI.get(s, s),
    )
    return env


def render_plan(
    document: PlanDocument, sections: Sequence[Section], *, version: VersionRead | None = None
) -> str:
    """The document as HTML; each section's `view` builds its fragment's context from JSON.

    `version`, when the document is a published one, prints its number, date and reason on
    the cover."""
    by_key = {s.key: s for s in sections}
    views = {e.key: _view(by_key[e.key], e) for e in document.sections if e.key in by_key}
    chapters = sorted({e.number for e in document.sections if e.number is not None})
    return (
        _environment()
        .get_template("plan/document.html.j2")
        .render(
            document=document,
            version=version,
            sections=by_key,
            views=views,
            chapters=[(n, [e for e in document.sections if e.number == n]) for n in chapters],
            sources=_all_sources(document),
            figure=Counter(),
            table=Counter(),
        )
    )


def _view(section: Section, entry: SectionEntry) -> dict[str, Any]:
    if entry.status != "ok" or entry.data is None or section.view is None:
        return {}
    return section.view(entry.data)


def _all_sources(document: PlanDocument) -> list[Source]:
    seen: dict[tuple[str, str | None, bool, str | None], Source] = {}
    for entry in document.sections:
        for s in entry.sources:
            seen.setdefault((s.source, s.period, s.is_estimate, s.url), s)
    return list(seen.values())


def css_string(text: str) -> Markup:
    """`text` as a quoted CSS string that cannot end the string or the style element."""
    kept = " .,-\u2013\u00b7"
    escaped = "".join(c if c.isalnum() or c in kept else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{escaped}"')  # every other character is a CSS escape


def template(name: str) -> Template:
    """A template of the plan's environment (its filters and Finnish labels), by its name."""
    return _environment().get_template(name)

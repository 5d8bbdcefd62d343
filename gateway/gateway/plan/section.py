"""What a plan section declares, and the context its calls get.

A section names its key, its chapter in the source plan's numbering, its Finnish
title and the service it needs. `fetch` makes its downstream calls and returns its
data model; `view` turns the stored JSON of that data back into what its template
fragment prints (charts included), so a document renders from JSON alone. A
section whose module is not written yet has neither and is never fetched.

A chapter may be filled by several sections, each from its own service: chapter 2 is
2.1 and 2.2 from funding and 2.3 from caseload. Such a section names the `part` of the
chapter it fills (the source plan's subsection number, if it has one, and its heading),
and the document prints that heading before the section's content, or before the
notice that its service is unavailable or not in use yet; so each part of a chapter is
ok, unavailable or not configured on its own, and its failure touches no other part.

A section may also contribute columns to the national overview (`overview`): the
columns it declares, the calls that fetch what they need for one area (lighter than
the whole section, as the overview asks for every area at once), and how each
column's value is computed from that data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from gateway.plan.area_record import AreaRecord
from gateway.plan.document import Source
from gateway.plan.downstream import Downstream


@dataclass(frozen=True)
class PlanContext:
    """What the composer knows before the fan-out: the area it read and the caller's ask."""

    area: AreaRecord
    year: int
    on: dt.date
    annual_rates: tuple[float, ...]
    downstream: Downstream


class SectionData(BaseModel):
    """A section's data; `sources` lists the provenance of the figures it holds."""

    def sources(self) -> list[Source]:
        return []


Fetch = Callable[[PlanContext], Awaitable[SectionData]]
View = Callable[[dict[str, Any]], dict[str, Any]]
# How the overview's table prints a value; `codes` is a list, each item through `labels_fi`.
# `money` is a decimal string of euros ("1234.50"), printed "1 234,50 €"; `decimal` a number
# printed to two decimals ("28,94": FTE); `percent` a share of one, printed "96,6 %".
ColumnKind = Literal[
    "integer", "number", "decimal", "money", "percent", "text", "codes", "datetime"
]


@dataclass(frozen=True)
class Column:
    """One column of the national overview: its key in each row's `values`, and its heading."""

    key: str
    title_fi: str
    kind: ColumnKind
    description: str
    labels_fi: Mapping[str, str] = field(default_factory=dict)  # value -> its Finnish label


@dataclass(frozen=True)
class OverviewColumns:
    """What a section contributes to the overview: its columns and how they are computed.

    `fetch` gets one area's data for the columns (none: the section's own `fetch`);
    `values` computes every declared column's value from that data (a key it leaves
    out is null).
    """

    columns: tuple[Column, ...]
    values: Callable[[Any], Mapping[str, Any]]
    fetch: Fetch | None = None


@dataclass(frozen=True)
class Part:
    """The part of its chapter a section fills: "2.1 Taloudelliset voimavarat".

    `number` is the source plan's subsection number; none for a part the source plan
    does not number (chapter 7's figures from two services)."""

    title_fi: str
    number: str | None = None


@dataclass(frozen=True)
class Section:
    key: str
    number: int | None
    title_fi: str  # the chapter's title, the same for every section of the chapter
    service: str
    fetch: Fetch | None = None
    template: str | None = None  # under templates/plan/sections/
    view: View | None = None
    overview: OverviewColumns | None = None
    part: Part | None = None  # none: the section is its chapter's only one

    @property
    def written(self) -> bool:
        return self.fetch is not None

"""What a plan section declares, and the context its calls get.

A section names its key, its chapter in the source plan's numbering, its Finnish
title and the service it needs. `fetch` makes its downstream calls and returns its
data model; `view` turns the stored JSON of that data back into what its template
fragment prints (charts included), so a document renders from JSON alone. A
section whose module is not written yet has neither and is never fetched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

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


@dataclass(frozen=True)
class Section:
    key: str
    number: int | None
    title_fi: str
    service: str
    fetch: Fetch | None = None
    template: str | None = None  # under templates/plan/sections/
    view: View | None = None

    @property
    def written(self) -> bool:
        return self.fetch is not None

"""The composed plan as JSON: its models, and the strong ETag over its canonical form."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any, Literal

import orjson
from pydantic import BaseModel, Field, PrivateAttr

SectionStatus = Literal["ok", "unavailable", "not_configured"]
# The years the areas service keeps plan records for: a year outside them is 422 here.
PLAN_YEARS = (2000, 2100)


class Source(BaseModel):
    """Where a figure the section shows comes from."""

    source: str
    period: str | None = None
    is_estimate: bool = False
    url: str | None = None


class SectionProblem(BaseModel):
    """Why a section is unavailable: the service's own problem, or the gateway's about it."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    service: str


class PartHeading(BaseModel):
    """The part of its chapter a section fills, as the document prints its heading."""

    number: str | None = Field(description="The source plan's subsection number, e.g. 2.1")
    title_fi: str


class SectionEntry(BaseModel):
    key: str
    number: int | None = Field(
        description="Its chapter in the source plan's numbering; null: spans chapters"
    )
    title_fi: str = Field(description="Its chapter's title")
    part: PartHeading | None = Field(
        None,
        description="The part of the chapter it fills, when the chapter has sections from "
        "several services (each ok, unavailable or not configured on its own)",
    )
    service: str = Field(description="The service whose figures it shows")
    status: SectionStatus
    data: dict[str, Any] | None = None
    problem: SectionProblem | None = None
    sources: list[Source] = Field(default_factory=list)


class PlanDocument(BaseModel):
    area_id: str
    area_name_fi: str
    year: int
    on: dt.date = Field(description="The date whose members and figures the plan shows")
    generated_at: dt.datetime
    complete: bool = Field(description="Every configured section answered")
    sections: list[SectionEntry]
    # A composed plan is not changed after; a kept one (gateway.plan.cache) is answered many
    # times, so its ETag, JSON and printed page are made once.
    _etag: str | None = PrivateAttr(default=None)
    _json: bytes | None = PrivateAttr(default=None)
    _html: str | None = PrivateAttr(default=None)

    def section(self, key: str) -> SectionEntry:
        return next(s for s in self.sections if s.key == key)

    def json_bytes(self) -> bytes:
        if self._json is None:
            self._json = self.__pydantic_serializer__.to_json(self)
        return self._json

    def printed(self, render: Callable[[PlanDocument], str]) -> str:
        """The printable page `render` makes of this plan, made once."""
        if self._html is None:
            self._html = render(self)
        return self._html


def canonical_json(document: PlanDocument) -> bytes:
    """Sorted keys, no whitespace, and without `generated_at`: equal plans, equal bytes."""
    body = document.model_dump(mode="json", exclude={"generated_at"})
    return orjson.dumps(body, option=orjson.OPT_SORT_KEYS)


def plan_etag(document: PlanDocument) -> str:
    if document._etag is None:
        document._etag = '"' + hashlib.sha256(canonical_json(document)).hexdigest() + '"'
    return document._etag

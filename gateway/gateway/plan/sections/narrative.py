"""The plan record's narrative sections for the year: each chapter's text, in Markdown.

A text's key starts with its chapter number (`1-alue`, `2-voimavarat`), so the
document prints each text in its chapter; a key without one prints after them.
No plan record for the year is not an error: the section says so and has no texts.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from gateway.plan.area_record import AREAS
from gateway.plan.downstream import Downstream
from gateway.plan.section import PlanContext, Section, SectionData

_CHAPTER = re.compile(r"^([0-9]{1,2})(?:[-_.]|$)")


# The fields the section reads from the areas service.


class PlanRow(BaseModel):
    id: int
    year: int
    title: str
    status: str


class PlanPage(BaseModel):
    items: list[PlanRow]
    next_cursor: str | None = None


class TextRow(BaseModel):
    key: str
    title: str
    body: str
    language: str


class TextPage(BaseModel):
    items: list[TextRow]


# Its downstream calls.


async def fetch_plans(downstream: Downstream, area_id: str) -> PlanPage:
    # Plans are listed by year, one an area a year: one page of 500 is decades of them.
    params = {"limit": "500"}
    return await downstream.get(AREAS, f"/v1/areas/{area_id}/plans", PlanPage, params)


async def fetch_texts(downstream: Downstream, area_id: str, plan_id: int) -> TextPage:
    path = f"/v1/areas/{area_id}/plans/{plan_id}/sections"
    return await downstream.get(AREAS, path, TextPage, {"limit": "500"})


# The data it returns.


class Text(BaseModel):
    key: str
    chapter: int | None
    title: str
    body: str  # Markdown, as the planners wrote it
    language: str


class PlanRecord(BaseModel):
    id: int
    title: str
    status: str


class NarrativeData(SectionData):
    plan: PlanRecord | None  # none: no plan record for the year yet
    texts: list[Text]


async def fetch(context: PlanContext) -> NarrativeData:
    plans = await fetch_plans(context.downstream, context.area.id)
    plan = next((p for p in plans.items if p.year == context.year), None)
    if plan is None:
        return NarrativeData(plan=None, texts=[])
    texts = await fetch_texts(context.downstream, context.area.id, plan.id)
    return NarrativeData(
        plan=PlanRecord(id=plan.id, title=plan.title, status=plan.status),
        texts=[Text(chapter=chapter_of(t.key), **t.model_dump()) for t in texts.items],
    )


def chapter_of(key: str) -> int | None:
    match = _CHAPTER.match(key)
    return int(match.group(1)) if match else None


def view(data: dict[str, Any]) -> dict[str, Any]:
    return {"narrative": NarrativeData.model_validate(data)}


SECTION = Section(
    key="narrative",
    number=None,
    title_fi="Suunnitelman tekstit",
    service=AREAS,
    fetch=fetch,
    view=view,
)

"""The plan record's narrative sections for the year: each chapter's text, in Markdown.

A text's key starts with its chapter number (`1-alue`, `2-voimavarat`), so the
document prints each text in its chapter; a key without one prints after them.
No plan record for the year is not an error: the section says so and has no texts. The
plan and its texts are one read (`.../plans/by-year/{year}`).

Its overview columns are the plan record's: its status, and its latest published
version (the record's last snapshot) and when it was published.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import BaseModel

from gateway.plan.area_record import AREAS
from gateway.plan.downstream import Downstream, DownstreamFailure
from gateway.plan.render import PLAN_STATUSES_FI
from gateway.plan.section import Column, OverviewColumns, PlanContext, Section, SectionData

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


class PlanOfYear(PlanRow):
    sections: list[TextRow]


# Its downstream calls: the year's plan with its texts for the section, the list for the
# overview's columns.

# The problem type of the service's 404 for an area without a plan for the year.
NO_PLAN_FOR_YEAR = "no-plan-for-year"


async def fetch_plan_of_year(downstream: Downstream, area_id: str, year: int) -> PlanOfYear | None:
    """The plan for `year` with all its texts, in one read; none: no plan for the year."""
    path = f"/v1/areas/{area_id}/plans/by-year/{year}"
    try:
        return await downstream.get(AREAS, path, PlanOfYear)
    except DownstreamFailure as failure:
        problem = failure.problem
        if problem.status == 404 and problem.type.rsplit("/", 1)[-1] == NO_PLAN_FOR_YEAR:
            return None
        raise


async def fetch_plans(downstream: Downstream, area_id: str) -> PlanPage:
    # Plans are listed by year, one an area a year: one page of 500 is decades of them.
    params = {"limit": "500"}
    return await downstream.get(AREAS, f"/v1/areas/{area_id}/plans", PlanPage, params)


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
    plan = await fetch_plan_of_year(context.downstream, context.area.id, context.year)
    if plan is None:
        return NarrativeData(plan=None, texts=[])
    return NarrativeData(
        plan=PlanRecord(id=plan.id, title=plan.title, status=plan.status),
        texts=[Text(chapter=chapter_of(t.key), **t.model_dump()) for t in plan.sections],
    )


def chapter_of(key: str) -> int | None:
    match = _CHAPTER.match(key)
    return int(match.group(1)) if match else None


def view(data: dict[str, Any]) -> dict[str, Any]:
    return {"narrative": NarrativeData.model_validate(data)}


# Its overview columns.


class SnapshotRow(BaseModel):
    version: int
    created_at: dt.datetime


class SnapshotPage(BaseModel):
    items: list[SnapshotRow]
    next_cursor: str | None = None


async def fetch_snapshots(
    downstream: Downstream, area_id: str, plan_id: int, cursor: str | None
) -> SnapshotPage:
    path = f"/v1/areas/{area_id}/plans/{plan_id}/snapshots"
    params = {"limit": "500"} | ({"cursor": cursor} if cursor else {})
    return await downstream.get(AREAS, path, SnapshotPage, params)


class PublishedData(SectionData):
    plan: PlanRecord | None
    latest: SnapshotRow | None  # none: nothing published yet


async def fetch_published(context: PlanContext) -> PublishedData:
    downstream, area_id = context.downstream, context.area.id
    plans = await fetch_plans(downstream, area_id)
    plan = next((p for p in plans.items if p.year == context.year), None)
    if plan is None:
        return PublishedData(plan=None, latest=None)
    # Snapshots are listed in version order: the latest is the last one on the last page.
    latest, cursor = None, None
    while True:
        page = await fetch_snapshots(downstream, area_id, plan.id, cursor)
        latest = page.items[-1] if page.items else latest
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    record = PlanRecord(id=plan.id, title=plan.title, status=plan.status)
    return PublishedData(plan=record, latest=latest)


def published_values(data: PublishedData) -> dict[str, Any]:
    return {
        "plan_status": data.plan.status if data.plan else None,
        "published_version": data.latest.version if data.latest else None,
        "published_at": data.latest.created_at if data.latest else None,
    }


OVERVIEW = OverviewColumns(
    columns=(
        Column(
            "plan_status",
            "Suunnitelman tila",
            "text",
            "The year's plan record: draft, submitted or approved; null: no record yet",
            PLAN_STATUSES_FI,
        ),
        Column(
            "published_version",
            "Julkaistu versio",
            "integer",
            "The latest published version; null: none published yet",
        ),
        Column("published_at", "Julkaistu", "datetime", "When that version was published"),
    ),
    values=published_values,
    fetch=fetch_published,
)


SECTION = Section(
    key="narrative",
    number=None,
    title_fi="Suunnitelman tekstit",
    service=AREAS,
    fetch=fetch,
    view=view,
    overview=OVERVIEW,
)

"""The national overview: one row per employment area, for the reviewers (the ministry, KEHA).

The areas service lists the areas; then every area's row is composed at once, each
section that takes part fetching what its overview columns need (`Section.overview`),
or its whole data when it declares no columns, so that the row still says whether it
answered. Every downstream call waits for one of a bounded number of slots
(`GATEWAY_OVERVIEW_CONCURRENCY`), so 45 areas do not become hundreds of requests at
the same moment on one service, and every call gets what is left of the one deadline.

A section that fails or runs out of time leaves its columns null and is named in the
row's `unavailable_sections`; a row none of whose sections answered, or whose
composition failed in the gateway itself, is `unavailable`. Neither is a 500.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, Field
from pydantic_core import to_jsonable_python

from gateway.errors import BadGateway, GatewayTimeout
from gateway.plan.area_record import AREAS, AreaRecord
from gateway.plan.composer import fetch_within_deadline
from gateway.plan.document import SectionProblem, SectionStatus
from gateway.plan.downstream import Downstream, DownstreamFailure
from gateway.plan.section import ColumnKind, PlanContext, Section

log = logging.getLogger("gateway.plan.overview")

M = TypeVar("M", bound=BaseModel)
RowStatus = Literal["ok", "incomplete", "unavailable"]
_AREA_PAGE = "500"


class AreaPage(BaseModel):
    """The fields of the areas service's area list the overview reads."""

    items: list[AreaRecord]
    next_cursor: str | None = None


@dataclass(frozen=True)
class BoundedDownstream(Downstream):
    """A `Downstream` whose calls wait for one of `slots` first: the bound on calls in flight.

    The wait counts against the deadline like the call itself: the time left is taken
    when the slot is.
    """

    slots: asyncio.Semaphore

    @classmethod
    def around(cls, downstream: Downstream, bound: int) -> BoundedDownstream:
        return cls(
            downstream.upstreams,
            downstream.headers,
            downstream.deadline_at,
            downstream.deadline_seconds,
            asyncio.Semaphore(bound),
            answers=downstream.answers,
        )

    async def get(
        self, service: str, path: str, model: type[M], params: Mapping[str, str] | None = None
    ) -> M:
        async with self.slots:
            return await super().get(service, path, model, params)


class ColumnRead(BaseModel):
    key: str
    title_fi: str
    section: str = Field(description="The section that computes it")
    kind: ColumnKind
    description: str
    labels_fi: dict[str, str] = Field(default_factory=dict)


class RowProblem(BaseModel):
    section: str = Field(description="The section that did not answer; `row`: the row itself")
    problem: SectionProblem


class OverviewRow(BaseModel):
    area_id: str
    name_fi: str
    status: RowStatus = Field(
        description="ok: every configured section answered; incomplete: some did; "
        "unavailable: none did, or the row could not be composed"
    )
    complete: bool = Field(description="No configured section is unavailable")
    sections: dict[str, SectionStatus] = Field(description="Each section's status in this row")
    unavailable_sections: list[str]
    not_configured_sections: list[str]
    values: dict[str, Any] = Field(
        description="Each column's value by its key; null when its section did not answer"
    )
    problems: list[RowProblem] = Field(default_factory=list)


class PlanOverview(BaseModel):
    year: int
    on: dt.date = Field(description="The date whose members and figures the rows show")
    generated_at: dt.datetime
    complete: bool = Field(description="Every row is complete")
    columns: list[ColumnRead]
    items: list[OverviewRow]
    next_cursor: str | None = Field(None, description="Always null: every area is on one page")


@dataclass(frozen=True)
class _Outcome:
    status: SectionStatus
    values: Mapping[str, Any]
    problem: SectionProblem | None = None


async def compose_overview(
    *,
    downstream: Downstream,
    sections: Sequence[Section],
    year: int,
    on: dt.date,
    annual_rates: tuple[float, ...],
    concurrency: int,
) -> PlanOverview:
    bounded = BoundedDownstream.around(downstream, concurrency)
    areas = await _list_areas(bounded)
    async with asyncio.TaskGroup() as group:
        tasks = [
            group.create_task(
                _row(
                    sections,
                    PlanContext(
                        area=area, year=year, on=on, annual_rates=annual_rates, downstream=bounded
                    ),
                )
            )
            for area in areas
        ]
    rows = [task.result() for task in tasks]
    return PlanOverview(
        year=year,
        on=on,
        generated_at=dt.datetime.now(dt.UTC),
        complete=all(r.complete for r in rows),
        columns=overview_columns(sections),
        items=rows,
    )


def overview_columns(sections: Sequence[Section]) -> list[ColumnRead]:
    return [
        ColumnRead(
            key=c.key,
            title_fi=c.title_fi,
            section=s.key,
            kind=c.kind,
            description=c.description,
            labels_fi=dict(c.labels_fi),
        )
        for s in sections
        if s.overview is not None
        for c in s.overview.columns
    ]


async def _list_areas(downstream: Downstream) -> list[AreaRecord]:
    """Every area, page after page; no overview without the list of areas."""
    if not downstream.configured(AREAS):
        raise BadGateway(AREAS, "is not configured, and there is no overview without its areas")
    areas: list[AreaRecord] = []
    cursor: str | None = None
    while True:
        params = {"limit": _AREA_PAGE} | ({"cursor": cursor} if cursor else {})
        try:
            page = await downstream.get(AREAS, "/v1/areas", AreaPage, params)
        except DownstreamFailure as failure:
            problem = failure.problem
            if problem.status == 504:
                raise GatewayTimeout(
                    AREAS, "did not list the areas in time, and there is no overview without them"
                ) from failure
            raise BadGateway(AREAS, f"could not list the areas ({problem.detail})") from failure
        areas += page.items
        if page.next_cursor is None:
            return areas
        cursor = page.next_cursor


async def _row(sections: Sequence[Section], context: PlanContext) -> OverviewRow:
    area = context.area
    try:
        taking_part = [
            s for s in sections if s.written and context.downstream.configured(s.service)
        ]
        async with asyncio.TaskGroup() as group:
            tasks = {s.key: group.create_task(_outcome(s, context)) for s in taking_part}
        outcomes = {key: task.result() for key, task in tasks.items()}
        return _composed_row(sections, area, outcomes)
    except Exception:
        # A bug or a shape no section expected in one area must not take the others down.
        log.exception("overview row of area %s could not be composed", area.id)
        problem = SectionProblem(
            title="Internal Server Error",
            status=500,
            detail=f"The gateway could not compose the row of area '{area.id}'.",
            service="gateway",
        )
        return OverviewRow(
            area_id=area.id,
            name_fi=area.name_fi,
            status="unavailable",
            complete=False,
            sections={},
            unavailable_sections=[],
            not_configured_sections=[],
            values={c.key: None for c in overview_columns(sections)},
            problems=[RowProblem(section="row", problem=problem)],
        )


def _composed_row(
    sections: Sequence[Section], area: AreaRecord, outcomes: Mapping[str, _Outcome]
) -> OverviewRow:
    statuses: dict[str, SectionStatus] = {
        s.key: outcomes[s.key].status if s.key in outcomes else "not_configured" for s in sections
    }
    values: dict[str, Any] = {}
    for section in sections:
        if section.overview is None:
            continue
        found = outcomes[section.key].values if section.key in outcomes else {}
        # As JSON at once (a datetime as its ISO text), so the table prints what clients read.
        values |= {c.key: to_jsonable_python(found.get(c.key)) for c in section.overview.columns}
    unavailable = [k for k, s in statuses.items() if s == "unavailable"]
    answered = [k for k, s in statuses.items() if s == "ok"]
    status: RowStatus = "ok" if not unavailable else "incomplete" if answered else "unavailable"
    return OverviewRow(
        area_id=area.id,
        name_fi=area.name_fi,
        status=status,
        complete=not unavailable,
        sections=statuses,
        unavailable_sections=unavailable,
        not_configured_sections=[k for k, s in statuses.items() if s == "not_configured"],
        values=values,
        problems=[
            RowProblem(section=key, problem=o.problem)
            for key, o in outcomes.items()
            if o.problem is not None
        ],
    )


async def _outcome(section: Section, context: PlanContext) -> _Outcome:
    hook = section.overview
    fetch = hook.fetch if hook is not None and hook.fetch is not None else section.fetch
    if fetch is None:
        return _Outcome("not_configured", {})
    data = await fetch_within_deadline(section, fetch, context, of="overview")
    if isinstance(data, SectionProblem):
        log.warning(
            "overview: section %s of area %s unavailable: %s",
            section.key,
            context.area.id,
            data.detail,
        )
        return _Outcome("unavailable", {}, data)
    return _Outcome("ok", hook.values(data) if hook is not None else {})

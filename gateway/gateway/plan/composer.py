"""Composes the organisation plan: access, the area, then every section at once.

Order matters: the token is checked against the area before anything is asked
(another area's plan is 404 with no downstream call); then the area is read (its
failure is the plan's failure); then every written and configured section is
fetched concurrently, each call within what is left of the one deadline. A
section that fails or runs out of time is `unavailable` with its problem; the
others stand.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from gateway.errors import BadGateway, GatewayTimeout
from gateway.plan.area_record import AREAS, AreaRecord, fetch_area
from gateway.plan.document import PartHeading, PlanDocument, SectionEntry, SectionProblem
from gateway.plan.downstream import Downstream, DownstreamFailure
from gateway.plan.section import Fetch, PlanContext, Section, SectionData
from servicekit.auth import Principal, ensure_area_readable
from servicekit.errors import NotFound

log = logging.getLogger("gateway.plan")


async def compose_plan(
    *,
    principal: Principal,
    downstream: Downstream,
    sections: tuple[Section, ...],
    area_id: str,
    year: int,
    on: dt.date,
    annual_rates: tuple[float, ...],
) -> PlanDocument:
    ensure_area_readable(principal, area_id)
    area = await _read_area(downstream, area_id)
    context = PlanContext(
        area=area, year=year, on=on, annual_rates=annual_rates, downstream=downstream
    )
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(_section_entry(section, context)) for section in sections]
    entries = [task.result() for task in tasks]
    return PlanDocument(
        area_id=area.id,
        area_name_fi=area.name_fi,
        year=year,
        on=on,
        generated_at=dt.datetime.now(dt.UTC),
        complete=all(e.status == "ok" for e in entries if e.status != "not_configured"),
        sections=entries,
    )


async def _read_area(downstream: Downstream, area_id: str) -> AreaRecord:
    if not downstream.configured(AREAS):
        raise BadGateway(AREAS, "is not configured, and there is no plan without its area")
    try:
        return await fetch_area(downstream, area_id)
    except DownstreamFailure as failure:
        problem = failure.problem
        if problem.status == 404:
            raise NotFound(f"No employment area '{area_id}'.") from failure
        if problem.status == 504:
            raise GatewayTimeout(
                AREAS, "did not answer in time, and there is no plan without its area"
            ) from failure
        raise BadGateway(AREAS, f"could not give the area ({problem.detail})") from failure


async def fetch_within_deadline(
    section: Section, fetch: Fetch, context: PlanContext, *, of: str
) -> SectionData | SectionProblem:
    """The section's data, or why it could not be had: the service's problem, or the end of
    the deadline of the `of` (plan, overview) that asked for it."""
    try:
        # The calls each get the time left; this bounds the section's own work between them.
        async with asyncio.timeout_at(context.downstream.deadline_at):
            return await fetch(context)
    except DownstreamFailure as failure:
        return failure.problem
    except TimeoutError:
        return SectionProblem(
            title="Gateway Timeout",
            status=504,
            detail=f"The {section.service} service did not answer within the {of}'s deadline "
            f"({context.downstream.deadline_seconds:g} s).",
            service=section.service,
        )


async def _section_entry(section: Section, context: PlanContext) -> SectionEntry:
    entry = SectionEntry(
        key=section.key,
        number=section.number,
        title_fi=section.title_fi,
        service=section.service,
        status="not_configured",
        part=PartHeading(number=section.part.number, title_fi=section.part.title_fi)
        if section.part
        else None,
    )
    if section.fetch is None or not context.downstream.configured(section.service):
        return entry
    data = await fetch_within_deadline(section, section.fetch, context, of="plan")
    if isinstance(data, SectionProblem):
        log.warning("plan section %s unavailable: %s", section.key, data.detail)
        return entry.model_copy(update={"status": "unavailable", "problem": data})
    return entry.model_copy(
        update={
            "status": "ok",
            "data": data.model_dump(mode="json"),
            "sources": data.sources(),
        }
    )

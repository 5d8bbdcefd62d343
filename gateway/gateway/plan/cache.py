"""Complete plans, kept until the data of a service they were composed from changes.

Each service a plan reads keeps a data generation that every committed write to its data
advances (servicekit.generation, `GET /v1/generation`). A complete plan is kept under what
it was asked for (area, year, `on`, rates) and the generation of every service whose
sections it holds, read before it was composed. The next ask reads those generations again,
one cheap call a service; when none moved, no section's data can have changed and the kept
plan is the answer, else the plan is composed anew. A write is thus seen by the first plan
asked after it commits, as without the cache.

The kept plan is only given after the same access check as a composed one (the token may
read the area). A plan with a section unavailable is never kept, nor one whose services do
not all tell their generation.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable

from pydantic import BaseModel

from gateway.plan.area_record import AREAS
from gateway.plan.document import PlanDocument
from gateway.plan.downstream import Downstream, DownstreamFailure
from gateway.plan.section import Section
from servicekit.auth import Principal, ensure_area_readable

CACHE_SIZE = 128


class Generation(BaseModel):
    generation: int


class PlanCache:
    def __init__(self, size: int = CACHE_SIZE) -> None:
        self._size = size
        self._plans: OrderedDict[Hashable, tuple[tuple[int, ...], PlanDocument]] = OrderedDict()

    async def plan(
        self,
        *,
        principal: Principal,
        downstream: Downstream,
        sections: tuple[Section, ...],
        asked: tuple[str, int, dt.date, tuple[float, ...]],
        compose: Callable[[], Awaitable[PlanDocument]],
    ) -> PlanDocument:
        """The kept plan for `asked` (area id, year, on, rates) if its services' data has not
        changed since, else the plan `compose` makes (kept when complete)."""
        ensure_area_readable(principal, asked[0])
        services = sorted(
            {AREAS}
            | {s.service for s in sections if s.written and downstream.configured(s.service)}
        )
        generations = await _generations(downstream, services)
        if generations is None:
            return await compose()
        kept = self._plans.get(asked)
        if kept is not None and kept[0] == generations:
            self._plans.move_to_end(asked)
            return kept[1]
        plan = await compose()
        if plan.complete:
            self._plans[asked] = (generations, plan)
            self._plans.move_to_end(asked)
            if len(self._plans) > self._size:
                self._plans.popitem(last=False)
        return plan


async def _generations(downstream: Downstream, services: list[str]) -> tuple[int, ...] | None:
    """Each service's data generation, or None when one does not tell it."""

    async def one(service: str) -> int:
        answer = await downstream.get(service, "/v1/generation", Generation)
        return answer.generation

    try:
        return tuple(await asyncio.gather(*(one(service) for service in services)))
    except DownstreamFailure:
        return None

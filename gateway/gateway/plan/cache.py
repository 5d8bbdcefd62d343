"""Complete plans and overviews, kept until the data of a service they were composed from
changes.

Each service a plan reads keeps a data generation that every committed write to its data
advances (servicekit.generation, `GET /v1/generation`). A complete plan is kept under what
it was asked for (area, year, `on`, rates) and the generation of every service whose
sections it holds, read before it was composed. The next ask reads those generations again,
one cheap call a service; when none moved, no section's data can have changed and the kept
plan is the answer, else the plan is composed anew. A write is thus seen by the first plan
asked after it commits, as without the cache.

Asks that arrive together share their generation reads (`GenerationReads`): while a
service's read is on its way, the asks that arrive wait for the next one, which is sent
when it returns, after every ask that shares it arrived. So each ask still sees every
write committed before it arrived, and under load a service is asked for its generation
once for many plans, not once for each.

The kept plan is only given after the same access check as a composed one (the token may
read the area). A plan with a section unavailable is never kept, nor one whose services do
not all tell their generation. The national overview is kept the same way, under its year,
`on` and rates, when every row is complete.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

from pydantic import BaseModel

from gateway.plan.area_record import AREAS
from gateway.plan.document import PlanDocument
from gateway.plan.downstream import Downstream, DownstreamFailure
from gateway.plan.overview import PlanOverview
from gateway.plan.section import Section
from servicekit.auth import Principal, ensure_area_readable

CACHE_SIZE = 128
OVERVIEW_CACHE_SIZE = 16


class Generation(BaseModel):
    generation: int


T = TypeVar("T", bound=BaseModel)


class GenerationReads:
    """Each service's data generation, one read shared by the asks that wait for it.

    A read is sent only after every ask it answers arrived, so what it tells is at least as
    new as each of them needs: an ask that arrives while a read is on its way waits for the
    next one, sent when that returns (one read of a service in flight at a time). The next
    read goes with the token and request id of the first ask that waits for it; the gateway
    has checked every ask's token, and the number is the same for every caller. An ask
    waits no longer than its own deadline; a read that fails fails every ask it answers.
    """

    def __init__(self) -> None:
        self._next: dict[str, asyncio.Future[int]] = {}
        self._asking: dict[str, Downstream] = {}
        self._in_flight: set[str] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    async def generation(self, downstream: Downstream, service: str) -> int:
        waiting = self._next.get(service)
        if waiting is None:
            waiting = asyncio.get_running_loop().create_future()
            self._next[service] = waiting
            self._asking[service] = downstream
            if service not in self._in_flight:
                self._send(service)
        return await asyncio.wait_for(asyncio.shield(waiting), downstream.time_left())

    def _send(self, service: str) -> None:
        answers, downstream = self._next.pop(service), self._asking.pop(service)
        self._in_flight.add(service)
        task = asyncio.create_task(self._read(service, downstream, answers))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _read(
        self, service: str, downstream: Downstream, answers: asyncio.Future[int]
    ) -> None:
        try:
            answer = await downstream.get(service, "/v1/generation", Generation)
        except Exception as exc:
            answers.set_exception(exc)
            answers.exception()  # retrieved: every waiter may have left at its deadline
        else:
            answers.set_result(answer.generation)
        finally:
            if not answers.done():  # the gateway is stopping
                answers.cancel()
            self._in_flight.discard(service)
            if service in self._next:
                self._send(service)


class KeptAnswers(Generic[T]):
    """Composed answers kept under what was asked and their services' data generations.

    One ask at a time composes a given answer: an ask that finds no kept answer while the
    same one is being composed waits for that (within its own deadline), then looks again,
    with generations read after it stopped waiting. So many asks of a plan nobody keeps yet (a
    start, a write) compose it once, not each, which under load would make every one of them
    late and none kept. Only if the answer composed meanwhile was not kept (incomplete)
    does a waiter compose its own.
    """

    def __init__(self, size: int, reads: GenerationReads) -> None:
        self._size = size
        self._reads = reads
        self._kept: OrderedDict[Hashable, tuple[tuple[int, ...], T]] = OrderedDict()
        self._composing: dict[Hashable, asyncio.Event] = {}

    async def answer(
        self,
        *,
        downstream: Downstream,
        services: list[str],
        asked: Hashable,
        compose: Callable[[], Awaitable[T]],
        complete: Callable[[T], bool],
    ) -> T:
        """The kept answer for `asked` if none of `services` has changed its data since, else
        the one `compose` makes (kept when `complete`)."""
        waited = False
        while True:
            generations = await _generations(self._reads, downstream, services)
            if generations is None:
                return await compose()
            kept = self._kept.get(asked)
            if kept is not None and kept[0] == generations:
                self._kept.move_to_end(asked)
                return kept[1]
            composing = self._composing.get(asked)
            if composing is None or waited:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(composing.wait(), downstream.time_left())
            waited = True
        done = asyncio.Event()
        self._composing.setdefault(asked, done)
        try:
            answer = await compose()
            if complete(answer):
                self._kept[asked] = (generations, answer)
                self._kept.move_to_end(asked)
                if len(self._kept) > self._size:
                    self._kept.popitem(last=False)
            return answer
        finally:
            if self._composing.get(asked) is done:
                del self._composing[asked]
            done.set()


def _read_services(downstream: Downstream, sections: tuple[Section, ...]) -> list[str]:
    """The services whose data the sections' answers are composed from."""
    return sorted(
        {AREAS} | {s.service for s in sections if s.written and downstream.configured(s.service)}
    )


class PlanCache:
    def __init__(self, reads: GenerationReads, size: int = CACHE_SIZE) -> None:
        self._plans: KeptAnswers[PlanDocument] = KeptAnswers(size, reads)

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
        return await self._plans.answer(
            downstream=downstream,
            services=_read_services(downstream, sections),
            asked=asked,
            compose=compose,
            complete=lambda plan: plan.complete,
        )


class OverviewCache:
    """The national overview, kept as plans are. Only reviewers and admins ask for it, and
    both read every area, so what they are shown depends on what is asked alone."""

    def __init__(self, reads: GenerationReads, size: int = OVERVIEW_CACHE_SIZE) -> None:
        self._overviews: KeptAnswers[PlanOverview] = KeptAnswers(size, reads)

    async def overview(
        self,
        *,
        downstream: Downstream,
        sections: tuple[Section, ...],
        asked: tuple[int, dt.date, tuple[float, ...]],
        compose: Callable[[], Awaitable[PlanOverview]],
    ) -> PlanOverview:
        """The kept overview for `asked` (year, on, rates), else the one `compose` makes
        (kept when every row is complete)."""
        return await self._overviews.answer(
            downstream=downstream,
            services=_read_services(downstream, sections),
            asked=asked,
            compose=compose,
            complete=lambda overview: overview.complete,
        )


# The share of the deadline the generations may take. They are one cheap call a service;
# one that does not answer at once (a frozen service) must not eat the time the sections
# need: past it the plan is composed anew, its section of that service then unavailable.
GENERATIONS_SHARE = 0.1


async def _generations(
    reads: GenerationReads, downstream: Downstream, services: list[str]
) -> tuple[int, ...] | None:
    """Each service's data generation, or None when one does not tell it in time."""
    budget = downstream.deadline_seconds * GENERATIONS_SHARE
    try:
        async with asyncio.timeout(budget):
            return tuple(
                await asyncio.gather(
                    *(reads.generation(downstream, service) for service in services)
                )
            )
    except (DownstreamFailure, TimeoutError):
        return None

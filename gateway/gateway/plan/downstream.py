"""What every downstream call of the plan shares: the caller's headers, the time left, problems.

A section's calls are thin functions over `Downstream.get`, which goes through
`Upstreams.send` (the gateway's one resilient call) with whatever is left of the
plan's deadline. Anything but a 200 in the shape the section reads becomes a
`DownstreamFailure` carrying the problem the document shows for that section.
"""

from __future__ import annotations

import asyncio
import json
from collections import OrderedDict
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from gateway.clients import Upstreams
from gateway.errors import BadGateway, GatewayTimeout
from gateway.plan.document import SectionProblem

M = TypeVar("M", bound=BaseModel)


class DownstreamFailure(Exception):
    def __init__(self, problem: SectionProblem) -> None:
        super().__init__(problem.detail)
        self.problem = problem


class Answers:
    """Downstream answers that came with an ETag, parsed, by service, URL and model.

    `Downstream.get` sends the ETag it holds as `If-None-Match`; a 304 reuses the parsed
    answer instead of reading the body again. The service still checks the caller's token
    and access before it answers 304, so an answer is only ever reused for a caller the
    service has just let read it. At most `size` answers, the least recently used dropped.
    The parsed answers are shared: the sections read them and build their own data.
    """

    def __init__(self, size: int = 512) -> None:
        self._size = size
        self._answers: OrderedDict[tuple[str, bytes, type[BaseModel]], tuple[str, Any]] = (
            OrderedDict()
        )

    def get(self, key: tuple[str, bytes, type[BaseModel]]) -> tuple[str, Any] | None:
        held = self._answers.get(key)
        if held is not None:
            self._answers.move_to_end(key)
        return held

    def put(self, key: tuple[str, bytes, type[BaseModel]], etag: str, answer: BaseModel) -> None:
        self._answers[key] = (etag, answer)
        self._answers.move_to_end(key)
        if len(self._answers) > self._size:
            self._answers.popitem(last=False)


@dataclass(frozen=True)
class Downstream:
    upstreams: Upstreams
    headers: list[tuple[bytes, bytes]]  # the caller's bearer token and request id
    deadline_at: float  # on the event loop's clock
    deadline_seconds: float
    answers: Answers | None = field(default=None, kw_only=True)  # the app's, if it keeps them

    @classmethod
    def start(
        cls,
        upstreams: Upstreams,
        *,
        authorization: str,
        request_id: str | None,
        deadline_seconds: float,
        answers: Answers | None = None,
    ) -> Downstream:
        headers = [(b"authorization", authorization.encode()), (b"accept", b"application/json")]
        if request_id is not None:
            headers.append((b"x-request-id", request_id.encode()))
        deadline_at = asyncio.get_running_loop().time() + deadline_seconds
        return cls(upstreams, headers, deadline_at, deadline_seconds, answers=answers)

    def time_left(self) -> float:
        return max(self.deadline_at - asyncio.get_running_loop().time(), 0.0)

    def configured(self, service: str) -> bool:
        return service in self.upstreams.base_urls

    async def get(
        self, service: str, path: str, model: type[M], params: Mapping[str, str] | None = None
    ) -> M:
        """`GET path` on the service, its 200 body read as `model`, within the time left."""
        query = str(httpx.QueryParams(params or {})).encode()
        url = self.upstreams.url(service, path.encode(), query)
        key = (service, path.encode() + b"?" + query, model)
        held = self.answers.get(key) if self.answers is not None else None
        headers = self.headers
        if held is not None:
            headers = [*headers, (b"if-none-match", held[0].encode())]
        request = self.upstreams.build_request("GET", url, headers=headers)
        try:
            reply = await self.upstreams.send(service, request, deadline=self.time_left())
        except GatewayTimeout as exc:
            # The time left differs call by call; the problem names the plan's deadline instead.
            detail = f"The {service} service did not answer within the plan's deadline "
            raise self._failure(exc, f"{detail}({self.deadline_seconds:g} s).") from exc
        except BadGateway as exc:
            raise self._failure(exc, exc.detail) from exc
        if reply.status == 304 and held is not None:
            answer: M = held[1]
            return answer
        if reply.status != 200:
            raise DownstreamFailure(_answered_problem(service, path, reply.status, reply.body))
        try:
            parsed = model.model_validate_json(reply.body)
        except ValidationError as exc:
            raise DownstreamFailure(
                SectionProblem(
                    title="Bad Gateway",
                    status=502,
                    detail=f"The {service} service answered {path} in a shape the plan cannot "
                    f"read ({exc.error_count()} fields differ).",
                    service=service,
                )
            ) from exc
        etag = next((value for name, value in reply.headers if name == b"etag"), None)
        if etag is not None and self.answers is not None:
            self.answers.put(key, etag.decode("latin-1"), parsed)
        return parsed

    @staticmethod
    def _failure(exc: BadGateway | GatewayTimeout, detail: str) -> DownstreamFailure:
        return DownstreamFailure(
            SectionProblem(title=exc.title, status=exc.status, detail=detail, service=exc.service)
        )


def _answered_problem(service: str, path: str, status: int, body: bytes) -> SectionProblem:
    """The service's own problem (type, title, detail) when it sent one, else a summary."""
    try:
        problem = json.loads(body)
    except ValueError:
        problem = None
    if not isinstance(problem, dict):
        problem = {}
    detail = problem.get("detail")
    return SectionProblem(
        type=str(problem.get("type", "about:blank")),
        title=str(problem.get("title", "Error")),
        status=status,
        detail=str(detail) if detail else f"The {service} service answered {status} to {path}.",
        service=service,
    )


@asynccontextmanager
async def together() -> AsyncIterator[asyncio.TaskGroup]:
    """A task group whose first downstream failure is raised as itself, the others cancelled."""
    try:
        async with asyncio.TaskGroup() as group:
            yield group
    except BaseExceptionGroup as group:
        failure = next((e for e in group.exceptions if isinstance(e, DownstreamFailure)), None)
        if failure is None:
            raise
        raise failure from None

"""The KEHA national platform, as the caseload service uses it: a small interface and its
X-Road implementation.

The platform's customer-information services have no public contract (DOMAIN.md §6): ours
is `simulators/keha/openapi.yaml`, which the stand-in `simulators.keha` implements. What
flows in: customer counts by municipality x service line x segment x month, and the staff
transfer list; what flows out: a published version of the approved organisation plan.
Lists are paged (`page`, `page_size`; `total_pages` says when to stop) and read page by
page, so an import writes as it reads and a failure on a later page rolls it all back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any, Protocol, TypeVar

import httpx
from pydantic import BaseModel, ConfigDict, ValidationError

from caseload.config import CaseloadSettings, KehaConnection
from caseload.errors import KehaNotConfigured
from caseload.integrations.xroad import SYSTEM, Limiters, XRoadClient
from caseload.rules.months import Month
from servicekit.errors import DependencyUnavailable

M = TypeVar("M", bound=BaseModel)


class KehaCount(BaseModel):
    """One row of the platform's customer counts (its contract's `CustomerCount`)."""

    model_config = ConfigDict(extra="ignore")

    month: str
    municipality_code: str
    service_line: str
    segment: str
    customers: int


class KehaPosition(BaseModel):
    """One position of the staff transfer list (its contract's `StaffTransfer`)."""

    model_config = ConfigDict(extra="ignore")

    position_id: str
    fte: float
    function: str
    service_line: str | None
    origin: str
    start_date: dt.date
    title: str


class KehaPlanSubmission(BaseModel):
    year: int
    version: int
    sha256: str
    snapshot: dict[str, Any]


class KehaReceipt(BaseModel):
    model_config = ConfigDict(extra="ignore")

    submission_id: str
    area_code: str
    year: int
    version: int
    sha256: str
    received_at: dt.datetime
    replayed: bool


class _Page(BaseModel):
    items: list[dict[str, Any]]
    page: int
    total_pages: int


class KehaPlatform(Protocol):
    """What the imports and the submission need of the platform, for one area."""

    def customer_counts(self, first: Month, last: Month) -> AsyncIterator[list[KehaCount]]: ...

    def staff_transfers(
        self, first: dt.date, last: dt.date
    ) -> AsyncIterator[list[KehaPosition]]: ...

    async def submit_plan(self, submission: KehaPlanSubmission, key: str) -> KehaReceipt: ...


class XRoadKeha:
    """The platform over X-Road, for one area's connection."""

    def __init__(self, area_id: str, client: XRoadClient, page_size: int) -> None:
        self.client = client
        self.connection = client.connection
        self.area_code = self.connection.area_code or area_id
        self.page_size = page_size

    async def customer_counts(self, first: Month, last: Month) -> AsyncIterator[list[KehaCount]]:
        path = f"/v1/areas/{self.area_code}/counts"
        params = {"from": str(first), "to": str(last)}
        async for items in self._pages(self.connection.services.customer_counts, path, params):
            yield _parsed(KehaCount, items)

    async def staff_transfers(
        self, first: dt.date, last: dt.date
    ) -> AsyncIterator[list[KehaPosition]]:
        path = f"/v1/areas/{self.area_code}/positions"
        params = {"start_from": first.isoformat(), "start_to": last.isoformat()}
        async for items in self._pages(self.connection.services.staff_transfers, path, params):
            yield _parsed(KehaPosition, items)

    async def submit_plan(self, submission: KehaPlanSubmission, key: str) -> KehaReceipt:
        path = f"/v1/areas/{self.area_code}/submissions"
        answer = await self.client.post_once(
            self.connection.services.plan_submissions,
            path,
            submission.model_dump(),
            {"Idempotency-Key": key},
        )
        if answer.status not in (200, 201):
            raise DependencyUnavailable(SYSTEM, f"refused the submission: {_refusal(answer.body)}")
        return _parsed(KehaReceipt, [answer.body])[0]

    async def _pages(
        self, service: str, path: str, params: dict[str, str]
    ) -> AsyncIterator[list[dict[str, Any]]]:
        page = 1
        while True:
            query = {**params, "page": str(page), "page_size": str(self.page_size)}
            body = await self.client.get(service, path, query)
            if not isinstance(body, dict) or "items" not in body:
                raise DependencyUnavailable(SYSTEM, f"refused the read: {_refusal(body)}")
            answer = _parsed(_Page, [body])[0]
            yield answer.items
            if page >= answer.total_pages:
                return
            page += 1


def _parsed(model: type[M], items: list[Any]) -> list[M]:
    try:
        return [model.model_validate(item) for item in items]
    except ValidationError as exc:
        raise DependencyUnavailable(SYSTEM, "answered outside its contract") from exc


def _refusal(body: Any) -> str:
    if isinstance(body, dict) and "message" in body:
        return f"{body.get('code', 'error')}: {body['message']}"
    return "an answer outside its contract"


class KehaConnector:
    """Makes the platform of an area from the settings; one per app (its rate limiters are
    shared by every request). `transport` replaces the network (tests pass the stand-in's
    app over `httpx.ASGITransport`)."""

    def __init__(
        self, settings: CaseloadSettings, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.settings = settings
        self.transport = transport
        self.limiters = Limiters(settings.keha_rate_per_second)
        self.connections: dict[str, KehaConnection] = dict(settings.keha_areas)

    def client(self, area_id: str) -> XRoadClient:
        connection = self.connections.get(area_id)
        if connection is None:
            raise KehaNotConfigured(area_id)
        return XRoadClient(connection, self.settings, self.limiters, self.transport)

    def platform(self, area_id: str, client: XRoadClient) -> XRoadKeha:
        return XRoadKeha(area_id, client, self.settings.keha_page_size)

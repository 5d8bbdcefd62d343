"""Published versions of the plan: the composed document stored in the areas service for good.

A version is a snapshot of the year's plan record in the areas service (numbered 1, 2, ...,
SHA-256 over its canonical JSON, never changed). The gateway stores the composed plan
without `generated_at` (the snapshot's `created_at` is when it was published), and with a
`publication` member: whether it was forced, the reason, the sections it lacked. Leaving
`generated_at` out makes a retry of the same publish the same request body, so the areas
service replays the first answer for a repeated `Idempotency-Key` instead of storing a
second version (or, when the figures changed in between, refuses the key with 422).

Everything a version prints is in its stored document: `plan_document` rebuilds the plan
from it alone, so rendering never asks a service again.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

import httpx
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from gateway.clients import ServiceReply, Upstreams
from gateway.errors import BadGateway
from gateway.plan.area_record import AREAS
from gateway.plan.document import PLAN_YEARS, PlanDocument
from gateway.plan.errors import PlanIncomplete, PlanRecordMissing, PlanVersionNotFound
from servicekit.errors import Conflict, FieldError, NotFound, UnprocessableContent
from servicekit.fields import MultilineText

M = TypeVar("M", bound=BaseModel)


class AreasAnswered(Exception):
    """The areas service refused a call with a problem the caller should see as it is."""

    def __init__(self, reply: ServiceReply) -> None:
        super().__init__(f"areas answered {reply.status}")
        self.reply = reply


# The request.


class PlanPublish(BaseModel):
    model_config = ConfigDict(extra="forbid")

    year: Annotated[
        int, Field(ge=PLAN_YEARS[0], le=PLAN_YEARS[1], description="The plan record's year")
    ]
    force: bool = Field(
        False, description="Publish even when sections are unavailable (needs a `reason`)"
    )
    reason: Annotated[
        MultilineText | None,
        Field(min_length=1, max_length=2000, description="Why; kept in the version"),
    ] = None

    def check_reason(self) -> None:
        if self.force and not (self.reason and self.reason.strip()):
            message = "a forced publish needs a reason"
            raise UnprocessableContent(f"reason: {message}.", [FieldError("reason", message)])


# The fields the gateway reads from the areas service.


class PlanRecordRow(BaseModel):
    id: int
    year: int


class PlanRecordPage(BaseModel):
    items: list[PlanRecordRow]


class SnapshotRow(BaseModel):
    version: int
    sha256: str
    plan_status: str
    created_by: str
    created_at: dt.datetime


class SnapshotPage(BaseModel):
    items: list[SnapshotRow]
    next_cursor: str | None = None


class SnapshotWithDocument(SnapshotRow):
    document: dict[str, Any]


# What the gateway answers.


class Publication(BaseModel):
    """How the version came to be published."""

    forced: bool
    reason: str | None
    unavailable_sections: list[str] = Field(description="Keys of the sections it lacks")


class VersionSummary(BaseModel):
    area_id: str
    year: int
    version: int
    sha256: str = Field(description="SHA-256 (hex) of the stored document's canonical JSON")
    plan_status: str = Field(description="The plan record's status when it was published")
    published_by: str
    published_at: dt.datetime


class VersionRead(VersionSummary):
    publication: Publication | None = Field(
        description="null: a snapshot stored directly in the areas service, not published here"
    )
    document: dict[str, Any] = Field(description="The stored plan, as published")


class ChangeRead(BaseModel):
    path: str = Field(description="RFC 6901 JSON Pointer into the document")
    op: str = Field(description="added, removed or changed")
    old: Any = None
    new: Any = None


class VersionDiff(BaseModel):
    area_id: str
    year: int
    from_version: int
    to_version: int
    ignored: list[str] = Field(description="Paths left out of the comparison")
    changes: list[ChangeRead]


# The downstream calls, one function each.


@dataclass(frozen=True)
class AreasPlans:
    """The areas service's plan records and snapshots, asked with the caller's headers."""

    upstreams: Upstreams
    headers: list[tuple[bytes, bytes]]  # the caller's bearer token and request id

    async def plan_record_id(self, area_id: str, year: int) -> int | None:
        page = await self._get(f"/v1/areas/{area_id}/plans", PlanRecordPage, {"limit": "500"})
        return next((p.id for p in page.items if p.year == year), None)

    async def snapshots(
        self, area_id: str, plan_id: int, *, limit: int, cursor: str | None
    ) -> SnapshotPage:
        params = {"limit": str(limit)} | ({"cursor": cursor} if cursor else {})
        path = f"/v1/areas/{area_id}/plans/{plan_id}/snapshots"
        return await self._get(path, SnapshotPage, params)

    async def snapshot(self, area_id: str, plan_id: int, version: int) -> SnapshotWithDocument:
        path = f"/v1/areas/{area_id}/plans/{plan_id}/snapshots/{version}"
        return await self._get(path, SnapshotWithDocument)

    async def store_snapshot(
        self, area_id: str, plan_id: int, document: dict[str, Any], idempotency_key: str | None
    ) -> SnapshotWithDocument:
        path = f"/v1/areas/{area_id}/plans/{plan_id}/snapshots"
        headers = [*self.headers, (b"content-type", b"application/json")]
        if idempotency_key is not None:
            headers.append((b"idempotency-key", idempotency_key.encode()))
        body = json.dumps({"document": document}, ensure_ascii=False).encode()
        url = self.upstreams.url(AREAS, path.encode())
        request = self.upstreams.build_request("POST", url, headers=headers, content=body)
        return _read(await self.upstreams.send(AREAS, request), SnapshotWithDocument)

    async def _get(self, path: str, model: type[M], params: dict[str, str] | None = None) -> M:
        query = str(httpx.QueryParams(params or {})).encode()
        url = self.upstreams.url(AREAS, path.encode(), query)
        request = self.upstreams.build_request("GET", url, headers=self.headers)
        return _read(await self.upstreams.send(AREAS, request), model)


def _read(reply: ServiceReply, model: type[M]) -> M:
    if reply.status not in (200, 201):
        raise AreasAnswered(reply)
    try:
        return model.model_validate_json(reply.body)
    except ValidationError as exc:
        raise BadGateway(AREAS, "answered in a shape the gateway cannot read") from exc


# The rules.


def unavailable_sections(plan: PlanDocument) -> list[dict[str, str]]:
    return [
        {
            "key": s.key,
            "title_fi": s.title_fi,
            "service": s.service,
            "detail": s.problem.detail if s.problem else "unavailable",
        }
        for s in plan.sections
        if s.status == "unavailable"
    ]


def snapshot_document(plan: PlanDocument, ask: PlanPublish) -> dict[str, Any]:
    """The plan as stored: refused when incomplete unless forced (the caller has checked
    `ask.check_reason()` before composing)."""
    missing = unavailable_sections(plan)
    if missing and not ask.force:
        raise PlanIncomplete(missing)
    publication = Publication(
        forced=ask.force, reason=ask.reason, unavailable_sections=[s["key"] for s in missing]
    )
    document = plan.model_dump(mode="json", exclude={"generated_at"})
    return document | {"publication": publication.model_dump(mode="json")}


async def record_id_or_missing(areas: AreasPlans, area_id: str, year: int) -> int:
    plan_id = await _record_id(areas, area_id, year)
    if plan_id is None:
        raise PlanRecordMissing(area_id, year)
    return plan_id


async def _record_id(areas: AreasPlans, area_id: str, year: int) -> int | None:
    try:
        return await areas.plan_record_id(area_id, year)
    except AreasAnswered as answered:
        if answered.reply.status == 404:
            raise NotFound(f"No employment area '{area_id}'.") from answered
        raise


async def read_version(areas: AreasPlans, area_id: str, year: int, version: int) -> VersionRead:
    plan_id = await _record_id(areas, area_id, year)
    if plan_id is None:
        raise PlanVersionNotFound(area_id, year, version)
    try:
        snapshot = await areas.snapshot(area_id, plan_id, version)
    except AreasAnswered as answered:
        if answered.reply.status == 404:
            raise PlanVersionNotFound(area_id, year, version) from answered
        raise
    return version_read(area_id, year, snapshot)


async def list_versions(
    areas: AreasPlans, area_id: str, year: int, *, limit: int, cursor: str | None
) -> tuple[list[VersionSummary], str | None]:
    """A page of the year's versions; none for a year without a plan record."""
    plan_id = await _record_id(areas, area_id, year)
    if plan_id is None:
        return [], None
    page = await areas.snapshots(area_id, plan_id, limit=limit, cursor=cursor)
    return [_summary(area_id, year, s) for s in page.items], page.next_cursor


def _summary(area_id: str, year: int, snapshot: SnapshotRow) -> VersionSummary:
    return VersionSummary(
        area_id=area_id,
        year=year,
        version=snapshot.version,
        sha256=snapshot.sha256,
        plan_status=snapshot.plan_status,
        published_by=snapshot.created_by,
        published_at=snapshot.created_at,
    )


def version_read(area_id: str, year: int, snapshot: SnapshotWithDocument) -> VersionRead:
    try:
        publication = Publication.model_validate(snapshot.document.get("publication"))
    except ValidationError:
        publication = None
    return VersionRead(
        **_summary(area_id, year, snapshot).model_dump(),
        publication=publication,
        document=snapshot.document,
    )


def plan_document(version: VersionRead) -> PlanDocument:
    """The plan as it was published, from the stored document alone."""
    try:
        return PlanDocument.model_validate(
            version.document | {"generated_at": version.published_at}
        )
    except ValidationError as exc:
        raise Conflict(
            f"Version {version.version} was not published through the gateway; it holds no "
            "plan document to print."
        ) from exc

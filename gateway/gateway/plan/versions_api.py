"""Routes of the published plan: publish a version, list and read versions, print one, diff two.

`POST /v1/plans/{area_id}/publish` is for the area's planners and admins (its viewers and
reviewers: 403; anyone else: 404 before any service is asked). Reading versions is for
whoever may read the area. `year` names the plan record (one per area and year); the
version routes default it to the current year in Finland, like the plan itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response, status
from fastapi.responses import HTMLResponse, JSONResponse

from gateway.clients import Upstreams
from gateway.config import GatewaySettings
from gateway.errors import BadGateway, GatewayTimeout
from gateway.plan.api import DEFAULT_ANNUAL_RATES, AreaIdPath
from gateway.plan.composer import compose_plan
from gateway.plan.diff import VOLATILE, diff
from gateway.plan.document import PLAN_YEARS
from gateway.plan.downstream import Downstream
from gateway.plan.errors import PlanIncomplete, PlanRecordMissing, PlanVersionNotFound
from gateway.plan.render import render_plan
from gateway.plan.sections import SECTIONS
from gateway.plan.versions import (
    AreasPlans,
    ChangeRead,
    PlanPublish,
    VersionDiff,
    VersionRead,
    VersionSummary,
    list_versions,
    plan_document,
    read_version,
    record_id_or_missing,
    snapshot_document,
    version_read,
)
from servicekit.auth import (
    AREA_READABLE,
    AREA_WRITABLE,
    Principal,
    bearer_token,
    checks,
    current_principal,
    ensure_area_readable,
    ensure_area_writable,
)
from servicekit.clock import today_in_finland
from servicekit.context import request_id_var
from servicekit.errors import Conflict, Forbidden, NotFound, raises
from servicekit.http import Page, PageParams
from servicekit.idempotency import MAX_KEY_LENGTH

router = APIRouter(tags=["plans"])

VersionPath = Annotated[int, Path(ge=1, le=1_000_000, description="The version number")]
VersionYear = Annotated[
    int | None,
    Query(
        ge=PLAN_YEARS[0],
        le=PLAN_YEARS[1],
        description="The plan record's year; default: this year in Finland",
    ),
]


def _areas(request: Request) -> AreasPlans:
    upstreams: Upstreams = request.app.state.upstreams
    headers = [
        (b"authorization", f"Bearer {bearer_token(request)}".encode()),
        (b"accept", b"application/json"),
    ]
    request_id = request_id_var.get()
    if request_id is not None:
        headers.append((b"x-request-id", request_id.encode()))
    return AreasPlans(upstreams, headers)


@checks(AREA_READABLE)
@raises(NotFound)
async def area_reader(
    area_id: AreaIdPath, principal: Annotated[Principal, Depends(current_principal)]
) -> Principal:
    ensure_area_readable(principal, area_id)
    return principal


@checks(AREA_READABLE, AREA_WRITABLE)
@raises(NotFound, Forbidden)
async def area_writer(
    area_id: AreaIdPath, principal: Annotated[Principal, Depends(current_principal)]
) -> Principal:
    ensure_area_writable(principal, area_id)
    return principal


Reader = Annotated[Principal, Depends(area_reader)]
Writer = Annotated[Principal, Depends(area_writer)]


@router.post("/v1/plans/{area_id}/publish", status_code=status.HTTP_201_CREATED)
@raises(PlanIncomplete, PlanRecordMissing, BadGateway, GatewayTimeout)
async def publish_plan(
    area_id: AreaIdPath,
    body: PlanPublish,
    request: Request,
    response: Response,
    principal: Writer,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            min_length=1,
            max_length=MAX_KEY_LENGTH,
            description="Passed to the areas service: a retry with the same key replays the "
            "first answer instead of storing another version.",
        ),
    ] = None,
) -> VersionRead:
    """Composes the plan and stores it as the next version of the year's plan record.

    An incomplete plan is 409 `plan-incomplete` naming the unavailable sections, unless
    `force` is true and a `reason` is given (422 without one); the version keeps both. A
    year without a plan record is 409 `plan-record-missing`: create the record first.
    """
    body.check_reason()
    areas = _areas(request)
    plan_id = await record_id_or_missing(areas, area_id, body.year)
    settings: GatewaySettings = request.app.state.settings
    downstream = Downstream.start(
        areas.upstreams,
        authorization=f"Bearer {bearer_token(request)}",
        request_id=request_id_var.get(),
        deadline_seconds=settings.plan_deadline_seconds,
        answers=request.app.state.downstream_answers,
    )
    plan = await compose_plan(
        principal=principal,
        downstream=downstream,
        sections=SECTIONS,
        area_id=area_id,
        year=body.year,
        on=today_in_finland(),
        annual_rates=DEFAULT_ANNUAL_RATES,
    )
    document = snapshot_document(plan, body)
    stored = await areas.store_snapshot(area_id, plan_id, document, idempotency_key)
    response.headers["Location"] = _version_path(area_id, body.year, stored.version)
    return version_read(area_id, body.year, stored)


@router.get("/v1/plans/{area_id}/versions")
@raises(BadGateway, GatewayTimeout)
async def list_plan_versions(
    area_id: AreaIdPath,
    request: Request,
    _: Reader,
    page: PageParams,
    year: VersionYear = None,
) -> Page[VersionSummary]:
    """The published versions of the year's plan, oldest first (none without a plan record)."""
    items, next_cursor = await list_versions(
        _areas(request), area_id, _year(year), limit=page.limit, cursor=page.cursor
    )
    if next_cursor is not None:
        page.link_next(next_cursor)
    return Page(items=items, next_cursor=next_cursor)


@router.get(
    "/v1/plans/{area_id}/versions/{version}.html",
    response_class=HTMLResponse,
    responses={200: {"content": {"text/html": {}}, "description": "The version, printable"}},
)
@raises(PlanVersionNotFound, Conflict, BadGateway, GatewayTimeout)
async def get_plan_version_document(
    area_id: AreaIdPath, version: VersionPath, request: Request, _: Reader, year: VersionYear = None
) -> Response:
    """The version as the printable page, rendered from its stored document alone."""
    read = await read_version(_areas(request), area_id, _year(year), version)
    return _conditional(
        request,
        f'"{read.sha256}-html"',
        lambda: HTMLResponse(render_plan(plan_document(read), SECTIONS, version=read)),
    )


@router.get("/v1/plans/{area_id}/versions/{version}", response_model=VersionRead)
@raises(PlanVersionNotFound, BadGateway, GatewayTimeout)
async def get_plan_version(
    area_id: AreaIdPath, version: VersionPath, request: Request, _: Reader, year: VersionYear = None
) -> Response:
    """One published version with its stored document; its ETag is the document's SHA-256."""
    read = await read_version(_areas(request), area_id, _year(year), version)
    return _conditional(
        request, f'"{read.sha256}"', lambda: JSONResponse(read.model_dump(mode="json"))
    )


@router.get("/v1/plans/{area_id}/versions/{version}/diff/{other}")
@raises(PlanVersionNotFound, BadGateway, GatewayTimeout)
async def diff_plan_versions(
    area_id: AreaIdPath,
    version: VersionPath,
    other: VersionPath,
    request: Request,
    _: Reader,
    year: VersionYear = None,
) -> VersionDiff:
    """What changed from `version` to `other`: each figure's JSON Pointer, old and new value.

    `generated_at` and `publication` are left out. Lists are compared by position, except
    those whose items each have a unique `key`, `code` or `criterion` (sections, texts,
    members, criteria), which are matched by it; a path names the index in `other`'s
    document (in `version`'s for a removed entry).
    """
    areas, when = _areas(request), _year(year)
    old = await read_version(areas, area_id, when, version)
    new = await read_version(areas, area_id, when, other)
    return VersionDiff(
        area_id=area_id,
        year=when,
        from_version=version,
        to_version=other,
        ignored=sorted(VOLATILE),
        changes=[
            ChangeRead(path=c.path, op=c.op, old=c.old, new=c.new)
            for c in diff(old.document, new.document)
        ],
    )


def _year(year: int | None) -> int:
    return year or today_in_finland().year


def _version_path(area_id: str, year: int, version: int) -> str:
    return f"/v1/plans/{area_id}/versions/{version}?year={year}"


def _conditional(request: Request, etag: str, build: Callable[[], Response]) -> Response:
    # A version never changes: its ETag is its document's hash, and it may be kept.
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    candidates = {t.strip() for t in request.headers.get("if-none-match", "").split(",")}
    if etag in candidates or "*" in candidates:
        return Response(status_code=304, headers=headers)
    response = build()
    response.headers.update(headers)
    return response

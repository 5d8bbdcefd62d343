"""Routes of the composed plan: `GET /v1/plans/{area_id}` (JSON, or HTML on request) and
`GET /v1/plans/{area_id}.html`, the printable document; and the national overview of
every area's plan, `GET /v1/plans` and `GET /v1/plans.html` (reviewers and admins).

Both carry a strong ETag over the plan's canonical JSON without `generated_at`
(the HTML one marked as its own representation) and answer `If-None-Match` with
304. A complete plan may be stored and revalidated (`private, no-cache`); an
incomplete one is never stored (`private, no-store`), so a retry asks again.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from gateway.clients import Upstreams
from gateway.config import GatewaySettings
from gateway.errors import BadGateway, GatewayTimeout
from gateway.plan.cache import OverviewCache, PlanCache
from gateway.plan.composer import compose_plan
from gateway.plan.document import PLAN_YEARS, PlanDocument, plan_etag
from gateway.plan.downstream import Downstream
from gateway.plan.overview import PlanOverview, compose_overview
from gateway.plan.overview_render import render_overview
from gateway.plan.render import render_plan
from gateway.plan.sections import SECTIONS
from servicekit.auth import Principal, bearer_token, current_principal, require_role
from servicekit.clock import today_in_finland
from servicekit.context import request_id_var
from servicekit.errors import FieldError, NotFound, UnprocessableContent, raises
from servicekit.fields import IsoDate

router = APIRouter(tags=["plans"])

# The source plan's range (§1.2): -1.2 %, -1.6 % and -2.0 % a year.
DEFAULT_ANNUAL_RATES = (-0.012, -0.016, -0.020)
MAX_RATES = 10
_RATE = r"-?[0-9]+(\.[0-9]+)?"

AreaIdPath = Annotated[
    str,
    Path(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=50, description="The area's id"),
]


def parse_rates(
    rates: Annotated[
        str | None,
        Query(
            pattern=rf"^{_RATE}(,{_RATE})*$",
            description="Comma-separated compound yearly rates of the labour-force forecast, "
            "e.g. -0.012,-0.02 (default: -0.012,-0.016,-0.02, the source plan's range)",
        ),
    ] = None,
) -> tuple[float, ...]:
    if rates is None:
        return DEFAULT_ANNUAL_RATES
    parsed = tuple(float(r) for r in rates.split(","))
    if len(parsed) > MAX_RATES or not all(-0.99 <= r <= 1.0 for r in parsed):
        message = f"at most {MAX_RATES} rates, each from -0.99 to 1.0"
        error = FieldError("rates", message, in_="query")
        raise UnprocessableContent(f"rates: {message}.", [error])
    return parsed


YearQuery = Annotated[
    int | None,
    Query(
        ge=PLAN_YEARS[0],
        le=PLAN_YEARS[1],
        description="The plan record's year; default: the year of `on`",
    ),
]
OnQuery = Annotated[
    IsoDate | None,
    Query(description="Whose members and which figures (ISO date); default: today in Finland"),
]


def _downstream(request: Request, deadline_seconds: float | None = None) -> Downstream:
    settings: GatewaySettings = request.app.state.settings
    return Downstream.start(
        request.app.state.upstreams,
        authorization=f"Bearer {bearer_token(request)}",
        request_id=request_id_var.get(),
        deadline_seconds=deadline_seconds or settings.plan_deadline_seconds,
        answers=request.app.state.downstream_answers,
    )


async def composed_overview(
    request: Request,
    _: Annotated[Principal, Depends(require_role("reviewer", "admin"))],
    year: YearQuery = None,
    on: OnQuery = None,
) -> PlanOverview:
    settings: GatewaySettings = request.app.state.settings
    when = on or today_in_finland()
    downstream = _downstream(request, settings.overview_deadline_seconds)
    overview_year = year or when.year

    async def compose() -> PlanOverview:
        return await compose_overview(
            downstream=downstream,
            sections=SECTIONS,
            year=overview_year,
            on=when,
            annual_rates=DEFAULT_ANNUAL_RATES,
            concurrency=settings.overview_concurrency,
        )

    overviews: OverviewCache = request.app.state.overview_cache
    return await overviews.overview(
        downstream=downstream,
        sections=SECTIONS,
        asked=(overview_year, when, DEFAULT_ANNUAL_RATES),
        compose=compose,
    )


Overview = Annotated[PlanOverview, Depends(composed_overview)]


@router.get(
    "/v1/plans.html",
    response_class=HTMLResponse,
    responses={200: {"content": {"text/html": {}}, "description": "The printable overview"}},
)
async def get_overview_document(overview: Overview) -> Response:
    """The national overview as one printable HTML table in Finnish (reviewers and admins)."""
    return HTMLResponse(render_overview(overview), headers=_overview_headers(overview))


@router.get(
    "/v1/plans",
    response_model=PlanOverview,
    responses={
        200: {
            "content": {"text/html": {}},
            "description": "The overview (HTML with Accept: text/html)",
        }
    },
)
async def get_overview(request: Request, overview: Overview) -> Response:
    """One row per employment area: its members, eligibility, labour force, the plan's
    completeness and its latest published version, for reviewers and admins (others 403).

    Columns come from the plan's sections (`columns` names each and its section). A row
    whose sections did not all answer is `incomplete` or `unavailable`, never a 500; the
    areas service failing to list the areas is 502 or 504.
    """
    headers = _overview_headers(overview) | {"Vary": "Accept"}
    if _wants_html(request.headers.get("accept", "")):
        return HTMLResponse(render_overview(overview), headers=headers)
    return JSONResponse(overview.model_dump(mode="json"), headers=headers)


def _overview_headers(overview: PlanOverview) -> dict[str, str]:
    # Reviewers' figures of every area: kept by no shared cache, and by none at all when partial.
    return {"Cache-Control": "private, no-cache" if overview.complete else "private, no-store"}


# The composer's own answers (gateway.plan.composer): no area, or the areas service failing.
@raises(NotFound, BadGateway, GatewayTimeout)
async def composed_plan(
    area_id: AreaIdPath,
    request: Request,
    principal: Annotated[Principal, Depends(current_principal)],
    annual_rates: Annotated[tuple[float, ...], Depends(parse_rates)],
    year: YearQuery = None,
    on: OnQuery = None,
) -> PlanDocument:
    settings: GatewaySettings = request.app.state.settings
    upstreams: Upstreams = request.app.state.upstreams
    when = on or today_in_finland()
    downstream = Downstream.start(
        upstreams,
        authorization=f"Bearer {bearer_token(request)}",
        request_id=request_id_var.get(),
        deadline_seconds=settings.plan_deadline_seconds,
        answers=request.app.state.downstream_answers,
    )
    plan_year = year or when.year

    async def compose() -> PlanDocument:
        return await compose_plan(
            principal=principal,
            downstream=downstream,
            sections=SECTIONS,
            area_id=area_id,
            year=plan_year,
            on=when,
            annual_rates=annual_rates,
        )

    plans: PlanCache = request.app.state.plan_cache
    return await plans.plan(
        principal=principal,
        downstream=downstream,
        sections=SECTIONS,
        asked=(area_id, plan_year, when, annual_rates),
        compose=compose,
    )


Plan = Annotated[PlanDocument, Depends(composed_plan)]


@router.get(
    "/v1/plans/{area_id}.html",
    response_class=HTMLResponse,
    responses={200: {"content": {"text/html": {}}, "description": "The printable plan"}},
)
async def get_plan_document(request: Request, plan: Plan) -> Response:
    """The plan as one printable HTML page in Finnish (A4 print stylesheet, no JavaScript)."""
    return _html(request, plan)


@router.get(
    "/v1/plans/{area_id}",
    response_model=PlanDocument,
    responses={
        200: {"content": {"text/html": {}}, "description": "The plan (HTML with Accept: text/html)"}
    },
)
async def get_plan(request: Request, plan: Plan) -> Response:
    """The area's organisation plan for `year`, composed from every configured service.

    A section whose service failed or ran out of time is `unavailable` with the problem
    (still 200, `complete: false`); a section whose service is not in the system yet is
    `not_configured`. A missing area (or one the token may not read) is 404; the areas
    service failing is 502 or 504, as there is no plan without its area.
    """
    if _wants_html(request.headers.get("accept", "")):
        return _html(request, plan, vary=True)
    etag = plan_etag(plan)
    headers = _cache_headers(plan, etag) | {"Vary": "Accept"}
    if _matches(request, etag):
        return Response(status_code=304, headers=headers)
    return Response(plan.json_bytes(), media_type="application/json", headers=headers)


def _html(request: Request, plan: PlanDocument, *, vary: bool = False) -> Response:
    # The HTML is another representation of the same plan, so it has an ETag of its own.
    etag = '"' + plan_etag(plan).strip('"') + '-html"'
    headers = _cache_headers(plan, etag) | ({"Vary": "Accept"} if vary else {})
    if _matches(request, etag):
        return Response(status_code=304, headers=headers)
    return HTMLResponse(plan.printed(lambda p: render_plan(p, SECTIONS)), headers=headers)


def _cache_headers(plan: PlanDocument, etag: str) -> dict[str, str]:
    cache = "private, no-cache" if plan.complete else "private, no-store"
    return {"ETag": etag, "Cache-Control": cache}


def _matches(request: Request, etag: str) -> bool:
    header = request.headers.get("if-none-match")
    if header is None:
        return False
    candidates = {tag.strip() for tag in header.split(",")}
    return "*" in candidates or etag in candidates


def _wants_html(accept: str) -> bool:
    """HTML only when the caller names it before (or without) JSON."""
    types = [part.split(";")[0].strip().lower() for part in accept.split(",")]
    html = types.index("text/html") if "text/html" in types else None
    json = types.index("application/json") if "application/json" in types else None
    return html is not None and (json is None or html < json)

"""HTTP routes of the gateway: its service list and the forwarding of everything else."""

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.responses import HTMLResponse

from gateway import proxy
from gateway.clients import Upstreams, check_readiness
from gateway.problems import ProblemCatalogue, index_page, type_page
from gateway.schemas import ServiceRead
from gateway.system_openapi import SystemOpenAPI
from servicekit.auth import Principal, current_principal
from servicekit.bodies import LARGEST_BODY_LIMIT, body_limit
from servicekit.context import request_id_var
from servicekit.errors import PROBLEMS_PATH, NotFound
from servicekit.http import Page

router = APIRouter()

# Every method a client may send (RFC 9110 §9, but CONNECT, and PATCH): which ones a path
# takes only the service knows, so a method it does not take is its 405 with its `Allow`.
FORWARDED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]


async def get_upstreams(request: Request) -> Upstreams:
    upstreams: Upstreams = request.app.state.upstreams
    return upstreams


@router.get("/v1/services", tags=["services"])
async def list_services(
    request: Request,
    _: Principal = Depends(current_principal),
    upstreams: Upstreams = Depends(get_upstreams),
) -> Page[ServiceRead]:
    """The services behind the gateway and whether each is ready now.

    Also refreshes the system OpenAPI document (`GET /openapi.json`) from every service."""
    system_openapi: SystemOpenAPI = request.app.state.system_openapi
    states, _refreshed = await asyncio.gather(
        check_readiness(upstreams, request_id=request_id_var.get()), system_openapi.refresh()
    )
    return Page(items=[ServiceRead(name=name, status=state) for name, state in states.items()])


async def get_problem_catalogue(request: Request) -> ProblemCatalogue:
    catalogue: ProblemCatalogue = request.app.state.problem_catalogue
    return catalogue


# Public, like the API docs: the page a problem's `type` points to.
@router.get(PROBLEMS_PATH, response_class=HTMLResponse, include_in_schema=False)
async def list_problem_types(
    catalogue: ProblemCatalogue = Depends(get_problem_catalogue),
) -> HTMLResponse:
    return HTMLResponse(index_page(await catalogue.by_slug()))


@router.get(PROBLEMS_PATH + "/{slug}", response_class=HTMLResponse, include_in_schema=False)
async def describe_problem_type(
    slug: Annotated[str, Path(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=100)],
    catalogue: ProblemCatalogue = Depends(get_problem_catalogue),
) -> HTMLResponse:
    found = (await catalogue.by_slug()).get(slug)
    if found is None:
        raise NotFound(f"No problem type '{slug}'.")
    return HTMLResponse(type_page(*found))


# No token, like /openapi.json on the service itself; the service adds `servers` for its
# prefix (X-Forwarded-Prefix), so a client generated from it calls the gateway's paths.
@router.get("/{service}/openapi.json", include_in_schema=False)
async def service_openapi(request: Request) -> Response:
    upstreams = await get_upstreams(request)
    return await proxy.forward(request, service=request.path_params["service"], upstreams=upstreams)


# Out of the schema: each service publishes its own OpenAPI document for these paths.
# Bodies up to the largest any service's route takes; the service holds each to its own.
@router.api_route("/{service}/v1/{path:path}", methods=FORWARDED_METHODS, include_in_schema=False)
@body_limit(LARGEST_BODY_LIMIT)
async def forward_to_service(request: Request) -> Response:
    # Only `request` and no Depends: the hot path skips dependency solving (about 50 us).
    await current_principal(request)  # 401 before anything reaches a service
    upstreams = await get_upstreams(request)
    return await proxy.forward(request, service=request.path_params["service"], upstreams=upstreams)

"""The gateway serves a page for every problem type: its own and, fetched, each service's."""

from collections.abc import AsyncIterator

import httpx
import pytest
from aiohttp import web

from gateway.testing import SettingsFactory, StandInService, gateway_client, unused_port

OVERLAP = {
    "type": "/problems/membership-overlap",
    "slug": "membership-overlap",
    "title": "Conflict",
    "status": 409,
    "description": "A municipality belongs to one <area> at a time.",
    "members": ["conflicting_area_id"],
}


async def catalogue(request: web.Request) -> web.StreamResponse:
    if request.path != "/problems":
        return web.json_response({}, status=404)
    return web.json_response({"items": [OVERLAP, {"slug": "not a problem type"}]})


@pytest.fixture
async def service() -> AsyncIterator[StandInService]:
    async with StandInService(catalogue) as stand_in:
        yield stand_in


@pytest.fixture
async def gateway(
    service: StandInService, make_gateway_settings: SettingsFactory
) -> AsyncIterator[httpx.AsyncClient]:
    async with gateway_client(make_gateway_settings({"areas": service.url})) as client:
        yield client


async def test_a_service_problem_type_has_a_page_without_a_token(
    gateway: httpx.AsyncClient,
) -> None:
    page = await gateway.get("/problems/membership-overlap")

    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "membership-overlap" in page.text
    assert "409" in page.text
    assert "conflicting_area_id" in page.text
    assert "one &lt;area&gt; at a time" in page.text  # the service's text is escaped
    assert "areas" in page.text


async def test_the_index_lists_the_gateways_and_the_services_types(
    gateway: httpx.AsyncClient,
) -> None:
    index = await gateway.get("/problems")

    assert index.status_code == 200
    for slug in ("membership-overlap", "bad-gateway", "gateway-timeout", "unknown-service"):
        assert f'href="/problems/{slug}"' in index.text, slug


async def test_the_catalogue_is_fetched_once_and_kept(
    gateway: httpx.AsyncClient, service: StandInService
) -> None:
    for _ in range(3):
        assert (await gateway.get("/problems/membership-overlap")).status_code == 200
    assert [r.raw_path for r in service.received] == ["/problems"]


async def test_an_unknown_slug_is_a_404_problem(gateway: httpx.AsyncClient) -> None:
    response = await gateway.get("/problems/no-such-thing")

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "/problems/not-found"


async def test_the_gateways_own_types_have_pages_while_a_service_is_down(
    make_gateway_settings: SettingsFactory,
) -> None:
    settings = make_gateway_settings({"areas": f"http://127.0.0.1:{unused_port()}"})
    async with gateway_client(settings) as gateway:
        own = await gateway.get("/problems/bad-gateway")
        generic = await gateway.get("/problems/precondition-failed")
        missing = await gateway.get("/problems/membership-overlap")

    assert own.status_code == 200
    assert "service" in own.text
    assert generic.status_code == 200
    assert missing.status_code == 404


async def test_a_gateway_failure_names_its_type(
    make_gateway_settings: SettingsFactory, viewer_auth: dict[str, str]
) -> None:
    settings = make_gateway_settings({"areas": f"http://127.0.0.1:{unused_port()}"})
    async with gateway_client(settings) as gateway:
        down = await gateway.get("/areas/v1/municipalities", headers=viewer_auth)
        unknown = await gateway.get("/nothing/v1/x", headers=viewer_auth)

    assert (down.status_code, down.json()["type"]) == (502, "/problems/bad-gateway")
    assert (unknown.status_code, unknown.json()["type"]) == (404, "/problems/unknown-service")

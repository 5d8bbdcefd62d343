"""The gateway's own endpoints: the service list with readiness, health, metrics, OpenAPI."""

import asyncio
import re

from aiohttp import web

from gateway.testing import SettingsFactory, StandInService, gateway_client, unused_port


async def not_ready(request: web.Request) -> web.StreamResponse:
    return web.json_response({"status": "not ready", "reason": "database"}, status=503)


async def never_ready(request: web.Request) -> web.StreamResponse:
    await asyncio.sleep(2)
    return web.json_response({"status": "ready"})


async def test_services_lists_each_service_with_its_readiness(
    stand_in: StandInService, make_gateway_settings: SettingsFactory, viewer_auth: dict[str, str]
) -> None:
    async with (
        StandInService(readiness=not_ready) as funding,
        StandInService(readiness=never_ready) as offices,
    ):
        services = {
            "areas": stand_in.url,
            "funding": funding.url,
            "caseload": f"http://127.0.0.1:{unused_port()}",
            "offices": offices.url,
        }
        settings = make_gateway_settings(services, readiness_timeout_seconds=0.3)
        async with gateway_client(settings) as gateway:
            response = await gateway.get("/v1/services", headers=viewer_auth)

    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {"name": "areas", "status": "ready"},
            {"name": "caseload", "status": "unreachable"},
            {"name": "funding", "status": "not_ready"},
            {"name": "offices", "status": "unreachable"},
        ],
        "next_cursor": None,
    }
    assert "127.0.0.1" not in response.text


async def test_services_asks_every_service_at_once(
    make_gateway_settings: SettingsFactory, viewer_auth: dict[str, str]
) -> None:
    async def slowly_ready(request: web.Request) -> web.StreamResponse:
        await asyncio.sleep(0.3)
        return web.json_response({"status": "ready"})

    stand_ins = [StandInService(readiness=slowly_ready) for _ in range(4)]
    for service in stand_ins:
        await service.start()
    try:
        services = {f"s{i}": s.url for i, s in enumerate(stand_ins)}
        async with gateway_client(make_gateway_settings(services)) as gateway:
            started = asyncio.get_running_loop().time()
            response = await gateway.get("/v1/services", headers=viewer_auth)
            elapsed = asyncio.get_running_loop().time() - started
    finally:
        for service in stand_ins:
            await service.stop()

    assert [s["status"] for s in response.json()["items"]] == ["ready"] * 4
    assert elapsed < 0.3 * 4 * 0.75  # one after another would take 1.2 s


async def test_services_needs_a_token(make_gateway_settings: SettingsFactory) -> None:
    async with gateway_client(make_gateway_settings({})) as gateway:
        response = await gateway.get("/v1/services")

    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


async def test_the_gateway_is_live_and_ready_while_its_services_are_down(
    make_gateway_settings: SettingsFactory,
) -> None:
    settings = make_gateway_settings({"areas": f"http://127.0.0.1:{unused_port()}"})
    async with gateway_client(settings) as gateway:
        live = await gateway.get("/livez")
        ready = await gateway.get("/readyz")

    assert live.status_code == 200
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "service": "gateway"}


async def test_metrics_count_forwarded_requests_by_route_template(
    stand_in: StandInService, make_gateway_settings: SettingsFactory, viewer_auth: dict[str, str]
) -> None:
    async with gateway_client(make_gateway_settings({"areas": stand_in.url})) as gateway:
        await gateway.get("/areas/v1/municipalities/005", headers=viewer_auth)
        metrics = await gateway.get("/metrics")

    assert metrics.status_code == 200
    assert 'route="/{service}/v1/{path:path}"' in metrics.text
    assert "/v1/municipalities/005" not in metrics.text


async def test_openapi_has_readable_operation_ids_and_no_catch_all(
    make_gateway_settings: SettingsFactory,
) -> None:
    async with gateway_client(make_gateway_settings({})) as gateway:
        schema = (await gateway.get("/openapi.json")).json()

    operation_ids = [op["operationId"] for path in schema["paths"].values() for op in path.values()]
    assert len(set(operation_ids)) == len(operation_ids)
    assert {
        "get_overview",
        "get_overview_document",
        "get_plan",
        "get_plan_document",
        "list_services",
        "publish_plan",
    } <= set(operation_ids)
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", i) for i in operation_ids), operation_ids
    assert "/{service}/v1/{path}" not in schema["paths"]

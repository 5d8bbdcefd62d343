"""What the caller gets when a service is missing, down, slow or breaks off."""

import asyncio
import time

import httpx
import pytest
from aiohttp import web

from gateway.clients import create_transport
from gateway.testing import SettingsFactory, StandInService, gateway_client, unused_port

WRITES = ["POST", "PUT", "PATCH", "DELETE"]


class CountingTransport(httpx.AsyncBaseTransport):
    """The real transport, counting each attempt; optionally the first goes to a dead port."""

    def __init__(self, inner: httpx.AsyncBaseTransport, *, refuse_first: bool = False) -> None:
        self.inner, self.refuse_first = inner, refuse_first
        self.attempts: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.attempts.append(request.method)
        if self.refuse_first and len(self.attempts) == 1:
            request = httpx.Request(
                request.method,
                request.url.copy_with(port=unused_port()),
                headers=request.headers,
                content=request.content,
                extensions=request.extensions,
            )
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


async def aborts(request: web.Request) -> web.StreamResponse:
    """Reads the request, then drops the connection without answering, as a crashing service."""
    await request.read()
    assert request.transport is not None
    request.transport.abort()
    await asyncio.sleep(1)
    return web.Response()


async def test_an_unknown_service_is_not_found(
    make_gateway_settings: SettingsFactory, viewer_auth: dict[str, str]
) -> None:
    async with gateway_client(make_gateway_settings({"areas": "http://127.0.0.1:9"})) as gateway:
        response = await gateway.get("/nosuch/v1/things", headers=viewer_auth)

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["service"] == "nosuch"
    assert "nosuch" in body["detail"]


@pytest.mark.parametrize("method", ["GET", *WRITES])
async def test_a_service_that_is_down_is_a_bad_gateway_naming_it(
    method: str, make_gateway_settings: SettingsFactory, viewer_auth: dict[str, str]
) -> None:
    settings = make_gateway_settings({"areas": f"http://127.0.0.1:{unused_port()}"})
    async with gateway_client(settings) as gateway:
        response = await gateway.request(method, "/areas/v1/municipalities", headers=viewer_auth)

    assert response.status_code == 502
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["service"] == "areas"
    assert "areas" in body["detail"]
    assert "127.0.0.1" not in body["detail"]  # addresses stay inside
    assert body["request_id"] == response.headers["x-request-id"]


async def test_a_slow_service_is_a_gateway_timeout_at_the_deadline(
    make_gateway_settings: SettingsFactory, viewer_auth: dict[str, str]
) -> None:
    async def slow(request: web.Request) -> web.StreamResponse:
        await asyncio.sleep(2)
        return web.Response()

    async with StandInService(slow) as areas:
        settings = make_gateway_settings({"areas": areas.url}, request_timeout_seconds=0.2)
        async with gateway_client(settings) as gateway:
            started = time.perf_counter()
            response = await gateway.get("/areas/v1/municipalities", headers=viewer_auth)
            elapsed = time.perf_counter() - started

    assert response.status_code == 504
    body = response.json()
    assert body["service"] == "areas"
    assert "areas" in body["detail"]
    assert 0.2 <= elapsed < 1.0
    assert len(areas.received) == 1  # a slow answer is not asked for twice


async def test_a_get_is_retried_once_when_the_connection_is_refused(
    make_gateway_settings: SettingsFactory, viewer_auth: dict[str, str]
) -> None:
    settings = make_gateway_settings({"areas": f"http://127.0.0.1:{unused_port()}"})
    counting = CountingTransport(create_transport(settings))
    async with gateway_client(settings, transport=counting) as gateway:
        response = await gateway.get("/areas/v1/municipalities", headers=viewer_auth)

    assert response.status_code == 502
    assert counting.attempts == ["GET", "GET"]


@pytest.mark.parametrize("method", WRITES)
async def test_a_write_is_never_retried(
    method: str, make_gateway_settings: SettingsFactory, viewer_auth: dict[str, str]
) -> None:
    settings = make_gateway_settings({"areas": f"http://127.0.0.1:{unused_port()}"})
    counting = CountingTransport(create_transport(settings))
    async with gateway_client(settings, transport=counting) as gateway:
        response = await gateway.request(method, "/areas/v1/municipalities", headers=viewer_auth)

    assert response.status_code == 502
    assert counting.attempts == [method]


async def test_a_get_refused_once_succeeds_on_its_retry(
    stand_in: StandInService, make_gateway_settings: SettingsFactory, viewer_auth: dict[str, str]
) -> None:
    settings = make_gateway_settings({"areas": stand_in.url})
    counting = CountingTransport(create_transport(settings), refuse_first=True)
    async with gateway_client(settings, transport=counting) as gateway:
        response = await gateway.get("/areas/v1/municipalities?q=a", headers=viewer_auth)

    assert response.status_code == 200
    assert counting.attempts == ["GET", "GET"]
    assert [r.raw_path for r in stand_in.received] == ["/v1/municipalities?q=a"]


@pytest.mark.parametrize("method", ["GET", *WRITES])
async def test_a_service_breaking_off_is_a_bad_gateway_and_not_resent(
    method: str, make_gateway_settings: SettingsFactory, viewer_auth: dict[str, str]
) -> None:
    async with StandInService(aborts) as areas:
        async with gateway_client(make_gateway_settings({"areas": areas.url})) as gateway:
            response = await gateway.request(method, "/areas/v1/things/1", headers=viewer_auth)

        # The service got the request once: sending it again could apply a write twice.
        assert [r.method for r in areas.received] == [method]
    assert response.status_code == 502
    assert response.json()["service"] == "areas"

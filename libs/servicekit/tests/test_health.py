import asyncio
import io
import json
import time
import uuid
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from sample_app import SampleSettings, build_app

from servicekit import provision
from servicekit.logging import configure_logging
from servicekit.testing import running_app, test_auth_env

Auth = Callable[..., dict[str, str]]


async def test_livez_and_readyz_when_migrated(client: httpx.AsyncClient) -> None:
    assert (await client.get("/livez")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "service": "sample"}


@pytest.fixture
async def empty_database(postgres_admin_url: str) -> AsyncIterator[str]:
    name = f"alue_empty_{uuid.uuid4().hex[:8]}"
    await provision.create_database(postgres_admin_url, name)
    yield provision.with_database(postgres_admin_url, name)
    await provision.drop_database(postgres_admin_url, name)


async def readyz_of(url: str) -> httpx.Response:
    app = build_app(SampleSettings.model_validate({"database_url": url, **test_auth_env()}))
    async with running_app(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            return await http.get("/readyz")


async def test_readyz_is_503_when_the_database_is_unreachable() -> None:
    response = await readyz_of("postgresql://nobody@127.0.0.1:1/none")
    assert response.status_code == 503
    assert response.json()["status"] == "not ready"


async def test_readyz_is_503_at_once_when_the_database_does_not_answer() -> None:
    """A server that accepts the connection and then says nothing, as a frozen one does."""
    connections: list[asyncio.StreamWriter] = []

    async def accept_and_say_nothing(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(writer)

    silent = await asyncio.start_server(accept_and_say_nothing, "127.0.0.1", 0)
    port = silent.sockets[0].getsockname()[1]
    started = time.monotonic()
    try:
        response = await readyz_of(f"postgresql://nobody@127.0.0.1:{port}/none")
    finally:
        for writer in connections:
            writer.close()
            await writer.wait_closed()
        silent.close()
        await silent.wait_closed()
    assert response.status_code == 503
    assert "no answer within 0.8 s" in response.json()["reason"]
    assert time.monotonic() - started < 3


async def test_readyz_is_503_when_migrations_are_not_at_head(empty_database: str) -> None:
    response = await readyz_of(empty_database)
    assert response.status_code == 503
    assert "expected s002" in response.json()["reason"]


async def test_metrics_use_route_templates(client: httpx.AsyncClient, auth: Auth) -> None:
    await client.get("/v1/areas/kymppi/things", headers=auth("admin"))
    text = (await client.get("/metrics")).text
    assert "http_server_request_duration_seconds_bucket" in text
    assert 'route="/v1/areas/{area_id}/things"' in text
    assert 'route="/v1/areas/kymppi/things"' not in text


async def test_request_id_is_echoed_or_generated(client: httpx.AsyncClient) -> None:
    given = await client.get("/livez", headers={"X-Request-ID": "abc-123"})
    assert given.headers["x-request-id"] == "abc-123"
    generated = await client.get("/livez")
    assert len(generated.headers["x-request-id"]) == 32
    unsafe = await client.get("/livez", headers={"X-Request-ID": "bad id\twith spaces"})
    assert unsafe.headers["x-request-id"] != "bad id\twith spaces"


async def test_log_lines_are_json_with_the_request_id(client: httpx.AsyncClient) -> None:
    stream = io.StringIO()
    configure_logging("sample", stream=stream)
    try:
        await client.get("/livez", headers={"X-Request-ID": "log-check-1"})
    finally:
        configure_logging("sample")
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    access = [line for line in lines if line.get("request_id") == "log-check-1"]
    assert len(access) == 1
    assert access[0]["logger"] == "servicekit.access"
    assert access[0]["route"] == "/livez"
    assert access[0]["service"] == "sample"
    assert access[0]["status"] == 200


async def test_openapi_documents_problems_not_fastapi_defaults(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    schemas = spec["components"]["schemas"]
    assert "HTTPValidationError" not in schemas
    assert schemas["Problem"]["required"] == ["type", "title", "status", "detail"]
    create = spec["paths"]["/v1/items"]["post"]
    assert create["operationId"] == "create_item"
    # The 422 is a problem, not FastAPI's {"detail": ...}; there is no catch-all `default`.
    invalid = create["responses"]["422"]["content"]["application/problem+json"]["schema"]
    assert invalid == {"$ref": "#/components/schemas/InvalidFieldsProblem"}
    assert "default" not in create["responses"]
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"


async def test_docs_page_uses_assets_served_by_the_service(client: httpx.AsyncClient) -> None:
    page = (await client.get("/docs")).text
    assert "cdn.jsdelivr.net" not in page
    asset = page.split('src="', 1)[1].split('"', 1)[0]
    assert asset.startswith("/")
    served = await client.get(asset)
    assert served.status_code == 200
    assert "SwaggerUIBundle" in served.text

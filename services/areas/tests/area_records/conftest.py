"""Fixtures for the employment-area and plan-record tests: the municipality registry and
helpers that create areas, members and plans through the API as an admin would."""

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from areas.demo import municipality_rows
from areas.repository import municipalities as municipality_repository

Auth = Callable[..., dict[str, str]]

KYMPPI = {
    "id": "kymppi",
    "name_fi": "Kympin työllisyysalue",
    "name_sv": "Kymppi sysselsättningsområde",
    "organisation_form": "joint_municipal_authority",
    "home_municipality_code": "233",
}
SEINAJOKI = {
    "id": "seinajoen-seutu",
    "name_fi": "Seinäjoen seudun työllisyysalue",
    "name_sv": "Seinäjoki regionens sysselsättningsområde",
    "organisation_form": "lead_municipality",
    "home_municipality_code": "743",
}


@pytest.fixture
async def registry(db_session: AsyncSession) -> None:
    """The mainland municipalities, visible to the app's requests in this test only."""
    await municipality_repository.upsert_municipalities(db_session, municipality_rows())
    await db_session.commit()


@pytest.fixture
def admin(auth: Auth) -> dict[str, str]:
    return auth("admin", sub="admin-1")


Created = Callable[..., Awaitable[dict[str, Any]]]


@pytest.fixture
def created(client: httpx.AsyncClient, admin: dict[str, str]) -> Created:
    """`await created("/v1/areas", body)`: POSTs (as admin unless `headers` says otherwise),
    asserts 201 and returns the created resource."""

    async def post(
        path: str, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> dict[str, Any]:
        response = await client.post(path, json=body, headers=headers or admin)
        assert response.status_code == 201, response.text
        resource: dict[str, Any] = response.json()
        return resource

    return post


@pytest.fixture
def kymppi_body() -> dict[str, Any]:
    return dict(KYMPPI)


@pytest.fixture
async def kymppi(registry: None, created: Created) -> str:
    return str((await created("/v1/areas", KYMPPI))["id"])


@pytest.fixture
async def seinajoki(registry: None, created: Created) -> str:
    return str((await created("/v1/areas", SEINAJOKI))["id"])

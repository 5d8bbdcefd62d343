"""Every list route checks its cursor against its own sort key before any query runs."""

import base64
import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

Auth = Callable[..., dict[str, str]]
Created = Callable[..., Awaitable[dict[str, Any]]]
PLAN = "/v1/areas/kymppi/plans/{plan}"

# Each list with a cursor of another list's shape: a text key where the list's is an
# int, an int where it is text, or the wrong number of values.
LISTS = [
    ("/v1/municipalities", [5]),
    ("/v1/areas", [5]),
    ("/v1/areas/kymppi/members", [5]),
    ("/v1/areas/kymppi/exemptions", ["005"]),
    ("/v1/areas/kymppi/plans", ["2025"]),
    (PLAN + "/sections", ["1-alue"]),
    (PLAN + "/snapshots", ["1"]),
    ("/v1/statistics", ["labour_force", "005"]),
    ("/v1/statistics?as_of=2024", ["labour_force", "005", "2024-12", "2024"]),
    ("/v1/municipalities/005/statistics", ["005"]),
]

# Each list keyed by text with a cursor of its own shape, NUL in one of its values:
# PostgreSQL text cannot hold NUL, and asyncpg's refusal answered 500.
NUL_CURSORS = [
    ("/v1/municipalities", ["00\x005"]),
    ("/v1/areas", ["kym\x00ppi"]),
    ("/v1/areas/kymppi/members", ["00\x005"]),
    ("/v1/statistics", ["labour_force", "005", "2024-12", "20\x0024"]),
    ("/v1/statistics?as_of=2024", ["labour_force", "00\x005"]),
    ("/v1/municipalities/005/statistics", ["labour_force", "005", "2024-12", "\x00"]),
]


def cursor(key: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


@pytest.fixture
async def plan(kymppi: str, created: Created) -> str:
    return str((await created("/v1/areas/kymppi/plans", {"year": 2025, "title": "T"}))["id"])


async def get_with_cursor(
    client: httpx.AsyncClient, path: str, key: object, headers: dict[str, str]
) -> httpx.Response:
    joiner = "&" if "?" in path else "?"
    return await client.get(f"{path}{joiner}cursor={cursor(key)}", headers=headers)


@pytest.mark.parametrize(("path", "foreign"), LISTS)
async def test_a_cursor_of_another_lists_shape_is_422(
    client: httpx.AsyncClient, admin: dict[str, str], plan: str, path: str, foreign: list[object]
) -> None:
    response = await get_with_cursor(client, path.format(plan=plan), foreign, admin)
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "cursor"


@pytest.mark.parametrize(("path", "key"), NUL_CURSORS)
async def test_a_cursor_with_nul_is_422_not_a_database_error(
    client: httpx.AsyncClient, admin: dict[str, str], kymppi: str, path: str, key: list[str]
) -> None:
    response = await get_with_cursor(client, path, key, admin)
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "cursor"

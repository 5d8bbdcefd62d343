"""Of ten writers holding one ETag, exactly one wins (DESIGN.md: a conditional write locks
what it compares). Unlike the other tests, these requests commit, each on a connection of
its own from the app's pool, so that they really race; the area's rows are removed after."""

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from servicekit.testing import TokenFactory, scope_every_area

AREA = "porvoo"
WRITERS = 10
ROUNDS = 3


@pytest.fixture
async def committing_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http
    finally:
        async with app.state.engine.begin() as connection:
            await scope_every_area(connection)
            for table in ("staff_position", "service_line", "area"):
                column = "id" if table == "area" else "area_id"
                await connection.execute(
                    text(f"DELETE FROM caseload.{table} WHERE {column} = :area"), {"area": AREA}
                )


def position(title: str) -> dict[str, Any]:
    return {
        "fte": 1,
        "function": "customer_service",
        "service_line": "job_matching",
        "origin": "municipal",
        "start_date": "2025-01-01",
        "title": title,
    }


async def test_ten_concurrent_staff_puts_with_one_etag_let_one_win(
    committing_client: httpx.AsyncClient, make_token: TokenFactory
) -> None:
    planner = {"Authorization": f"Bearer {make_token('planner', areas=[AREA])}"}
    created = await committing_client.post(
        f"/v1/areas/{AREA}/staff", json=position("Alku"), headers=planner
    )
    assert created.status_code == 201, created.text
    url = created.headers["Location"]
    for round_ in range(ROUNDS):
        etag = (await committing_client.get(url, headers=planner)).headers["ETag"]
        headers = {**planner, "If-Match": etag}
        answers = await asyncio.gather(
            *(
                committing_client.put(url, json=position(f"Kierros {round_}.{i}"), headers=headers)
                for i in range(WRITERS)
            )
        )
        statuses = sorted(answer.status_code for answer in answers)
        assert statuses == [200] + [412] * (WRITERS - 1), [a.text for a in answers]
        winner = next(a for a in answers if a.status_code == 200)
        stored = await committing_client.get(url, headers=planner)
        assert stored.json()["title"] == winner.json()["title"]

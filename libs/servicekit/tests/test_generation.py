"""Remembered answers: 304 and the cache until the data changes, fresh at the first read after
a commit, whoever committed (another connection, with no servicekit in it)."""

from collections.abc import AsyncIterator

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from sample_app import COMPUTED, SCHEMA

from servicekit import provision
from servicekit.generation import AnswerCache
from servicekit.testing import assert_changes_tracked


@pytest.fixture
async def committed(app: FastAPI, service_url: str) -> AsyncIterator[asyncpg.Connection]:
    """A connection of its own that commits for real, and a client of the app without the
    test fixture's rolled-back transaction; the rows it wrote are deleted after."""
    app.state.answer_cache = AnswerCache()
    other = await asyncpg.connect(provision.libpq_url(service_url))
    try:
        yield other
    finally:
        await other.execute(f"DELETE FROM {SCHEMA}.item WHERE name LIKE 'gen-%'")
        await other.close()


async def colours(app: FastAPI, etag: str | None = None) -> httpx.Response:
    headers = {"If-None-Match": etag} if etag else {}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        return await client.get("/v1/colours", headers=headers)


async def test_a_commit_elsewhere_makes_the_next_read_fresh(
    app: FastAPI, committed: asyncpg.Connection
) -> None:
    await committed.execute(f"INSERT INTO {SCHEMA}.item VALUES ('gen-a', 'teal')")
    first = await colours(app)
    assert first.status_code == 200
    assert first.json()["counts"]["teal"] == 1
    etag = first.headers["ETag"]
    counted = COMPUTED["colours"]

    again = await colours(app)
    assert (again.content, again.headers["ETag"]) == (first.content, etag)
    assert (await colours(app, etag)).status_code == 304
    assert COMPUTED["colours"] == counted  # neither was computed again

    # Uncommitted, a write is not seen: the generation moves only when it commits.
    async with committed.transaction():
        await committed.execute(f"INSERT INTO {SCHEMA}.item VALUES ('gen-b', 'teal')")
        assert (await colours(app, etag)).status_code == 304
    fresh = await colours(app, etag)
    assert fresh.status_code == 200
    assert fresh.json()["counts"]["teal"] == 2
    assert fresh.headers["ETag"] != etag
    assert COMPUTED["colours"] == counted + 1

    await committed.execute(f"UPDATE {SCHEMA}.item SET colour = 'plum' WHERE name = 'gen-b'")
    updated = (await colours(app)).json()["counts"]
    assert (updated["teal"], updated["plum"]) == (1, 1)
    await committed.execute(f"DELETE FROM {SCHEMA}.item WHERE name = 'gen-a'")
    assert "teal" not in (await colours(app)).json()["counts"]


async def test_one_transaction_advances_the_generation_once(
    app: FastAPI, committed: asyncpg.Connection
) -> None:
    read = f"SELECT generation FROM {SCHEMA}.data_generation"
    before = await committed.fetchval(read)
    async with committed.transaction():
        await committed.execute(f"INSERT INTO {SCHEMA}.item VALUES ('gen-c', 'red')")
        await committed.execute(f"INSERT INTO {SCHEMA}.item VALUES ('gen-d', 'red')")
        await committed.execute(f"UPDATE {SCHEMA}.item SET colour = 'blue' WHERE name LIKE 'gen-%'")
    assert await committed.fetchval(read) == before + 1


async def test_every_table_of_the_schema_advances_the_generation(app: FastAPI) -> None:
    await assert_changes_tracked(app)

"""The engine's pool: a connection the server ended is replaced before a request gets it."""

import asyncio
import time

import asyncpg
from sqlalchemy import text

from servicekit import provision
from servicekit.db import create_engine


async def end_backend(database_url: str, pid: int) -> None:
    """What a database restart does to a pooled connection: the server ends it."""
    admin = await asyncpg.connect(provision.libpq_url(database_url))
    try:
        assert await admin.fetchval("SELECT pg_terminate_backend($1)", pid)
        deadline = time.monotonic() + 5
        while await admin.fetchval("SELECT 1 FROM pg_stat_activity WHERE pid = $1", pid):
            assert time.monotonic() < deadline, "the backend did not exit"
            await asyncio.sleep(0.02)
    finally:
        await admin.close()
    await asyncio.sleep(0.05)  # the event loop reads the closed socket


async def test_connection_the_server_ended_is_replaced_at_checkout(
    database_url: str, service_url: str
) -> None:
    engine = create_engine(service_url, pool_size=1)
    try:
        async with engine.connect() as conn:
            first = await conn.scalar(text("SELECT pg_backend_pid()"))
        await end_backend(database_url, first)
        async with engine.connect() as conn:
            second = await conn.scalar(text("SELECT pg_backend_pid()"))
    finally:
        await engine.dispose()
    assert second != first

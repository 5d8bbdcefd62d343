import pytest
from fastapi import FastAPI, Request
from sqlalchemy import text

from servicekit.db import get_session


async def transaction_ids(app: FastAPI, method: str) -> tuple[int, int]:
    """`txid_current()` twice in the session a request with `method` gets."""
    request = Request({"type": "http", "method": method, "app": app, "headers": []})
    sessions = get_session(request)
    session = await anext(sessions)
    first = await session.scalar(text("SELECT txid_current()"))
    second = await session.scalar(text("SELECT txid_current()"))
    with pytest.raises(StopAsyncIteration):  # the request's end: commit or close
        await anext(sessions)
    assert first is not None
    assert second is not None
    return first, second


@pytest.mark.parametrize("method", ["GET", "HEAD"])
async def test_a_read_runs_each_statement_on_its_own_without_begin_or_commit(
    app: FastAPI, method: str
) -> None:
    first, second = await transaction_ids(app, method)
    assert first != second


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
async def test_a_write_runs_in_one_transaction(app: FastAPI, method: str) -> None:
    first, second = await transaction_ids(app, method)
    assert first == second

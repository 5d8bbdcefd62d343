"""`Reads.rows`: a Core query of each shape compiled once, run on the driver's connection."""

from typing import Any

import pytest
from fastapi import FastAPI
from sample_app import Item
from sqlalchemy import JSON, Select, cast, literal, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from servicekit.db import Reads, make_reads, one_of


async def test_rows_answer_each_query_of_one_shape_with_its_own_values(
    app: FastAPI, db_session: AsyncSession, db_connection: AsyncConnection
) -> None:
    db_session.add_all(
        [Item(name=n, colour=c) for n, c in [("a", "red"), ("b", "blue"), ("c", "red")]]
    )
    await db_session.flush()
    reads: Reads = app.state.reads  # the test's connection: it sees the rows above

    def colours(*wanted: str) -> Select[Any]:
        return select(Item.__table__).where(one_of(Item.colour, wanted)).order_by(Item.name)

    red = await reads.rows(colours("red"))
    both = await reads.rows(colours("red", "blue"))
    assert [(r["name"], r["colour"]) for r in red] == [("a", "red"), ("c", "red")]
    assert [r["name"] for r in both] == ["a", "b", "c"]
    assert await reads.rows(colours("green")) == []
    # One compiled statement served the three: the values are parameters, not structure.
    assert len(reads._statements) == 1


async def test_rows_refuse_what_the_driver_would_answer_differently(app: FastAPI) -> None:
    reads = make_reads(app.state.engine)
    with pytest.raises(TypeError, match="one_of"):
        await reads.rows(select(Item.__table__).where(Item.colour.in_(["red", "blue"])))
    with pytest.raises(TypeError, match="plain columns"):
        await reads.rows(select(cast(literal("{}"), JSON).label("doc")))

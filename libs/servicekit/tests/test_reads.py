"""`Reads.rows`: a Core query of each shape compiled once, run on the driver's connection."""

import enum
from typing import Any

from fastapi import FastAPI
from sample_app import Item
from sqlalchemy import JSON, Select, cast, literal, select
from sqlalchemy import Enum as SAEnum
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from servicekit.db import Reads, one_of


class Colour(enum.Enum):
    red = "red"
    blue = "blue"


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


async def test_rows_the_driver_would_answer_differently_go_through_the_core(
    app: FastAPI, db_session: AsyncSession, db_connection: AsyncConnection
) -> None:
    db_session.add_all([Item(name=n, colour=c) for n, c in [("a", "red"), ("b", "blue")]])
    await db_session.flush()
    reads: Reads = app.state.reads
    # An expanding IN renders one parameter per value: SQLAlchemy runs it.
    listed = await reads.rows(
        select(Item.__table__).where(Item.colour.in_(["red", "blue"])).order_by(Item.name)
    )
    assert [(r["name"], r.colour) for r in listed] == [("a", "red"), ("b", "blue")]
    # An enum class changes the driver's text on its way out: SQLAlchemy does it.
    colour = cast(Item.colour, SAEnum(Colour, native_enum=False)).label("colour")
    [enum_row] = await reads.rows(select(colour).where(Item.name == "a"))
    assert enum_row.colour is Colour.red
    # JSON is decoded by the dialect's codec on the connection: the driver's path gives it.
    [doc] = await reads.rows(select(cast(literal('{"a": [1, 2]}'), JSON).label("doc")))
    assert doc["doc"] == {"a": [1, 2]}
    assert doc.doc == {"a": [1, 2]}

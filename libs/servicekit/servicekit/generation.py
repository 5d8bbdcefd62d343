"""Answers computed from much of a service's data, remembered until that data changes.

A service's schema holds one number, its data generation, that every committed write
advances: a deferred trigger on each of its tables (`track_changes`) adds one when a
transaction that changed a row commits, once per transaction, in that transaction. So a
reader that sees generation `g` sees every write committed up to it, whichever process or
connection wrote it (a migration, `alue seed`, psql), and the first read after a commit
sees the next number.

A read that computes its answer from many rows (an area's profile) takes `Remembered`:
its answer is keyed by the generation and what the request asks; its strong ETag is a
hash of that key, so `If-None-Match` is answered 304 before anything is computed, and an
answer already computed for the key is sent from a bounded in-process cache. A write
makes the key new, so the next read computes afresh. Only 200 answers are remembered.

The deferred trigger takes the generation row's lock at commit, after the transaction's
own statements: writers queue there for a moment, and as the lock holder waits for no
other lock, no deadlock can form around it.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy import BigInteger, CheckConstraint, Column, MetaData, SmallInteger, Table, select

from servicekit.auth import Principal, current_principal
from servicekit.db import Reads
from servicekit.provision import AUDIT_TABLE

GENERATION_TABLE = "data_generation"
# Tables whose rows are no data of the service's.
# The audit trail is written with the data it records, which advances the generation itself.
UNTRACKED = frozenset({GENERATION_TABLE, "alembic_version", AUDIT_TABLE})
CACHE_SIZE = 256


def generation_table(metadata: MetaData) -> Table:
    """The one-row table of the schema's data generation; each service adds it to its
    metadata, and its migration runs `generation_ddl` (the row, the function, the triggers)."""
    return Table(
        GENERATION_TABLE,
        metadata,
        Column("id", SmallInteger, primary_key=True),
        Column("generation", BigInteger, nullable=False),
        CheckConstraint("id = 1", name="one_row"),
    )


def generation_ddl(schema: str) -> list[str]:
    """The row, the function the triggers run, and a trigger on every table now in `schema`.

    A table added by a later migration gets its triggers with `track_changes`;
    `servicekit.testing.assert_changes_tracked` fails while one has none.
    """
    untracked = ", ".join(f"'{name}'" for name in sorted(UNTRACKED))
    return [
        f"INSERT INTO {schema}.{GENERATION_TABLE} (id, generation) VALUES (1, 1)",
        f"""
        CREATE FUNCTION {schema}.advance_data_generation() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            -- Once per statement that fires it: the triggers are deferred to the commit, so
            -- once per transaction (a test that sets them immediate: once per statement).
            -- The flag is local to the transaction.
            IF current_setting('{schema}.generation_advanced', true)
                IS DISTINCT FROM statement_timestamp()::text THEN
                PERFORM set_config(
                    '{schema}.generation_advanced', statement_timestamp()::text, true
                );
                UPDATE {schema}.{GENERATION_TABLE} SET generation = generation + 1;
            END IF;
            RETURN NULL;
        END
        $$
        """,
        f"""
        CREATE FUNCTION {schema}.track_changes(name text) RETURNS void
        LANGUAGE plpgsql AS $$
        BEGIN
            -- Deferred: runs at commit, so the generation moves with the data it stands for.
            EXECUTE format(
                'CREATE CONSTRAINT TRIGGER data_generation '
                'AFTER INSERT OR UPDATE OR DELETE ON {schema}.%I '
                'DEFERRABLE INITIALLY DEFERRED FOR EACH ROW '
                'EXECUTE FUNCTION {schema}.advance_data_generation()', name);
            EXECUTE format(
                'CREATE TRIGGER data_generation_truncate AFTER TRUNCATE ON {schema}.%I '
                'FOR EACH STATEMENT EXECUTE FUNCTION {schema}.advance_data_generation()', name);
        END
        $$
        """,
        f"SELECT {schema}.track_changes(tablename) FROM pg_tables "
        f"WHERE schemaname = '{schema}' AND tablename NOT IN ({untracked})",
    ]


def track_changes(schema: str, table: str) -> str:
    """The statement that makes `table`'s writes advance the generation (a new table)."""
    return f"SELECT {schema}.track_changes('{table}')"


class AnswerCache:
    """The answers of the current generation, the least recently asked dropped past `size`."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self._size = size
        self._generation = -1
        self._answers: OrderedDict[Hashable, bytes] = OrderedDict()

    def get(self, generation: int, key: Hashable) -> bytes | None:
        if generation != self._generation:
            return None
        body = self._answers.get(key)
        if body is not None:
            self._answers.move_to_end(key)
        return body

    def put(self, generation: int, key: Hashable, body: bytes) -> None:
        if generation < self._generation:
            return  # computed from older data than answers already kept
        if generation > self._generation:
            self._answers.clear()
            self._generation = generation
        self._answers[key] = body
        if len(self._answers) > self._size:
            self._answers.popitem(last=False)


class Remembered:
    """A computed read's answer for the current data generation; see the module docstring."""

    def __init__(self, request: Request, cache: AnswerCache, if_none_match: str | None) -> None:
        self._request, self._cache = request, cache
        self._if_none_match = if_none_match

    async def answer(
        self, key: tuple[Hashable, ...], compute: Callable[[], Awaitable[BaseModel]]
    ) -> Response:
        """The answer `compute` gives for `key` (what the request asks, beyond the route's
        path, which is part of it) as JSON, with its ETag; 304 when the client holds it."""
        generation = await current_generation(self._request.app)
        route = self._request.scope.get("route")
        full_key = (getattr(route, "path_format", None), *self._request.path_params.items(), *key)
        etag = _etag(generation, full_key)
        headers = {"ETag": etag}
        if self._if_none_match is not None and etag in {
            tag.strip() for tag in self._if_none_match.split(",")
        }:
            return Response(status_code=304, headers=headers)
        body = self._cache.get(generation, full_key)
        if body is None:
            answer = await compute()
            body = answer.__pydantic_serializer__.to_json(answer)
            self._cache.put(generation, full_key, body)
        return Response(body, media_type="application/json", headers=headers)


class Generation(BaseModel):
    generation: int


def generation_router() -> APIRouter:
    """`GET /v1/generation`: the number itself, for a caller that keeps what it composed from
    this service's answers (the gateway's plans) and must know when that data changed."""
    router = APIRouter(tags=["generation"])

    @router.get("/v1/generation")
    async def read_generation(
        request: Request, _: Annotated[Principal, Depends(current_principal)]
    ) -> Generation:
        """The data generation: it grows with every committed write to this service's data."""
        return Generation(generation=await current_generation(request.app))

    return router


async def current_generation(app: Any) -> int:
    table: Table = app.state.generation_table
    reads: Reads = app.state.reads
    [row] = await reads.rows(select(table.c.generation))
    generation: int = row["generation"]
    return generation


def _etag(generation: int, key: tuple[Any, ...]) -> str:
    return '"g' + hashlib.sha256(repr((generation, key)).encode()).hexdigest()[:32] + '"'


async def remembered(
    request: Request,
    if_none_match: Annotated[
        str | None,
        Header(
            alias="If-None-Match",
            description="ETags the client holds; a match answers 304 Not Modified with no body.",
        ),
    ] = None,
) -> Remembered:
    return Remembered(request, request.app.state.answer_cache, if_none_match)


RememberedRead = Annotated[Remembered, Depends(remembered)]

"""`Idempotency-Key` for creating POSTs.

A creating route takes its principal through `idempotent(authorise)`, on a router whose
`route_class` is `IdempotentRoute`. The principal is authorised first, so an outsider gets
the route's usual 401, 403 or 404, never a stored answer. Then the key is claimed in the
request's own database session, scoped by principal, method, route template and area (the
`area_id` path parameter, when there is one), and the route runs. Before the session
commits, its answer is stored with the claim: a crash leaves the write and its answer, or
neither. A second request with the same key waits on the first's uncommitted claim and
then replays its answer (`Idempotent-Replayed: true`); with another body it is 422. Keys
expire after 24 hours. Only successful answers are kept: a failed request rolls its claim
back with its write, so it may be retried with the same key.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Awaitable, Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Header, Request, Response
from sqlalchemy import (
    Column,
    ColumnElement,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit.auth import Principal
from servicekit.bodies import JsonBodyRoute
from servicekit.db import DbSession
from servicekit.errors import Conflict, FieldError, UnprocessableContent, raises

IDEMPOTENCY_TABLE = "idempotency_key"
TTL = dt.timedelta(hours=24)
MAX_KEY_LENGTH = 255
# Set per request by the host: the route's answer carries its own.
_UNSTORED_HEADERS = {"content-length", "date", "server", "x-request-id"}


def idempotency_table(metadata: MetaData) -> Table:
    """The table of stored answers; each service adds it to its metadata and migrations."""
    return Table(
        IDEMPOTENCY_TABLE,
        metadata,
        Column("principal", String(255), primary_key=True),
        Column("method", String(10), primary_key=True),
        Column("route", String(255), primary_key=True),
        # The `area_id` path parameter, or "" for a route outside any area.
        Column("area", String(255), primary_key=True),
        Column("key", String(MAX_KEY_LENGTH), primary_key=True),
        Column("fingerprint", String(64), nullable=False),
        # NULL only inside the claiming transaction, which stores the answer before it commits.
        Column("status_code", Integer),
        Column("headers", JSONB),
        Column("body", LargeBinary),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    )


class _Replay(Exception):
    def __init__(self, response: Response) -> None:
        super().__init__()
        self.response = response


class _Claim:
    def __init__(self, session: AsyncSession, table: Table, where: list[ColumnElement[bool]]):
        self.session, self.table, self.where = session, table, where

    async def store(self, response: Response) -> None:
        headers = [
            [name.decode("latin-1"), value.decode("latin-1")]
            for name, value in response.headers.raw
            if name.decode("latin-1").lower() not in _UNSTORED_HEADERS
        ]
        await self.session.execute(
            update(self.table)
            .where(*self.where)
            .values(status_code=response.status_code, headers=headers, body=bytes(response.body))
        )

    async def release(self) -> None:
        await self.session.execute(delete(self.table).where(*self.where))


class IdempotentRoute(JsonBodyRoute):
    """Stores a claimed key's answer in the request's transaction, and sends replays."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()
        if "POST" not in (self.methods or ()):
            # Only a creating POST claims a key: the other routes answer without the wrapper.
            return handle

        async def handler(request: Request) -> Response:
            try:
                response = await handle(request)
            except _Replay as replay:
                return replay.response
            claim: _Claim | None = getattr(request.state, "idempotency_claim", None)
            if claim is not None:
                if 200 <= response.status_code < 300:
                    await claim.store(response)
                else:
                    await claim.release()
            return response

        return handler


_KEY_DESCRIPTION = (
    "Makes a retry safe: the same key and body from the same principal replays the first "
    "answer instead of creating again; the same key with another body is 422. Kept 24 hours."
)


def idempotent(authorise: Callable[..., Awaitable[Principal]]) -> Callable[..., Any]:
    """A dependency for a creating POST: the principal `authorise` yields, once the request's
    `Idempotency-Key` (when sent) is claimed or its stored answer replayed."""

    @raises(Conflict, UnprocessableContent)
    async def dependency(
        request: Request,
        session: DbSession,
        principal: Annotated[Principal, Depends(authorise)],
        key: Annotated[
            str | None,
            Header(
                alias="Idempotency-Key",
                min_length=1,
                max_length=MAX_KEY_LENGTH,
                description=_KEY_DESCRIPTION,
            ),
        ] = None,
    ) -> Principal:
        if key is not None:
            await _claim(request, session, principal.sub, key.strip())
        return principal

    return dependency


async def _claim(request: Request, session: AsyncSession, principal: str, key: str) -> None:
    route = request.scope.get("route")
    if not isinstance(route, IdempotentRoute) or "POST" not in (route.methods or ()):
        raise RuntimeError("idempotent() is for POST routes of an IdempotentRoute router")
    table: Table = request.app.state.idempotency_table
    scope = {
        "principal": principal,
        "method": request.method,
        "route": route.path_format,
        "area": str(request.path_params.get("area_id", "")),
        "key": key,
    }
    where = [table.c[name] == value for name, value in scope.items()]
    fingerprint = request_fingerprint(
        request.method, request.url.path, request.url.query, await request.body()
    )
    await session.execute(delete(table).where(*where, table.c.created_at < func.now() - TTL))
    # A concurrent request with this key waits here until the first one's transaction ends.
    inserted = await session.execute(
        insert(table)
        .values(**scope, fingerprint=fingerprint)
        .on_conflict_do_nothing()
        .returning(table.c.key)
    )
    if inserted.first() is not None:
        request.state.idempotency_claim = _Claim(session, table, where)
        return
    stored = (await session.execute(select(table).where(*where))).first()
    if stored is None:  # expired and deleted between the two statements
        raise Conflict("The stored answer for this Idempotency-Key has just expired; retry.")
    if stored.fingerprint != fingerprint:
        raise UnprocessableContent(
            "This Idempotency-Key was used with a different request; use a new key.",
            [FieldError("Idempotency-Key", "already used with another request body", in_="header")],
        )
    headers = dict(stored.headers)
    headers["Idempotent-Replayed"] = "true"
    raise _Replay(Response(content=stored.body, status_code=stored.status_code, headers=headers))


def request_fingerprint(method: str, path: str, query: str, body: bytes) -> str:
    """What makes two requests "the same": method, path, query and the JSON body's content."""
    digest = hashlib.sha256(f"{method} {path}?{query}\n".encode())
    try:
        # The same JSON with other whitespace or key order is the same request.
        digest.update(json.dumps(json.loads(body), sort_keys=True).encode())
    except (ValueError, RecursionError):
        digest.update(body)
    return digest.hexdigest()

"""`Idempotency-Key` for creating POSTs.

The first request with a key runs and its answer is stored in the service's own
schema with the principal and a fingerprint of the request. The same key and
body from the same principal replays that answer; the same key with another
body is refused (422); a key whose first request is still running answers 409.
Keys expire after 24 hours. Only successful answers are kept, so a request
that failed may be retried with the same key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    delete,
    func,
    select,
)
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from servicekit.auth import TokenVerifier
from servicekit.errors import (
    Conflict,
    FieldError,
    ServiceError,
    Unauthorized,
    UnprocessableContent,
    error_body,
)

HEADER = b"idempotency-key"
TTL = dt.timedelta(hours=24)
MAX_KEY_LENGTH = 255


def idempotency_table(metadata: MetaData) -> Table:
    """The table of stored answers; each service adds it to its metadata and first migration."""
    return Table(
        "idempotency_key",
        metadata,
        Column("principal", String(255), primary_key=True),
        Column("key", String(MAX_KEY_LENGTH), primary_key=True),
        Column("fingerprint", String(64), nullable=False),
        Column("status_code", Integer),
        Column("headers", JSONB),
        Column("body", LargeBinary),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    )


class IdempotencyMiddleware:
    """Applies the rules above to every POST that carries an `Idempotency-Key` header."""

    def __init__(self, app: ASGIApp, *, table: Table) -> None:
        self.app = app
        self.table = table

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = _header(scope, HEADER)
        if scope["type"] != "http" or scope["method"] != "POST" or key is None:
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        replay_receive = _replaying(body)
        state = scope["app"].state
        try:
            principal = await _principal(scope, state.token_verifier)
        except Unauthorized:
            # Let the route answer 401 in its usual shape.
            await self.app(scope, replay_receive, send)
            return
        if not key or len(key) > MAX_KEY_LENGTH:
            error = UnprocessableContent(
                "Idempotency-Key must be 1-255 characters.",
                [FieldError("Idempotency-Key", "must be 1-255 characters", in_="header")],
            )
            await _send_problem(send, error, scope)
            return
        fingerprint = request_fingerprint(scope, body)
        store = _Store(state.sessionmaker, self.table, principal, key)
        outcome = await store.claim(fingerprint)
        if isinstance(outcome, ServiceError):
            await _send_problem(send, outcome, scope)
            return
        if outcome is not None:
            await _send_stored(send, outcome)
            return
        await self._run_and_store(scope, replay_receive, send, store)

    async def _run_and_store(
        self, scope: Scope, receive: Receive, send: Send, store: _Store
    ) -> None:
        # The answer is held until it is stored: a client that retries the moment it has the
        # answer must get the replay, not "still in progress".
        messages: list[Message] = []

        async def hold(message: Message) -> None:
            messages.append(message)

        try:
            await self.app(scope, receive, hold)
        except BaseException:
            await store.release()
            raise
        start = next((m for m in messages if m["type"] == "http.response.start"), {})
        status = int(start.get("status", 500))
        if 200 <= status < 300:
            headers = [
                [k.decode("latin-1"), v.decode("latin-1")]
                for k, v in start.get("headers", [])
                if k.lower() not in (b"x-request-id", b"content-length", b"date", b"server")
            ]
            body = b"".join(
                m.get("body", b"") for m in messages if m["type"] == "http.response.body"
            )
            await store.complete(status, headers, body)
        else:
            await store.release()
        for message in messages:
            await send(message)


class _Store:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        table: Table,
        principal: str,
        key: str,
    ) -> None:
        self.sessionmaker, self.table = sessionmaker, table
        self.principal, self.key = principal, key
        self._where = (table.c.principal == principal, table.c.key == key)

    async def claim(self, fingerprint: str) -> dict[str, Any] | ServiceError | None:
        """None: this request owns the key now. A dict: a stored answer. An error: refuse."""
        async with self.sessionmaker() as session:
            await session.execute(
                delete(self.table).where(*self._where, self.table.c.created_at < func.now() - TTL)
            )
            inserted = await session.execute(
                insert(self.table)
                .values(principal=self.principal, key=self.key, fingerprint=fingerprint)
                .on_conflict_do_nothing()
                .returning(self.table.c.key)
            )
            claimed = inserted.first() is not None
            row = None
            if not claimed:
                row = (await session.execute(select(self.table).where(*self._where))).first()
            await session.commit()
        if claimed:
            return None
        if row is None:
            return _conflict("The first request with this key has just finished; retry.")
        if row.fingerprint != fingerprint:
            return _unprocessable()
        if row.status_code is None:
            return _conflict("A request with this Idempotency-Key is still in progress.")
        return {"status": row.status_code, "headers": row.headers, "body": row.body}

    async def complete(self, status: int, headers: list[list[str]], body: bytes) -> None:
        async with self.sessionmaker() as session:
            await session.execute(
                self.table.update()
                .where(*self._where)
                .values(status_code=status, headers=headers, body=body)
            )
            await session.commit()

    async def release(self) -> None:
        async with self.sessionmaker() as session:
            await session.execute(delete(self.table).where(*self._where))
            await session.commit()


def _conflict(detail: str) -> ServiceError:
    return Conflict(detail)


def _unprocessable() -> ServiceError:
    return UnprocessableContent(
        "This Idempotency-Key was used with a different request; use a new key.",
        [FieldError("Idempotency-Key", "already used with another request body", in_="header")],
    )


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1")).strip()
    return None


async def _principal(scope: Scope, verifier: TokenVerifier) -> str:
    header = _header(scope, b"authorization") or ""
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized()
    return (await verifier.verify(token.strip())).sub


def request_fingerprint(scope: Scope, body: bytes) -> str:
    """What makes two requests "the same": method, path, query and the JSON body's content."""
    digest = hashlib.sha256()
    digest.update(scope["method"].encode() + b" " + scope["path"].encode() + b"?")
    digest.update(scope.get("query_string", b"") + b"\n")
    try:
        # The same JSON with other whitespace or key order is the same request.
        digest.update(json.dumps(json.loads(body), sort_keys=True).encode())
    except ValueError:
        digest.update(body)
    return digest.hexdigest()


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replaying(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


async def _send_stored(send: Send, stored: dict[str, Any]) -> None:
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in stored["headers"]]
    headers.append((b"idempotent-replayed", b"true"))
    headers.append((b"content-length", str(len(stored["body"])).encode()))
    await send({"type": "http.response.start", "status": stored["status"], "headers": headers})
    await send({"type": "http.response.body", "body": stored["body"]})


async def _send_problem(send: Send, error: ServiceError, scope: Scope) -> None:
    status = error.status
    body = json.dumps(error_body(error, scope)).encode()
    headers = [
        (b"content-type", b"application/problem+json"),
        (b"content-length", str(len(body)).encode()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})

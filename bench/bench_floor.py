"""The floor: the municipality page with as little as a Python service can do for it.

    .venv/bin/python -m uvicorn bench.bench_floor:build_app --factory --port 8099

Starlette, a raw asyncpg pool, orjson and the same HS256 verification as servicekit's
(`jwt.decode` with the same algorithm, audience, issuer and required claims) serve
`GET /v1/municipalities?limit=50`: the same 50 rows and the same JSON as the areas
service. No validation, no middleware, no ORM, no transaction. `bench.bench_gateway`
starts it next to the system and measures it in the same run, so the service's CPU per
request can be read against what the same work costs at the least.

Environment: FLOOR_DATABASE_URL (the areas service's URL) and ALUE_JWT_SECRET.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import jwt
import orjson
from sqlalchemy.engine import make_url
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

QUERY = (
    "SELECT code, name_fi, name_sv, region, lat, lon FROM areas.municipality ORDER BY code LIMIT $1"
)
ISSUER = AUDIENCE = "alue"


def libpq_url(url: str) -> str:
    """A SQLAlchemy URL (`postgresql+asyncpg://…`) as asyncpg takes it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def build_app() -> Starlette:
    dsn = libpq_url(os.environ["FLOOR_DATABASE_URL"])
    secret = os.environ["ALUE_JWT_SECRET"]
    pools: list[asyncpg.Pool] = []

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        pools.append(await asyncpg.create_pool(dsn, min_size=10, max_size=10))
        try:
            yield
        finally:
            await pools[0].close()

    async def municipalities(request: Request) -> Response:
        _, _, token = request.headers.get("authorization", "").partition(" ")
        try:
            jwt.decode(
                token,
                secret,
                algorithms=["HS256"],
                audience=AUDIENCE,
                issuer=ISSUER,
                options={"require": ["sub", "exp", "iss", "aud"]},
            )
        except jwt.PyJWTError:
            return Response(status_code=401)
        limit = int(request.query_params.get("limit", "50"))
        rows = await pools[0].fetch(QUERY, limit + 1)
        items = [dict(row) for row in rows[:limit]]
        next_cursor = None
        if len(rows) > limit:
            raw = json.dumps([items[-1]["code"]], separators=(",", ":")).encode()
            next_cursor = base64.urlsafe_b64encode(raw).decode().rstrip("=")
        body = orjson.dumps({"items": items, "next_cursor": next_cursor})
        return Response(body, media_type="application/json")

    async def readyz(request: Request) -> Response:
        return Response(b'{"status":"ready","service":"floor"}', media_type="application/json")

    routes = [Route("/v1/municipalities", municipalities), Route("/readyz", readyz)]
    return Starlette(routes=routes, lifespan=lifespan)

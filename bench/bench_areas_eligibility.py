"""The formation check on a national-sized border graph, and a 100,000-row statistics upsert.

    .venv/bin/python -m bench.bench_areas_eligibility [--repeats 300] [--json FILE]

Uses DATABASE_URL if set, otherwise an embedded PostgreSQL in a throw-away folder; creates
a fresh database, runs the areas migrations as the service's own role, loads the demo data
(292 mainland municipalities) and replaces the borders with a generated national graph: the
codes placed at random on a 17 x 18 grid, each cell bordering its right, lower and
lower-right cells (a triangulation: about six neighbours each, like Finland's
municipalities), connected. A set of n is the first n cells in grid order: contiguous.

Measured, each as p50 / p95 over `--repeats` runs after a warm-up:
- the pure check (`check_formation`) on prepared figures and borders;
- the service function (`check_eligibility`) in a fresh session as a request has it: the
  reference-data token query on a pooled connection, the cached figures and borders, and
  the pure check; this is the server-side time of the check; with it the CPU time per
  check of this process and of the database backend (Linux /proc), which a busy machine
  does not inflate the way it does wall time;
- the same inside an already open session, and with the cache cleared before each call
  (token, municipality codes, all borders, and every municipality's latest figure);
- `POST /v1/eligibility` in-process (ASGI: token check, validation, JSON both ways);
for sets of 10, 50 and 292 municipalities, with 60 months of labour force each.
Then `PUT /v1/statistics` with 100,000 rows, in-process and once over loopback HTTP
(uvicorn), first as inserts and again as updates of the same keys.
Targets: check p50 <= 5 ms; 100,000 rows <= 10 s.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import random
import socket
import statistics
import tempfile
import threading
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI
from sqlalchemy import delete, text

from areas.config import DB_ROLE, MIGRATIONS_DIR, SCHEMA, AreasSettings
from areas.demo import load_demo_data, municipality_rows
from areas.indicators import INDICATORS
from areas.main import build_app
from areas.models import Border
from areas.repository import borders as borders_repository
from areas.rules.formation import check_formation
from areas.service.eligibility import check_eligibility
from areas.service.labour_force import read_members, reference_cache
from servicekit import provision
from servicekit.auth import mint_token
from servicekit.db import seeding_session
from servicekit.embedded import start_embedded
from servicekit.migrations import upgrade

TARGETS = {"check_p50_ms_max": 5.0, "bulk_100k_s_max": 10.0}
GRID_COLUMNS = 17
SET_SIZES = (10, 50, 292)
AS_OF = "2024-06"
BULK_ROWS = 100_000
WARM_UP = 10
SECRET = "bench-secret-for-the-areas-eligibility-benchmark-0123456789"


def national_graph(codes: list[str], seed: int = 3) -> list[tuple[str, str]]:
    """A connected planar-like graph on `codes`: a triangulated grid, shuffled positions."""
    placed = codes[:]
    random.Random(seed).shuffle(placed)
    at = {(i // GRID_COLUMNS, i % GRID_COLUMNS): code for i, code in enumerate(placed)}
    edges = []
    for (row, col), code in at.items():
        for d_row, d_col in ((0, 1), (1, 0), (1, 1)):
            other = at.get((row + d_row, col + d_col))
            if other is not None:
                edges.append((code, other))
    return edges


def grid_order(codes: list[str], seed: int = 3) -> list[str]:
    """Codes in grid order, so that a prefix is a contiguous block (a realistic area)."""
    placed = codes[:]
    random.Random(seed).shuffle(placed)
    return placed


def months(first_year: int, last_year: int) -> list[str]:
    return [f"{y}-{m:02d}" for y in range(first_year, last_year + 1) for m in range(1, 13)]


def statistic_rows(
    codes: list[str], indicators: list[str], periods: list[str]
) -> list[dict[str, Any]]:
    rng = random.Random(7)
    return [
        {
            "municipality_code": code,
            "indicator": indicator,
            "period": period,
            "value": rng.randint(500, 60_000),
            "unit": "persons",
            "source": "bench: generated",
            "source_url": "https://example.org/bench",
            "is_estimate": True,
            "retrieved_at": "2026-11-28T00:00:00Z",
        }
        for code in codes
        for indicator in indicators
        for period in periods
    ]


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 3),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 3),
        "n": len(ordered),
    }


async def timed(fn: Callable[[], Awaitable[Any]], repeats: int) -> list[float]:
    for _ in range(WARM_UP):
        await fn()
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        await fn()
        samples.append(time.perf_counter() - started)
    return samples


async def prepare(app: FastAPI) -> list[str]:
    """The demo data with the generated national graph as its borders; returns the codes."""
    async with seeding_session(app.state.engine) as session:
        await load_demo_data(session)
        await session.commit()
    codes = sorted(str(row["code"]) for row in municipality_rows())
    graph = national_graph(codes)
    async with seeding_session(app.state.engine) as session:
        await session.execute(delete(Border))
        await borders_repository.upsert_borders(
            session,
            codes=[a for a, _ in graph],
            neighbour_codes=[b for _, b in graph],
            sources=["bench: generated grid"] * len(graph),
        )
        await session.commit()
    return codes


async def bench_set(
    app: FastAPI, http: httpx.AsyncClient, token: str, members: list[str], repeats: int
) -> dict[str, Any]:
    async with seeding_session(app.state.engine) as session:
        facts = await read_members(
            session,
            municipality_codes=members,
            as_of=AS_OF,
            field="municipality_codes",
            with_borders=True,
        )

    async def pure() -> None:
        check_formation(
            municipality_codes=members, labour_force=facts.figures, borders=facts.borders
        )

    async def service() -> None:
        async with seeding_session(app.state.engine) as session:
            await check_eligibility(session, municipality_codes=members, as_of=AS_OF)

    async def service_cold() -> None:
        reference_cache.clear()
        await service()

    body = json.dumps({"municipality_codes": members, "as_of": AS_OF}).encode()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    async def endpoint() -> None:
        response = await http.post("/v1/eligibility", content=body, headers=headers)
        assert response.status_code == 200, response.text

    backend = await backend_pid(app)
    before = cpu_seconds(backend)
    service_samples = await timed(service, repeats)
    return {
        "pure": summary(await timed(pure, repeats)),
        "service": summary(service_samples) | cpu_per_call(backend, before, repeats + WARM_UP),
        "service_in_open_session": summary(await timed_in_session(app, members, repeats)),
        "service_cold_cache": summary(await timed(service_cold, repeats)),
        "endpoint_in_process": summary(await timed(endpoint, repeats)),
    }


async def timed_in_session(app: FastAPI, members: list[str], repeats: int) -> list[float]:
    """The service function inside a request's session whose connection is already checked
    out: the check itself, without the pool and transaction start every endpoint pays."""
    async with seeding_session(app.state.engine) as session:
        await session.connection()

        async def check() -> None:
            await check_eligibility(session, municipality_codes=members, as_of=AS_OF)

        return await timed(check, repeats)


async def backend_pid(app: FastAPI) -> int:
    """The database process serving the pool's connection (sequential calls reuse it)."""
    async with seeding_session(app.state.engine) as session:
        return int((await session.execute(text("SELECT pg_backend_pid()"))).scalar_one())


def cpu_seconds(pid: int) -> tuple[float, float] | None:
    """CPU seconds used so far by this process and by database process `pid` (Linux /proc;
    None when the database is elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    return time.process_time(), (int(fields[11]) + int(fields[12])) / ticks


def cpu_per_call(pid: int, before: tuple[float, float] | None, calls: int) -> dict[str, float]:
    """CPU time per check, this process plus the database backend: what the check costs
    whatever else the machine runs (wall times above include waiting for a busy CPU)."""
    after = cpu_seconds(pid)
    if before is None or after is None:
        return {}
    return {
        "cpu_ms_app": round((after[0] - before[0]) / calls * 1000, 3),
        "cpu_ms_database": round((after[1] - before[1]) / calls * 1000, 3),
    }


async def bench_checks(
    app: FastAPI, http: httpx.AsyncClient, token: str, ordered: list[str], repeats: int
) -> dict[str, Any]:
    return {
        str(size): await bench_set(app, http, token, ordered[:size], repeats) for size in SET_SIZES
    }


async def bulk_put(http: httpx.AsyncClient, token: str, body: bytes) -> float:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    started = time.perf_counter()
    response = await http.put("/v1/statistics", content=body, headers=headers, timeout=120)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.text[:500]
    assert response.json() == {"written": BULK_ROWS}
    return round(elapsed, 3)


def bulk_body(codes: list[str], value_shift: int) -> bytes:
    # 292 x 10 indicators x 35 months = 102,200 keys; the first 100,000 of them.
    indicators = list(INDICATORS)
    rows = statistic_rows(codes, indicators, months(2015, 2017)[:35])[:BULK_ROWS]
    for row in rows:
        row["value"] += value_shift
    return json.dumps({"statistics": rows}).encode()


def serve(app: FastAPI) -> tuple[uvicorn.Server, int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, port


async def bench_bulk(
    app: FastAPI, http: httpx.AsyncClient, token: str, codes: list[str]
) -> dict[str, Any]:
    results = {
        "in_process_insert_s": await bulk_put(http, token, bulk_body(codes, 0)),
        "in_process_update_s": await bulk_put(http, token, bulk_body(codes, 1)),
    }
    return results


async def bench_bulk_loopback(url: str, codes: list[str]) -> dict[str, Any]:
    """The same upsert through uvicorn on loopback, in a fresh app (its own event loop)."""
    settings = AreasSettings.model_validate(
        {"database_url": url, "ALUE_JWT_SECRET": SECRET, "ALUE_DEV_MODE": "false"}
    )
    app = build_app(settings)
    token = mint_token(settings, sub="bench", roles=["admin"], areas=[], ttl_seconds=3600)
    server, port = serve(app)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
            return {
                "loopback_update_s": await bulk_put(http, token, bulk_body(codes, 2)),
                "loopback_update_again_s": await bulk_put(http, token, bulk_body(codes, 3)),
            }
    finally:
        server.should_exit = True


async def run(admin_url: str, repeats: int) -> dict[str, Any]:
    name = f"alue_bench_{uuid.uuid4().hex[:8]}"
    await provision.create_database(admin_url, name)
    try:
        database_url = provision.with_database(admin_url, name)
        await provision.ensure_service_role(database_url, role=DB_ROLE, schema=SCHEMA)
        url = provision.role_url(database_url, DB_ROLE, None)
        await asyncio.to_thread(upgrade, MIGRATIONS_DIR, url, SCHEMA)
        return await measure(url, repeats)
    finally:
        await provision.drop_database(admin_url, name)


async def measure(url: str, repeats: int) -> dict[str, Any]:
    settings = AreasSettings.model_validate(
        {"database_url": url, "ALUE_JWT_SECRET": SECRET, "ALUE_DEV_MODE": "false"}
    )
    app = build_app(settings)
    admin = mint_token(settings, sub="bench", roles=["admin"], areas=[], ttl_seconds=3600)
    viewer = mint_token(settings, sub="bench", roles=["viewer"], areas=[], ttl_seconds=3600)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            codes = await prepare(app)
            labour = statistic_rows(codes, ["labour_force"], months(2020, 2024))
            await http.put(
                "/v1/statistics",
                content=json.dumps({"statistics": labour}).encode(),
                headers={"Authorization": f"Bearer {admin}", "Content-Type": "application/json"},
                timeout=120,
            )
            checks = await bench_checks(app, http, viewer, grid_order(codes), repeats)
            bulk = await bench_bulk(app, http, admin, codes)
    bulk.update(await bench_bulk_loopback(url, codes))
    return {"checks": checks, "bulk_statistics": bulk}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=300)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    given = os.environ.get("DATABASE_URL")
    with tempfile.TemporaryDirectory(prefix="alue-bench-") as scratch:
        server = None
        if given:
            admin_url = given
        else:
            admin_url, server = start_embedded(Path(scratch) / "pgdata")
        try:
            results = asyncio.run(run(admin_url, args.repeats))
        finally:
            if server is not None:
                server.cleanup()
    results["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version()}
    results["database"] = "DATABASE_URL" if given else "embedded (pgserver, Unix socket)"
    results["at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    worst_p50 = max(c["service"]["p50_ms"] for c in results["checks"].values())
    worst_bulk = max(results["bulk_statistics"].values())
    results["targets"] = TARGETS
    results["met"] = {
        "check_p50": worst_p50 <= TARGETS["check_p50_ms_max"],
        "bulk_100k": worst_bulk <= TARGETS["bulk_100k_s_max"],
    }
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")


if __name__ == "__main__":
    main()

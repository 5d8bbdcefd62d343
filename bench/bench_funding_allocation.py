"""The state-subsidy allocation over the 292 mainland municipalities, in server time.

    .venv/bin/python -m bench.bench_funding_allocation [--repeats 200] [--json FILE]

Uses DATABASE_URL if set, otherwise an embedded PostgreSQL in a throw-away folder; creates
a fresh database and runs the funding migrations as the service's own role. The input is
a national pool of 450 M€ (the base-task variant, reference vos_criteria.csv) over all 292
mainland municipalities with the plan's two criteria at 50 % each: the population of
2024-25 (services/areas/areas/demo/municipalities_mainland.csv) and an unemployed figure
generated as population x a rate drawn from 4-12 % (seeded; no source gives it per
municipality).

Measured, each as p50 / p95 over `--repeats` runs after a warm-up:
- the pure rule (`funding.rules.allocation.allocate`);
- `POST /v1/allocations` in process: the time the app itself takes from receiving the
  request to sending the last byte of its answer (token check, validation, the rule, the
  insert and commit, the JSON answer): the server time. Measured around the ASGI call, so
  no client or transport time is in it; with it the app's CPU time per request.
Target: the server time's p50 <= 20 ms (issue 8).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import datetime as dt
import json
import os
import platform
import random
import statistics
import tempfile
import time
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
from starlette.types import ASGIApp, Receive, Scope, Send

from funding.config import DB_ROLE, MIGRATIONS_DIR, SCHEMA, FundingSettings
from funding.main import build_app
from funding.rules.allocation import Criterion, allocate
from servicekit import provision
from servicekit.auth import mint_token
from servicekit.embedded import start_embedded
from servicekit.migrations import upgrade

TARGETS = {"server_p50_ms_max": 20.0}
WARM_UP = 10
SECRET = "bench-secret-for-the-funding-allocation-benchmark-0123456789"
MAINLAND = Path(__file__).parents[1] / "services/areas/areas/demo/municipalities_mainland.csv"
POOL = "450000000.00"


def allocation_body() -> dict[str, Any]:
    rng = random.Random(292)
    with MAINLAND.open(encoding="utf-8") as f:
        population = {row["code"]: int(row["population"]) for row in csv.DictReader(f)}
    values = {
        code: {"population": people, "unemployed": round(people * rng.uniform(0.04, 0.12))}
        for code, people in population.items()
    }
    return {
        "year": 2026,
        "pool_eur": POOL,
        "criteria": [
            {"name": "population", "weight": "0.5"},
            {"name": "unemployed", "weight": "0.5"},
        ],
        "values": values,
        "label": "Benchmark",
        "source": "bench_funding_allocation.py: generated unemployed figures",
    }


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 3),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 3),
        "n": len(ordered),
    }


def bench_pure(body: dict[str, Any], repeats: int) -> dict[str, float]:
    criteria = [Criterion(c["name"], Decimal(c["weight"])) for c in body["criteria"]]
    values = {
        code: {name: Decimal(v) for name, v in figures.items()}
        for code, figures in body["values"].items()
    }
    samples = []
    for i in range(WARM_UP + repeats):
        started = time.perf_counter()
        parts = allocate(Decimal(POOL), criteria, values)
        if i >= WARM_UP:
            samples.append(time.perf_counter() - started)
    assert sum(p.amount_eur for p in parts) == Decimal(POOL)
    return summary(samples)


class ServerClock:
    """Wraps the app and records how long each request takes inside it, in wall time and
    in this thread's CPU time. In process the client only waits meanwhile, so the CPU time
    is the app's own; unlike wall time it does not grow when other work shares the cores."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.samples: list[float] = []
        self.cpu_samples: list[float] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started, cpu_started = time.perf_counter(), time.thread_time()
        await self.app(scope, receive, send)
        if scope["type"] == "http":
            self.samples.append(time.perf_counter() - started)
            self.cpu_samples.append(time.thread_time() - cpu_started)


async def bench_endpoint(url: str, body: dict[str, Any], repeats: int) -> dict[str, Any]:
    settings = FundingSettings.model_validate(
        {"database_url": url, "ALUE_JWT_SECRET": SECRET, "ALUE_DEV_MODE": "false"}
    )
    app = build_app(settings)
    token = mint_token(settings, sub="bench", roles=["planner"], areas=[], ttl_seconds=3600)
    content = json.dumps(body).encode()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    clock = ServerClock(app)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=clock)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            client_samples = []
            for _ in range(WARM_UP + repeats):
                started = time.perf_counter()
                response = await http.post("/v1/allocations", content=content, headers=headers)
                client_samples.append(time.perf_counter() - started)
                assert response.status_code == 201, response.text
            answer = response.json()
    assert answer["total_eur"] == POOL
    assert len(answer["parts"]) == len(body["values"])
    return {
        "server": summary(clock.samples[WARM_UP:]),
        "server_cpu": summary(clock.cpu_samples[WARM_UP:]),
        "client_in_process": summary(client_samples[WARM_UP:]),
        "request_bytes": len(content),
        "municipalities": len(answer["parts"]),
    }


async def run(admin_url: str, repeats: int) -> dict[str, Any]:
    name = f"alue_bench_{uuid.uuid4().hex[:8]}"
    await provision.create_database(admin_url, name)
    try:
        database_url = provision.with_database(admin_url, name)
        await provision.ensure_service_role(database_url, role=DB_ROLE, schema=SCHEMA)
        url = provision.role_url(database_url, DB_ROLE, None)
        await asyncio.to_thread(upgrade, MIGRATIONS_DIR, url, SCHEMA)
        body = allocation_body()
        return {
            "pure": bench_pure(body, repeats),
            "endpoint": await bench_endpoint(url, body, repeats),
        }
    finally:
        await provision.drop_database(admin_url, name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200)
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
    results["targets"] = TARGETS
    results["met"] = {
        "server_p50": results["endpoint"]["server"]["p50_ms"] <= TARGETS["server_p50_ms_max"]
    }
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")


if __name__ == "__main__":
    main()

"""The caseload analysis of a large area: 500 positions, 10 municipalities, 8 lines,
5 segments and 24 months of counts.

    .venv/bin/python -m bench.bench_caseload [--repeats 200] [--json FILE]

Uses DATABASE_URL if set, otherwise an embedded PostgreSQL in a throw-away folder; creates
a fresh database, runs the caseload migrations as the service's own role and writes the
area directly: 8 service lines (three with a target), 500 positions (420 in customer
service over the lines and 5 offices, with starts and ends spread over the 24 months, so
that month weighting has work to do), and 24 months x 10 municipalities x 8 lines x 5
segments = 9,600 counts. Nothing else is in the database.

Measured, each as p50 / p95 over `--repeats` runs after a warm-up, for the last month with
`uniform_target=130` (12 months of trend, every position in range):
- the service function (`caseload.service.caseload.analyse`) on `DbReads` as a request
  has it: five queries on pooled connections and the pure computation; this is the
  server-side time of the analysis;
- `GET /v1/areas/bench/caseload?month=...&uniform_target=130` in process over ASGI (token
  check, the same work, the answer's validation and JSON).
Target: the analysis <= 50 ms server time (issue 9).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import insert

from caseload.config import DB_ROLE, MIGRATIONS_DIR, SCHEMA, CaseloadSettings
from caseload.main import build_app
from caseload.models import CustomerCount, CustomerMonth, StaffPosition
from caseload.repository import areas as area_repository
from caseload.rules.months import Month
from caseload.service.caseload import analyse
from caseload.vocabulary import DefaultServiceLine, Segment
from servicekit import provision
from servicekit.auth import mint_token
from servicekit.db import seeding_session
from servicekit.embedded import start_embedded
from servicekit.migrations import upgrade

TARGET_MS = 50.0
AREA = "bench"
FIRST_MONTH = Month(2024, 1)
MONTHS = 24
LAST_MONTH = FIRST_MONTH.shifted(MONTHS - 1)
POSITIONS = 500
MUNICIPALITIES = [f"{n:03d}" for n in range(100, 110)]
LINES = [
    DefaultServiceLine("competence_services", "Osaamispalvelut", 170),
    DefaultServiceLine("multi_sectoral_services", "Monialaiset palvelut", 130),
    DefaultServiceLine("job_matching", "Työnvälityspalvelut", 200),
    DefaultServiceLine("employer_services", "Työnantajapalvelut", None),
    DefaultServiceLine("integration", "Kotoutumispalvelut", None),
    DefaultServiceLine("youth", "Nuorten palvelut", None),
    DefaultServiceLine("career_guidance", "Ammatinvalinta- ja uraohjaus", None),
    DefaultServiceLine("start_ups", "Starttipalvelut", None),
]
WARM_UP = 10
SECRET = "bench-secret-for-the-caseload-benchmark-0123456789abcdef"


def positions(rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    span = (LAST_MONTH.last_day - FIRST_MONTH.first_day).days
    for index in range(POSITIONS):
        customer_service = index < 420
        start = FIRST_MONTH.first_day + dt.timedelta(days=rng.randrange(-365, span))
        ends = rng.random() < 0.3
        rows.append(
            {
                "area_id": AREA,
                "fte": Decimal(rng.choice(["1", "1", "1", "0.8", "0.6", "0.5"])),
                "function": "customer_service" if customer_service else "common_services",
                "service_line": rng.choice(LINES).key if customer_service else None,
                "office_id": rng.randrange(1, 6) if rng.random() < 0.8 else None,
                "origin": rng.choice(["state_transfer", "municipal", "new_hire"]),
                "start_date": start,
                "end_date": start + dt.timedelta(days=rng.randrange(20, 500)) if ends else None,
                "title": "Asiantuntija",
            }
        )
    return rows


def counts(rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    for month in FIRST_MONTH.until(LAST_MONTH):
        for code in MUNICIPALITIES:
            for line in LINES:
                total = rng.randrange(0, 200)
                rows.append(_count(month, code, line.key, Segment.all, total))
                for segment in list(Segment)[1:]:
                    rows.append(_count(month, code, line.key, segment, rng.randrange(0, total + 1)))
    return rows


def _count(month: Month, code: str, line: str, segment: Segment, n: int) -> dict[str, Any]:
    return {
        "area_id": AREA,
        "month": month.first_day,
        "municipality_code": code,
        "service_line": line,
        "segment": segment.value,
        "customers": n,
    }


async def prepare(app: FastAPI) -> int:
    rng = random.Random(9)
    async with seeding_session(app.state.engine) as session:
        await area_repository.add_area(session, AREA, LINES)
        await session.execute(insert(StaffPosition), positions(rng))
        await session.execute(
            insert(CustomerMonth),
            [
                {"area_id": AREA, "month": m.first_day, "is_estimate": True}
                for m in FIRST_MONTH.until(LAST_MONTH)
            ],
        )
        rows = counts(rng)
        await session.execute(insert(CustomerCount), rows)
        await session.commit()
    return len(rows)


async def timed(call: Callable[[], Awaitable[object]], repeats: int) -> dict[str, float]:
    for _ in range(WARM_UP):
        await call()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        await call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
        "max_ms": round(times[-1], 2),
    }


async def measure(url: str, repeats: int) -> dict[str, Any]:
    settings = CaseloadSettings.model_validate(
        {"database_url": url, "ALUE_JWT_SECRET": SECRET, "ALUE_DEV_MODE": "false"}
    )
    app = build_app(settings)
    viewer = mint_token(settings, sub="bench", roles=["viewer"], areas=[AREA], ttl_seconds=3600)
    headers = {"Authorization": f"Bearer {viewer}"}
    path = f"/v1/areas/{AREA}/caseload?month={LAST_MONTH}&uniform_target=130"
    async with app.router.lifespan_context(app):
        count_rows = await prepare(app)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            answer = await http.get(path, headers=headers)
            assert answer.status_code == 200, answer.text

            async def service() -> object:
                return await analyse(
                    app.state.reads, area_id=AREA, month=LAST_MONTH, uniform_target=130
                )

            async def endpoint() -> object:
                return await http.get(path, headers=headers)

            return {
                "data": {
                    "positions": POSITIONS,
                    "municipalities": len(MUNICIPALITIES),
                    "lines": len(LINES),
                    "segments": len(Segment),
                    "months": MONTHS,
                    "count_rows": count_rows,
                },
                "service": await timed(service, repeats),
                "endpoint": await timed(endpoint, repeats),
                "answer_bytes": len(answer.content),
            }


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


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
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
    results["target_ms"] = TARGET_MS
    results["met"] = results["service"]["p50_ms"] <= TARGET_MS
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")


if __name__ == "__main__":
    main()

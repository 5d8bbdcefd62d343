"""The partners service's two heavy reads: the coverage matrix and the partner search.

    .venv/bin/python -m bench.bench_partners [--repeats 200] [--json FILE]

Uses DATABASE_URL if set, otherwise an embedded PostgreSQL in a throw-away folder; creates
a fresh database, migrates the areas and partners schemas as their own roles, loads the
areas demo (the 292 mainland municipalities) and adds an area `bench` of 30 of them (from
2025-01-01). The partners service then holds, written directly:
- 2,000 services of that area, each for 1-3 of the 12 target groups in 1-8 of the 30
  members, 90 % active (seed 11);
- 5,000 partners with names of two or three Finnish words (of 60) and up to three
  provided services, so that a word prefix matches a few per cent of them.

Measured, each as p50 / p95 over `--repeats` runs after a warm-up:
- the coverage: the service function (`partners.service.services.coverage` on `DbReads`,
  asking the real areas app in process for the 30 members and their names, as the route
  does) and `GET /v1/areas/bench/coverage` in process over ASGI;
- the parts of the coverage: the two calls to the areas service (members, then their
  names), and the query of the active services with the pure matrix rule;
- the search: `GET /v1/partners?q=<prefix>` in process over ASGI, cycling through 12
  prefixes of words and services ("työpa", "nuor", "kou", ...), first page of 50.
Targets (issue 11): the coverage <= 50 ms server time; the search p50 <= 20 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import datetime as dt
import itertools
import json
import os
import platform
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert

import areas.config
import areas.demo
import areas.demo_areas
import areas.main
from areas.models import Area, AreaMembership
from areas.repository import areas as area_repository
from partners.config import DB_ROLE, MIGRATIONS_DIR, SCHEMA, PartnersSettings
from partners.main import build_app
from partners.models import Partner, Service
from partners.repository import areas as partner_areas
from partners.repository.services import active_services
from partners.rules.coverage import ServiceReach, coverage_matrix
from partners.service.services import coverage, members_named
from partners.vocabulary import TargetGroup
from servicekit import provision
from servicekit.auth import mint_token
from servicekit.db import create_engine, seeding_session
from servicekit.embedded import start_embedded
from servicekit.migrations import upgrade
from servicekit.peers import PeerCalls, Peers

COVERAGE_TARGET_MS = 50.0
SEARCH_TARGET_MS = 20.0
AREA = "bench"
SERVICES = 2000
PARTNERS = 5000
WARM_UP = 10
SECRET = "bench-secret-for-the-partners-benchmark-0123456789abcdef"
WORDS = [
    "työpaja",
    "nuorten",
    "aikuisten",
    "etsivä",
    "ohjaamo",
    "kotoutuminen",
    "maahanmuuttajat",
    "yrittäjät",
    "kehitysyhtiö",
    "koulutus",
    "oppilaitos",
    "ammatti",
    "opisto",
    "kansalais",
    "yhdistys",
    "järjestö",
    "säätiö",
    "kunta",
    "kaupunki",
    "seudun",
    "järvi",
    "lakeus",
    "pohjanmaa",
    "ranta",
    "metsä",
    "pelto",
    "kylä",
    "keskus",
    "palvelu",
    "valmennus",
    "neuvonta",
    "ohjaus",
    "kuntoutus",
    "sosiaali",
    "terveys",
    "hyvinvointi",
    "liikunta",
    "kulttuuri",
    "urheilu",
    "seurakunta",
    "diakonia",
    "apu",
    "tuki",
    "verkosto",
    "kumppani",
    "osuuskunta",
    "yritys",
    "teollisuus",
    "metalli",
    "kauppa",
    "matkailu",
    "maatalous",
    "rakennus",
    "kuljetus",
    "logistiikka",
    "hoiva",
    "kotihoito",
    "vanhus",
    "lapsi",
    "perhe",
    "työ",
]
QUERIES = (
    "työpa",
    "nuor",
    "kou",
    "yhdis",
    "valmen",
    "kunt",
    "ohja",
    "metal",
    "perhe",
    "kotout",
    "yritt",
    "palvelu",
)


async def prepare_areas(url: str, codes: list[str]) -> None:
    engine = create_engine(url)
    async with seeding_session(engine) as session:
        await areas.demo.load_demo_data(session)
        await area_repository.add_area(
            session,
            Area(
                id=AREA,
                name_fi="Bench",
                name_sv="Bench",
                organisation_form="lead_municipality",
                home_municipality_code=codes[0],
            ),
        )
        for code in codes:
            membership = AreaMembership(area_id=AREA, municipality_code=code)
            await area_repository.save_membership(
                session, membership, valid_from=dt.date(2025, 1, 1), valid_to=None
            )
        await session.commit()
    await engine.dispose()


def services(rng: random.Random, codes: list[str]) -> list[dict[str, Any]]:
    groups = [g.value for g in TargetGroup]
    return [
        {
            "area_id": AREA,
            "name": f"Palvelu {i}",
            "provider_municipality_code": rng.choice(codes),
            "municipalities": rng.sample(codes, rng.randint(1, 8)),
            "target_groups": rng.sample(groups, rng.randint(1, 3)),
            "channels": ["in_person"],
            "status": "active" if rng.random() < 0.9 else "ended",
        }
        for i in range(SERVICES)
    ]


def partners(rng: random.Random) -> list[dict[str, Any]]:
    return [
        {
            "name": {"fi": " ".join(rng.sample(WORDS, rng.randint(2, 3))).capitalize()},
            "kind": "association",
            "municipalities": [],
            "provided_services": [" ".join(rng.sample(WORDS, 2)) for _ in range(rng.randint(0, 3))],
        }
        for _ in range(PARTNERS)
    ]


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


async def measure(
    areas_url: str, partners_url: str, codes: list[str], repeats: int
) -> dict[str, Any]:
    auth_env = {"ALUE_JWT_SECRET": SECRET, "ALUE_DEV_MODE": "false"}
    areas_app = areas.main.build_app(
        areas.config.AreasSettings.model_validate({"database_url": areas_url, **auth_env})
    )
    settings = PartnersSettings.model_validate({"database_url": partners_url, **auth_env})
    app = build_app(settings)
    viewer = mint_token(settings, sub="bench", roles=["viewer"], areas=[AREA], ttl_seconds=3600)
    headers = {"Authorization": f"Bearer {viewer}"}
    rng = random.Random(11)
    async with areas_app.router.lifespan_context(areas_app), app.router.lifespan_context(app):
        app.state.peers = Peers(
            {"areas": "http://areas.bench"},
            timeout=5.0,
            transports={"areas": httpx.ASGITransport(app=areas_app)},
        )
        async with seeding_session(app.state.engine) as session:
            await partner_areas.add_area(session, AREA)
            await session.execute(insert(Service), services(rng, codes))
            await session.execute(insert(Partner), partners(rng))
            await session.commit()
        calls = PeerCalls(app.state.peers, headers["Authorization"])
        on = dt.date(2026, 1, 1)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            path = f"/v1/areas/{AREA}/coverage?on={on}"
            answer = await http.get(path, headers=headers)
            assert answer.status_code == 200, answer.text
            body = answer.json()
            assert len(body["rows"]) == 12
            assert len(body["columns"]) == 30
            queries = itertools.cycle(QUERIES)
            hits = []
            for query in QUERIES:
                found = await http.get(f"/v1/partners?q={query}&limit=500", headers=headers)
                assert found.status_code == 200, found.text
                hits.append(len(found.json()["items"]))

            async def service() -> object:
                return await coverage(app.state.reads, calls, area_id=AREA, on=on)

            async def members() -> object:
                return await members_named(calls, AREA, on)

            async def query_and_rule() -> object:
                rows = await active_services(app.state.reads, area_id=AREA, day=on)
                reach = [ServiceReach(r.id, r.target_groups, r.municipalities) for r in rows]
                return coverage_matrix([g.value for g in TargetGroup], codes, reach)

            async def endpoint() -> object:
                return await http.get(path, headers=headers)

            async def search() -> object:
                return await http.get(f"/v1/partners?q={next(queries)}", headers=headers)

            return {
                "data": {
                    "services": SERVICES,
                    "members": len(codes),
                    "partners": PARTNERS,
                    "gaps": body["totals"]["gaps"],
                    "search_hits_per_query": hits,
                },
                "coverage_service": await timed(service, repeats),
                "coverage_endpoint": await timed(endpoint, repeats),
                "coverage_areas_calls": await timed(members, repeats),
                "coverage_query_and_rule": await timed(query_and_rule, repeats),
                "coverage_answer_bytes": len(answer.content),
                "search_endpoint": await timed(search, repeats),
            }


async def run(admin_url: str, repeats: int) -> dict[str, Any]:
    name = f"alue_bench_{uuid.uuid4().hex[:8]}"
    await provision.create_database(admin_url, name)
    try:
        database_url = provision.with_database(admin_url, name)
        urls = []
        for schema, role, migrations in (
            (areas.config.SCHEMA, areas.config.DB_ROLE, areas.config.MIGRATIONS_DIR),
            (SCHEMA, DB_ROLE, MIGRATIONS_DIR),
        ):
            await provision.ensure_service_role(database_url, role=role, schema=schema)
            url = provision.role_url(database_url, role, None)
            await asyncio.to_thread(upgrade, migrations, url, schema)
            urls.append(url)
        codes = mainland_codes()
        await prepare_areas(urls[0], codes)
        return await measure(urls[0], urls[1], codes, repeats)
    finally:
        await provision.drop_database(admin_url, name)


def mainland_codes() -> list[str]:
    """The first 30 codes of the areas demo's municipalities that no demo area has."""
    with (areas.demo_areas.DEMO_DIR / "municipalities_mainland.csv").open(encoding="utf-8") as f:
        codes = [row["code"] for row in csv.DictReader(f)]
    taken = {code for demo in areas.demo_areas.other_areas() for code in demo.member_codes}
    taken |= {"005", "010", "052", "233", "300", "403", "408", "759", "934", "989"}
    return [code for code in codes if code not in taken][:30]


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
    results["targets_ms"] = {"coverage": COVERAGE_TARGET_MS, "search_p50": SEARCH_TARGET_MS}
    results["met"] = (
        results["coverage_service"]["p50_ms"] <= COVERAGE_TARGET_MS
        and results["search_endpoint"]["p50_ms"] <= SEARCH_TARGET_MS
    )
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")


if __name__ == "__main__":
    main()

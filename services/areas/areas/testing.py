"""The areas service in process, for other services' tests: the real app that answers their
calls for an area's members, with its demo data committed, in a database of its own beside
the test database (so the areas service's own tests, which may run in the same worker on
that test database, start from its empty schema)."""

import csv
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

from areas.config import DB_ROLE, MIGRATIONS_DIR, SCHEMA, AreasSettings
from areas.demo import DEMO_DIR, load_demo_data
from areas.main import build_app
from servicekit.contract import BulkWrite, MutableResource, ServedService
from servicekit.db import seeding_session
from servicekit.testing import (
    database_beside,
    migrated_service_url,
    running_app,
    test_auth_env,
)


@asynccontextmanager
async def areas_in_process(database_url: str) -> AsyncIterator[FastAPI]:
    async with database_beside(database_url, "areas") as own_url:
        url = await migrated_service_url(
            own_url, schema=SCHEMA, role=DB_ROLE, migrations_dir=MIGRATIONS_DIR
        )
        settings = AreasSettings.model_validate({"database_url": url, **test_auth_env()})
        async with running_app(build_app(settings)) as running:
            async with seeding_session(running.state.engine) as session:
                await load_demo_data(session)
                await session.commit()
            yield running


# The areas service as the contract tests run it: on its own, or before a service that asks it.
AREAS_SERVED = ServedService(
    name="areas",
    schema=SCHEMA,
    role=DB_ROLE,
    migrations_dir=MIGRATIONS_DIR,
    settings=AreasSettings,
    build_app=build_app,
    load_demo_data=load_demo_data,
)


with (DEMO_DIR / "kymppi_municipalities.csv").open(encoding="utf-8") as _file:
    KYMPPI_CODES = tuple(row["code"] for row in csv.DictReader(_file))


def _statistics(mark: int) -> dict[str, Any]:
    # A year no demo figure has, so that a read of it sees only the gate's rows.
    row = {
        "indicator": "labour_force",
        "period": "2039",
        "unit": "persons",
        "source": "concurrency gate",
        "is_estimate": True,
        "retrieved_at": "2026-12-01T09:00:00Z",
    }
    return {"statistics": [{**row, "municipality_code": c, "value": mark} for c in KYMPPI_CODES]}


# The concurrency gate's resource (servicekit.contract.MutableResource): a municipality, and
# the bulk upsert of statistics. The codes counted down from 999 are free: Finland's end at 992.
MUTABLE_RESOURCE = MutableResource(
    collection="/v1/municipalities",
    new=lambda n: {"code": f"{999 - n:03d}", "name_fi": f"Kunta {n}", "name_sv": f"Kommun {n}"},
    replaced=lambda body, i: {"name_fi": f"Nimi {i}", "name_sv": body["name_sv"]},
    bulk=BulkWrite(
        path="/v1/statistics",
        read_path="/v1/statistics?indicator=labour_force&period=2039&limit=100",
        body=_statistics,
        marks=lambda answer: [row["value"] for row in answer["items"]],
        rows=len(KYMPPI_CODES),
        conditional=False,
    ),
    roles=("admin",),
)

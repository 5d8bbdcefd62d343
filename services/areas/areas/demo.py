"""Demo data: the 292 mainland municipalities, Kymppi and the other employment areas the
reference data names in full (see demo/SOURCES.md), loaded idempotently."""

import csv
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from areas.demo_areas import load_other_areas
from areas.demo_kymppi import load_kymppi_area_and_plan
from areas.demo_statistics import load_statistics_and_borders
from areas.repository import municipalities as repository

DEMO_DIR = Path(__file__).parent / "demo"


def municipality_rows() -> list[dict[str, object]]:
    """Codes and Finnish names of all mainland municipalities; Swedish names and
    town-centre coordinates where our sources give them (the ten Kymppi members)."""
    with (DEMO_DIR / "kymppi_municipalities.csv").open(encoding="utf-8") as f:
        kymppi = {row["code"]: row for row in csv.DictReader(f)}
    rows: list[dict[str, object]] = []
    with (DEMO_DIR / "municipalities_mainland.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            extra = kymppi.get(row["code"])
            rows.append(
                {
                    "code": row["code"],
                    "name_fi": row["name"],
                    # No source here gives Swedish names beyond Kymppi: the Finnish name stands in.
                    "name_sv": extra["name_sv"] if extra else row["name"],
                    "region": None,
                    "lat": float(extra["lat"]) if extra and extra["lat"] else None,
                    "lon": float(extra["lon"]) if extra and extra["lon"] else None,
                }
            )
    return rows


async def load_demo_data(session: AsyncSession) -> int:
    rows = municipality_rows()
    await repository.upsert_municipalities(session, rows)
    # Statistics and borders refer to municipalities, so they come after them.
    loaded = len(rows) + await load_statistics_and_borders(session)
    # The Kymppi area, its members and its 2025 plan record refer to municipalities too.
    loaded += await load_kymppi_area_and_plan(session)
    return loaded + await load_other_areas(session)

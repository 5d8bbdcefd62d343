"""Demo statistics and borders of the Kymppi area, each figure with its source.

What the sources give is stored as a statistic (`is_estimate` false); what no source gives
per municipality (the area's labour force and jobseekers) is derived openly, stored as an
estimate, and its `source` says how it was made (DOMAIN.md §7, reference data README).
All writes are upserts by key, so loading twice changes nothing.
"""

import csv
import datetime as dt
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from areas.indicators import Indicator
from areas.schemas.borders import BorderWrite
from areas.schemas.statistics import StatisticWrite
from areas.service import borders as border_service
from areas.service import statistics as statistic_service
from servicekit.money import largest_remainder

DEMO_DIR = Path(__file__).parent / "demo"
# The day the reference data was copied into the project: fixed, so reloading is a no-op.
RETRIEVED_AT = dt.datetime(2026, 11, 28, tzinfo=dt.UTC)
MIKKOKESA_URL = "https://github.com/mikkokesa/tyottomyysturvatyokalu"

POPULATION_2022_SOURCE = (
    "Statistics Finland, population on 31.12.2022, as quoted by Wikipedia mirrors "
    "(reference data kymppi_municipalities.csv; known for seven of the ten members)"
)
# The source gives no date; its figures are of 2024-25, stored as the year 2024.
RECENT_POPULATION_SOURCE = (
    "mikkokesa/tyottomyysturvatyokalu Kuntatyyppiverkostot_Manner-Suomi.csv "
    "(Statistics Finland codes): population of 2024-25, date not stated by the source; "
    "stored as period 2024"
)
BORDER_SOURCE = "Wikipedia 'naapurikunnat' lists of each municipality"

# Figures of the organisation plan itself (plan §1.2, §2.3): the whole area, June 2023.
AREA_LABOUR_FORCE_2023_06 = 28_616
AREA_JOBSEEKERS_2023_06 = 3_762
PLAN = "the organisation plan of Kympin työllisyysalue (September 2023)"


def _read(name: str) -> list[dict[str, str]]:
    with (DEMO_DIR / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _row(
    code: str,
    indicator: Indicator,
    period: str,
    value: int,
    source: str,
    *,
    estimate: bool = False,
    url: str | None = None,
) -> StatisticWrite:
    return StatisticWrite(
        municipality_code=code,
        indicator=indicator,
        period=period,
        value=value,
        unit="persons",
        source=source,
        source_url=url,
        is_estimate=estimate,
        retrieved_at=RETRIEVED_AT,
    )


def population_rows() -> list[StatisticWrite]:
    rows = [
        _row(
            r["code"], "population", "2022", int(r["population_2022_12_31"]), POPULATION_2022_SOURCE
        )
        for r in _read("kymppi_municipalities.csv")
        if r["population_2022_12_31"]
    ]
    rows += [
        _row(
            r["code"],
            "population",
            "2024",
            int(r["population"]),
            RECENT_POPULATION_SOURCE,
            url=MIKKOKESA_URL,
        )
        for r in _read("municipalities_mainland.csv")
    ]
    return rows


def estimated_area_rows(indicator: Indicator, area_total: int, what: str) -> list[StatisticWrite]:
    """The plan's area figure for June 2023 split across the members by recent population.

    Recent population is the one population every member has (31.12.2022 lacks three).
    Largest-remainder rounding makes the parts add up exactly to the plan's figure.
    """
    members = {r["code"] for r in _read("kymppi_municipalities.csv")}
    weights = {
        r["code"]: int(r["population"])
        for r in _read("municipalities_mainland.csv")
        if r["code"] in members
    }
    source = (
        f"Estimate, not a statistic: the area's {what} {area_total:,} in June 2023 ({PLAN}) "
        f"split across its {len(weights)} members in proportion to their population of "
        "2024-25 (Kuntatyyppiverkostot_Manner-Suomi.csv), largest-remainder rounding so the "
        f"parts add up to {area_total:,}; no source gives the figure per municipality"
    )
    parts = largest_remainder(area_total, weights)
    return [
        _row(code, indicator, "2023-06", part, source, estimate=True)
        for code, part in sorted(parts.items())
    ]


def demo_statistics() -> list[StatisticWrite]:
    return [
        *population_rows(),
        *estimated_area_rows("labour_force", AREA_LABOUR_FORCE_2023_06, "labour force"),
        *estimated_area_rows("jobseekers", AREA_JOBSEEKERS_2023_06, "jobseekers"),
    ]


def demo_borders() -> list[BorderWrite]:
    inside = [
        BorderWrite(municipality_code=r["code_a"], neighbour_code=r["code_b"], source=BORDER_SOURCE)
        for r in _read("kymppi_adjacency.csv")
    ]
    outside = [
        BorderWrite(
            municipality_code=r["code"],
            neighbour_code=r["neighbour_code"],
            source=BORDER_SOURCE + " (neighbours outside the area; not complete)",
        )
        for r in _read("kymppi_external_neighbours.csv")
    ]
    return inside + outside


async def load_statistics_and_borders(session: AsyncSession) -> int:
    """Needs the municipalities loaded first; returns the number of rows written."""
    statistics = demo_statistics()
    written = await statistic_service.upsert_statistics(session, rows=statistics)
    pairs = await border_service.set_borders(session, rows=demo_borders())
    return written + pairs

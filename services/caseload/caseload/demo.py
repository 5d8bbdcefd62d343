"""Demo data for the Kympin työllisyysalue (`alue run`), loaded idempotently.

Real: the ~40 FTE moving from the state on 1.1.2025, 30 in personal customer service and 10
in common services, and the area's 3,762 jobseekers in June 2023 (the organisation plan,
§2.3; DOMAIN.md §3); the 270 jobs Kauhava lost when the air force academy closed in 2014
(plan §7). Estimated, each month's `source` saying how: the split of the jobseekers over
the members, service lines and segments, and a 2025 month series. Assumed, and said so in
the scenario's note: the annual cost of an FTE. The members' codes, populations and
unemployment rates are read from the areas service's demo file (this package does not
import that service).
"""

import csv
import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from caseload.models import CustomerCount, CustomerMonth, Scenario, ScenarioChange, StaffPosition
from caseload.repository import areas as area_repository
from caseload.rules.caseload import half_up
from caseload.rules.months import Month
from caseload.vocabulary import DEFAULT_SERVICE_LINES, Segment, StaffFunction, StaffOrigin
from servicekit.money import largest_remainder

AREA_ID = "kymppi"
MUNICIPALITIES_CSV = (
    Path(__file__).parents[2] / "areas" / "areas" / "demo" / "kymppi_municipalities.csv"
)
# Plan §2.3: "Kympin työllisyysalueella on kesäkuun 2023 tilastojen mukaan 3762 työnhakijaa."
PLAN_MONTH = Month(2023, 6)
PLAN_JOBSEEKERS = 3762
STAFF_FROM = dt.date(2025, 1, 1)
# Plan §2.3: about 30 FTE of personal customer service (here over the lines) and 10 of
# common services; how the 30 divide over the lines is our assumption.
CUSTOMER_SERVICE_FTE = {
    "competence_services": 9,
    "job_matching": 8,
    "multi_sectoral_services": 7,
    "employer_services": 2,
    "integration": 2,
    "youth": 1,
    "career_guidance": 1,
}
COMMON_SERVICES_FTE = 10
# Assumed shares (%), no source: jobseekers by line, and each segment's part of a line.
LINE_SHARES = {
    "job_matching": 35,
    "competence_services": 25,
    "multi_sectoral_services": 20,
    "youth": 9,
    "integration": 6,
    "career_guidance": 5,
    # Employers are this line's customers, not jobseekers.
    "employer_services": 0,
}
SEGMENT_SHARES = {
    Segment.over_50: 40,
    Segment.long_term_unemployed: 30,
    Segment.under_25: 12,
    Segment.foreign_language: 7,
}
# An assumed seasonal pattern for 2025 (%, June = 100): more jobseekers in winter and July.
SEASONAL_2025 = (108, 107, 104, 101, 98, 100, 104, 98, 94, 94, 97, 103)
SPLIT = (
    "Split estimated, no source gives it: over the members in proportion to recent "
    "population x unemployment rate (August 2024), both from kymppi_municipalities.csv, "
    "largest remainder; over service lines by assumed shares (job matching 35 %, "
    "competence services 25 %, multi-sectoral services 20 %, youth 9 %, integration 6 %, "
    "career guidance 5 %, employer services 0 %: its customers are employers); segments as "
    "assumed parts of each line's total (over 50 40 %, long-term unemployed 30 %, under 25 "
    "12 %, foreign-language 7 %), rounded half up."
)
PLAN_SOURCE = (
    "The area's total, 3,762 jobseekers in June 2023, is the organisation plan's (section "
    "2.3, from the statistics of June 2023). " + SPLIT
)
SCENARIO_NAME = "Kauhava +270 monialaisten palvelujen asiakasta"
SCENARIO_NOTE = (
    "Plan section 7: Kauhava lost 270 defence-forces jobs when the air force academy closed "
    "in 2014. Assumed: all 270 become customers of multi-sectoral services from June 2025 "
    "on. The base month is June 2025, whose estimated counts equal June 2023's 3,762 "
    "jobseekers. The annual cost of an FTE, 60,000.00 euros with side costs, is an "
    "assumption, not a figure of the plan."
)


def member_weights() -> dict[str, int]:
    """Recent population x unemployment rate (per mille, so whole numbers) of each member."""
    with MUNICIPALITIES_CSV.open(encoding="utf-8") as f:
        return {
            row["code"]: int(row["population_recent"])
            * int(Decimal(row["unemployment_rate_pct_2024_08"]) * 10)
            for row in csv.DictReader(f)
        }


def split_customers(total: int, weights: Mapping[str, int]) -> list[dict[str, object]]:
    """`total` jobseekers as rows by municipality, line and segment (see SPLIT)."""
    rows: list[dict[str, object]] = []
    for code, in_municipality in sorted(largest_remainder(total, weights).items()):
        for line, customers in largest_remainder(in_municipality, LINE_SHARES).items():
            rows.append(_row(code, line, Segment.all, customers))
            for segment, share in SEGMENT_SHARES.items():
                part = int(half_up(Fraction(customers * share, 100), 0))
                rows.append(_row(code, line, segment, part))
    return rows


def _row(code: str, line: str, segment: Segment, customers: int) -> dict[str, object]:
    return {
        "municipality_code": code,
        "service_line": line,
        "segment": segment.value,
        "customers": customers,
    }


def demo_months() -> list[tuple[Month, int, str]]:
    """June 2023 (the plan's figure), then 2025 month by month (the seasonal estimate)."""
    months = [(PLAN_MONTH, PLAN_JOBSEEKERS, PLAN_SOURCE)]
    for index, factor in enumerate(SEASONAL_2025):
        total = int(half_up(Fraction(PLAN_JOBSEEKERS * factor, 100), 0))
        source = (
            f"Estimate: June 2023's 3,762 jobseekers (plan section 2.3) x an assumed seasonal "
            f"factor of {factor} % for this month; no source gives 2025's counts here. " + SPLIT
        )
        months.append((Month(2025, index + 1), total, source))
    return months


def transfer_id(index: int) -> str:
    """The national platform's id of the demo's `index`th position on its staff transfer
    list (a made-up id of the KEHA stand-in, `simulators.keha`)."""
    return f"KEHA-{AREA_ID}-{index + 1:04d}"


def demo_positions() -> list[StaffPosition]:
    """The positions from the state, each with its id on the platform's transfer list."""
    positions = _customer_service_positions() + _common_services_positions()
    for index, position in enumerate(positions):
        position.keha_position_id = transfer_id(index)
    return positions


def _customer_service_positions() -> list[StaffPosition]:
    names = {line.key: line.name_fi for line in DEFAULT_SERVICE_LINES}
    return [
        StaffPosition(
            area_id=AREA_ID,
            fte=Decimal(1),
            function=StaffFunction.customer_service.value,
            service_line=line,
            origin=StaffOrigin.state_transfer.value,
            start_date=STAFF_FROM,
            title=f"Asiantuntija, {names[line].lower()}",
        )
        for line, count in CUSTOMER_SERVICE_FTE.items()
        for _ in range(count)
    ]


def _common_services_positions() -> list[StaffPosition]:
    return [
        StaffPosition(
            area_id=AREA_ID,
            fte=Decimal(1),
            function=StaffFunction.common_services.value,
            origin=StaffOrigin.state_transfer.value,
            start_date=STAFF_FROM,
            title="Asiantuntija, yhteiset palvelut",
        )
        for _ in range(COMMON_SERVICES_FTE)
    ]


async def load_demo_data(session: AsyncSession) -> int:
    """Kymppi's lines, staff, customer months and the Kauhava scenario; what exists stays."""
    await area_repository.add_area(session, AREA_ID, DEFAULT_SERVICE_LINES)
    loaded = 0
    staffed = await session.scalar(
        select(func.count()).select_from(StaffPosition).where(StaffPosition.area_id == AREA_ID)
    )
    if not staffed:
        positions = demo_positions()
        session.add_all(positions)
        loaded += len(positions)
    recorded = set(
        (
            await session.scalars(
                select(CustomerMonth.month).where(CustomerMonth.area_id == AREA_ID)
            )
        ).all()
    )
    weights = member_weights()
    for month, total, source in demo_months():
        if month.first_day in recorded:
            continue
        session.add(
            CustomerMonth(area_id=AREA_ID, month=month.first_day, source=source, is_estimate=True)
        )
        session.add_all(
            CustomerCount(area_id=AREA_ID, month=month.first_day, **row)
            for row in split_customers(total, weights)
        )
        loaded += 1
    await session.flush()
    return loaded + await _load_scenario(session)


async def _load_scenario(session: AsyncSession) -> int:
    exists = await session.scalar(
        select(Scenario.id).where(Scenario.area_id == AREA_ID, Scenario.name == SCENARIO_NAME)
    )
    if exists is not None:
        return 0
    base = Month(2025, 6)
    session.add(
        Scenario(
            area_id=AREA_ID,
            name=SCENARIO_NAME,
            note=SCENARIO_NOTE,
            base_month=base.first_day,
            months=12,
            annual_cost_per_fte_eur=Decimal("60000.00"),
            uniform_target=130,
            created_by="demo",
            changes=[
                ScenarioChange(
                    position=0,
                    municipality_code="233",
                    service_line="multi_sectoral_services",
                    customers=270,
                    from_month=base.first_day,
                    to_month=None,
                )
            ],
        )
    )
    await session.flush()
    return 1

"""Demo data: the Kymppi employment area, its ten members and its 2025 plan record.

The area and the plan's narrative come from `demo/kymppi_plan_2025.json` (sections 1-8 of
the source plan summarised in our own words), the members from
`demo/kymppi_municipalities.csv`. Loading again adds only what is missing and never
overwrites an edit made through the API.
"""

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from areas.models import Area, AreaMembership, Plan, PlanSection
from areas.repository import areas as area_repository
from areas.repository import plans as plan_repository
from areas.rules.plans import PlanStatus

DEMO_DIR = Path(__file__).parent / "demo"


def kymppi_plan_data() -> dict[str, Any]:
    with (DEMO_DIR / "kymppi_plan_2025.json").open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def kymppi_member_codes() -> list[str]:
    with (DEMO_DIR / "kymppi_municipalities.csv").open(encoding="utf-8") as f:
        return [row["code"] for row in csv.DictReader(f)]


async def load_kymppi_area_and_plan(session: AsyncSession) -> int:
    """Returns how many records (area, memberships, plan, sections) it added."""
    data = kymppi_plan_data()
    area_id = data["area"]["id"]
    added = 0
    if await area_repository.get_area(session, area_id) is None:
        added += await area_repository.add_area(session, Area(**data["area"]))
    added += await _add_members(
        session, area_id=area_id, valid_from=dt.date.fromisoformat(data["members_valid_from"])
    )
    return added + await _add_plan(session, area_id=area_id, plan_data=data["plan"])


async def _add_members(session: AsyncSession, *, area_id: str, valid_from: dt.date) -> int:
    added = 0
    for code in kymppi_member_codes():
        # Any membership already covering the start (here or elsewhere) is left as it is.
        if await area_repository.overlapping_memberships(
            session, municipality_code=code, valid_from=valid_from, valid_to=None
        ):
            continue
        membership = AreaMembership(area_id=area_id, municipality_code=code)
        added += await area_repository.save_membership(
            session, membership, valid_from=valid_from, valid_to=None
        )
    return added


async def _add_plan(session: AsyncSession, *, area_id: str, plan_data: dict[str, Any]) -> int:
    added = 0
    year = plan_data["year"]
    plan = await plan_repository.get_plan_by_year(session, area_id=area_id, year=year)
    if plan is None:
        plan = Plan(area_id=area_id, year=year, title=plan_data["title"], status=PlanStatus.draft)
        await plan_repository.add_plan(session, plan)
        added += 1
    for section in plan_data["sections"]:
        if await plan_repository.get_section(session, plan_id=plan.id, key=section["key"]):
            continue
        await plan_repository.save_section(session, PlanSection(plan_id=plan.id, **section))
        added += 1
    return added

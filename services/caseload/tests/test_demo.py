"""The demo data reproduces the organisation plan's figures (plan §2.3, §7; DOMAIN.md §3).

The expected FTE are computed here from the plan's own numbers with Decimal, half up.
"""

import csv
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from caseload.demo import load_demo_data

AREA = "/v1/areas/kymppi"
PLAN_JOBSEEKERS = 3762  # plan §2.3, June 2023
KAUHAVA_JOBS_LOST = 270  # plan §7, the air force academy, 2014
MUNICIPALITIES = Path(__file__).parents[2] / "areas/areas/demo/kymppi_municipalities.csv"


def needed(customers: int, target: int) -> float:
    return float((Decimal(customers) / target).quantize(Decimal("0.01"), ROUND_HALF_UP))


async def test_the_plans_jobseekers_at_130_need_28_94_fte_and_30_are_enough(
    client: httpx.AsyncClient, viewer: dict[str, str], demo: None
) -> None:
    response = await client.get(f"{AREA}/caseload?month=2023-06&uniform_target=130", headers=viewer)
    assert response.status_code == 200, response.text
    uniform = response.json()["uniform"]
    assert uniform["customers"] == PLAN_JOBSEEKERS
    assert uniform["fte_needed"] == needed(PLAN_JOBSEEKERS, 130) == 28.94
    # In June 2025 (the same counts) the 30 customer-service FTE from the state are enough.
    june_2025 = await client.get(
        f"{AREA}/caseload?month=2025-06&uniform_target=130", headers=viewer
    )
    check = june_2025.json()["uniform"]
    assert (check["customers"], check["fte"], check["status"]) == (
        PLAN_JOBSEEKERS,
        30.0,
        "within_target",
    )


async def test_the_staff_is_30_customer_service_and_10_common_services_fte_from_the_state(
    client: httpx.AsyncClient, viewer: dict[str, str], demo: None
) -> None:
    summary = (await client.get(f"{AREA}/staff/summary?on=2025-01-01", headers=viewer)).json()
    assert summary["fte"] == 40.0
    functions = {g["function"]: g["fte"] for g in summary["by_function"]}
    assert (functions["customer_service"], functions["common_services"]) == (30.0, 10.0)
    origins = {g["origin"]: g["fte"] for g in summary["by_origin"]}
    assert origins["state_transfer"] == 40.0
    assert sum(g["fte"] for g in summary["by_service_line"]) == 30.0
    before = (await client.get(f"{AREA}/staff/summary?on=2024-12-31", headers=viewer)).json()
    assert before["positions"] == 0


async def test_june_2023_is_split_over_all_ten_members_and_says_it_is_an_estimate(
    client: httpx.AsyncClient, viewer: dict[str, str], demo: None
) -> None:
    with MUNICIPALITIES.open(encoding="utf-8") as f:
        members = {row["code"] for row in csv.DictReader(f)}
    month = (await client.get(f"{AREA}/customers/2023-06", headers=viewer)).json()
    totals = [c for c in month["counts"] if c["segment"] == "all"]
    assert sum(c["customers"] for c in totals) == PLAN_JOBSEEKERS
    assert {c["municipality_code"] for c in totals} == members
    assert month["is_estimate"] is True
    assert "3,762" in month["source"]
    assert "estimated" in month["source"]
    series = (await client.get(f"{AREA}/customers?from=2025-01&to=2025-12", headers=viewer)).json()
    assert len(series["items"]) == 12
    assert all(m["is_estimate"] and m["source"] for m in series["items"])


async def test_the_kauhava_scenario_needs_31_02_fte_instead_of_28_94(
    client: httpx.AsyncClient, viewer: dict[str, str], demo: None
) -> None:
    scenarios = (await client.get(f"{AREA}/scenarios", headers=viewer)).json()["items"]
    assert len(scenarios) == 1
    result = await client.get(f"{AREA}/scenarios/{scenarios[0]['id']}/result", headers=viewer)
    assert result.status_code == 200, result.text
    first = result.json()["monthly"][0]
    assert first["month"] == "2025-06"
    uniform = first["uniform"]
    assert uniform["baseline_fte_needed"] == needed(PLAN_JOBSEEKERS, 130) == 28.94
    assert uniform["fte_needed"] == needed(PLAN_JOBSEEKERS + KAUHAVA_JOBS_LOST, 130) == 31.02
    # 30 FTE: 1.02 short, at 60,000.00 a year 5,100.00 a month, 12 months.
    assert (uniform["fte"], uniform["fte_gap"], uniform["cost_eur"]) == (30.0, -1.02, "5100.00")
    assert result.json()["uniform_total_cost_eur"] == "61200.00"


async def test_loading_the_demo_twice_changes_nothing(
    client: httpx.AsyncClient, viewer: dict[str, str], demo: None, db_session: AsyncSession
) -> None:
    before = (await client.get(f"{AREA}/staff/summary?on=2025-06-01", headers=viewer)).json()
    assert await load_demo_data(db_session) == 0
    await db_session.commit()
    after = (await client.get(f"{AREA}/staff/summary?on=2025-06-01", headers=viewer)).json()
    assert after == before
    months = (await client.get(f"{AREA}/customers", headers=viewer)).json()["items"]
    assert len(months) == 13

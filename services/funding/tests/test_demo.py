"""The demo data `alue run` loads: Kymppi's subsidies as labelled estimates and a 2026
budget within the cap, proposed and approved before the plan's deadlines."""

from collections.abc import Callable
from decimal import Decimal

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from funding.demo import load_demo_data

Auth = Callable[..., dict[str, str]]


async def test_the_demo_loads_once_and_its_budget_is_approved_within_the_cap(
    client: httpx.AsyncClient, db_session: AsyncSession, auth: Auth
) -> None:
    assert await load_demo_data(db_session) > 0
    await db_session.commit()
    assert await load_demo_data(db_session) == 0
    await db_session.commit()
    viewer = auth("viewer", areas=["kymppi"])

    runs = (await client.get("/v1/allocations", headers=viewer)).json()["items"]
    assert [r["year"] for r in runs] == [2025, 2026]
    for run in runs:
        assert "ESTIMATE" in run["label"]
        assert "chosen" in run["source"]
        assert run["municipality_count"] == 10
        assert run["total_eur"] == run["pool_eur"]
    subsidies = (await client.get("/v1/areas/kymppi/years/2025/subsidies", headers=viewer)).json()
    assert {s["kind"] for s in subsidies["subsidies"]} == {"final"}
    assert subsidies["contributions_total_eur"] == runs[0]["pool_eur"]

    budget = (await client.get("/v1/areas/kymppi/budgets/2026", headers=viewer)).json()
    assert budget["status"] == "approved"
    assert budget["findings"] == []
    assert len(budget["members"]) == 10
    assert {line["category"] for line in budget["lines"]} == {
        "personnel",
        "premises",
        "ict",
        "procured_services",
        "change_security_reserve",
        "other",
    }
    assert [p["year"] for p in budget["planning_years"]] == [2027, 2028]
    assert Decimal(budget["expenditure_total_eur"]) <= Decimal(budget["cap_eur"])
    assert Decimal(budget["cap_eur"]) <= Decimal("0.95") * Decimal(runs[1]["pool_eur"])
    calendar = await client.get(
        "/v1/areas/kymppi/calendar?year=2026&today=2025-11-01", headers=viewer
    )
    deadlines = calendar.json()["deadlines"]
    assert [(d["status"], d["on_time"]) for d in deadlines] == [("done", True), ("done", True)]
    assert deadlines[0]["done_on"] < "2025-08-31"
    assert deadlines[1]["done_on"] < "2025-10-15"

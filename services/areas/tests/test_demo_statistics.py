"""The Kymppi demo statistics: sourced, estimates marked, allocations exact, reload a no-op."""

from collections.abc import Callable

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from areas.demo import load_demo_data
from areas.demo_statistics import (
    AREA_JOBSEEKERS_2023_06,
    AREA_LABOUR_FORCE_2023_06,
    demo_borders,
    demo_statistics,
)

Auth = Callable[..., dict[str, str]]


def test_estimates_add_up_exactly_to_the_plans_figures() -> None:
    rows = demo_statistics()
    for indicator, total in [
        ("labour_force", AREA_LABOUR_FORCE_2023_06),
        ("jobseekers", AREA_JOBSEEKERS_2023_06),
    ]:
        parts = [r for r in rows if r.indicator == indicator]
        assert len(parts) == 10
        assert sum(r.value for r in parts) == total
        assert all(r.is_estimate and r.period == "2023-06" for r in parts)
        assert all("Estimate" in r.source and "proportion" in r.source for r in parts)


def test_sourced_figures_are_not_estimates() -> None:
    population = [r for r in demo_statistics() if r.indicator == "population"]
    assert len([r for r in population if r.period == "2022"]) == 7
    assert len([r for r in population if r.period == "2024"]) == 292
    assert not any(r.is_estimate for r in population)


def test_sixteen_borders_inside_the_area() -> None:
    inside = [b for b in demo_borders() if "outside" not in (b.source or "")]
    assert len(inside) == 16


async def test_loading_twice_changes_nothing(
    db_session: AsyncSession, client: httpx.AsyncClient, auth: Auth
) -> None:
    await load_demo_data(db_session)
    await db_session.commit()

    async def snapshot() -> list[object]:
        items, url = [], "/v1/statistics?limit=500"
        while url:
            page = (await client.get(url, headers=auth("viewer"))).json()
            items += page["items"]
            url = (
                f"/v1/statistics?limit=500&cursor={page['next_cursor']}"
                if page["next_cursor"]
                else ""
            )
        return items

    first = await snapshot()
    await load_demo_data(db_session)
    await db_session.commit()
    assert await snapshot() == first
    assert len(first) == len(demo_statistics())
    neighbours = await client.get("/v1/municipalities/934/neighbours", headers=auth("viewer"))
    assert [n["code"] for n in neighbours.json()["neighbours"]] == ["005"]

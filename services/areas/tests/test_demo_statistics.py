"""The Kymppi demo statistics: sourced, estimates marked, allocations exact, reload a no-op."""

from collections.abc import Callable

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from areas.demo import load_demo_data, municipality_rows
from areas.demo_areas import other_areas
from areas.demo_statistics import demo_borders, demo_statistics
from areas.rules.formation import connected_components

Auth = Callable[..., dict[str, str]]
# The ten members the source plan names (§1): Alajärvi, Alavus, Evijärvi, Kauhava, Kuortane,
# Lappajärvi, Lapua, Soini, Vimpeli and Ähtäri.
KYMPPI = {"005", "010", "052", "233", "300", "403", "408", "759", "934", "989"}


@pytest.mark.parametrize(
    ("indicator", "plan_total"),
    [
        # Plan §1.2: "Kesäkuun 2023 työllisyyskatsauksen mukaan työvoiman määrä alueella on
        # 28 616 henkilöä."
        ("labour_force", 28_616),
        # Plan §2: "Kympin työllisyysalueella on kesäkuun 2023 tilastojen mukaan 3762
        # työnhakijaa."
        ("jobseekers", 3_762),
    ],
)
def test_estimates_add_up_exactly_to_the_plans_figures(indicator: str, plan_total: int) -> None:
    parts = [r for r in demo_statistics() if r.indicator == indicator]
    assert sorted(r.municipality_code for r in parts) == sorted(KYMPPI)
    assert sum(r.value for r in parts) == plan_total
    assert all(r.is_estimate and r.period == "2023-06" for r in parts)
    assert all("Estimate" in r.source and "proportion" in r.source for r in parts)


def test_every_municipality_has_one_sourced_recent_population() -> None:
    population = [r for r in demo_statistics() if r.indicator == "population"]
    recent = [r.municipality_code for r in population if r.period == "2024"]
    assert sorted(recent) == sorted(str(row["code"]) for row in municipality_rows())
    assert not any(r.is_estimate for r in population)
    assert {r.municipality_code for r in population if r.period == "2022"} <= KYMPPI


def test_the_other_areas_members_have_only_their_sourced_population() -> None:
    others = {code for area in other_areas() for code in area.member_codes}
    assert len(others) == 24
    assert not others & KYMPPI
    figures = [r for r in demo_statistics() if r.municipality_code in others]
    # No source gives their labour force or jobseekers: nothing is derived for them.
    assert {(r.indicator, r.period, r.is_estimate) for r in figures} == {
        ("population", "2024", False)
    }
    # Their only borders are some with Kymppi members (its sources); none among themselves.
    assert not [b for b in demo_borders() if {b.municipality_code, b.neighbour_code} <= others]


def test_the_borders_inside_the_area_join_members_and_connect_them() -> None:
    inside = [b for b in demo_borders() if "outside" not in (b.source or "")]
    pairs = [(b.municipality_code, b.neighbour_code) for b in inside]
    assert all(a in KYMPPI and b in KYMPPI for a, b in pairs)
    assert len({frozenset(pair) for pair in pairs}) == len(pairs), "a border given twice"
    assert connected_components(KYMPPI, pairs) == [tuple(sorted(KYMPPI))]


@pytest.mark.usefixtures("demo")
async def test_every_stored_border_is_seen_from_both_ends(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    for code in sorted(KYMPPI):
        listed = await client.get(f"/v1/municipalities/{code}/neighbours", headers=auth("viewer"))
        assert listed.status_code == 200, listed.text
        for neighbour in listed.json()["neighbours"]:
            back = await client.get(
                f"/v1/municipalities/{neighbour['code']}/neighbours", headers=auth("viewer")
            )
            assert code in [n["code"] for n in back.json()["neighbours"]], (code, neighbour)


async def test_loading_twice_changes_nothing(
    db_session: AsyncSession, client: httpx.AsyncClient, auth: Auth
) -> None:
    await load_demo_data(db_session)
    await db_session.commit()

    async def snapshot() -> list[object]:
        items, url = [], "/v1/statistics?limit=500"
        while url:
            response = await client.get(url, headers=auth("viewer"))
            assert response.status_code == 200, response.text
            page = response.json()
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

"""The other demo areas: their members from the reference data, nothing made up, loaded once."""

import csv
from collections.abc import Callable

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from areas.demo import DEMO_DIR
from areas.demo_areas import load_other_areas, other_areas
from areas.demo_statistics import load_statistics_and_borders

Auth = Callable[..., dict[str, str]]
# As the reference data lists them (employment_areas_partial.csv), by code.
MEMBERS = {
    "keski-pohjanmaa": ["272", "217", "074", "421", "236", "584", "849", "924"],
    "suupohja": ["151", "218", "846", "232", "287", "301"],
    "seinajoki-ilmajoki-isokyro": ["743", "145", "152"],
    "hanko-inkoo-raasepori": ["078", "149", "710"],
    "porvoo": ["638", "504"],
    "jyvaskyla-muurame": ["179", "500"],
}


def test_the_six_areas_have_the_members_the_reference_data_names() -> None:
    areas = {a.id: a for a in other_areas()}
    assert {k: list(a.member_codes) for k, a in areas.items()} == MEMBERS
    with (DEMO_DIR / "municipalities_mainland.csv").open(encoding="utf-8") as f:
        names = {row["code"]: row["name"] for row in csv.DictReader(f)}
    assert [names[c] for c in areas["suupohja"].member_codes] == [
        "Isojoki",
        "Karijoki",
        "Teuva",
        "Kauhajoki",
        "Kristiinankaupunki",
        "Kurikka",
    ]
    # The home municipality is the most populous member, by the one stated rule.
    assert areas["keski-pohjanmaa"].home_municipality_code == "272"  # Kokkola
    assert areas["hanko-inkoo-raasepori"].home_municipality_code == "710"  # Raasepori
    assert areas["seinajoki-ilmajoki-isokyro"].name_fi == "Seinäjoki\u2013Ilmajoki\u2013Isokyrö"


async def test_the_other_areas_load_once_with_their_members_from_2025(
    client: httpx.AsyncClient, auth: Auth, db_session: AsyncSession, registry: None
) -> None:
    first = await load_other_areas(db_session)
    second = await load_other_areas(db_session)
    await db_session.commit()
    assert first == len(MEMBERS) + sum(len(codes) for codes in MEMBERS.values())
    assert second == 0

    reviewer = auth("reviewer")
    listed = await client.get("/v1/areas?limit=50", headers=reviewer)
    assert listed.status_code == 200, listed.text
    assert sorted(a["id"] for a in listed.json()["items"]) == sorted(MEMBERS)
    for area_id, codes in MEMBERS.items():
        members = await client.get(f"/v1/areas/{area_id}/members?on=2025-01-01", headers=reviewer)
        assert sorted(m["municipality_code"] for m in members.json()["items"]) == sorted(codes)
        before = await client.get(f"/v1/areas/{area_id}/members?on=2024-12-31", headers=reviewer)
        assert before.json()["items"] == []
    area = (await client.get("/v1/areas/porvoo", headers=reviewer)).json()
    assert (area["organisation_form"], area["home_municipality_code"]) == (
        "lead_municipality",
        "638",
    )


@pytest.mark.parametrize("area_id", sorted(MEMBERS))
async def test_without_a_sourced_labour_force_or_borders_eligibility_is_unknown(
    client: httpx.AsyncClient,
    auth: Auth,
    db_session: AsyncSession,
    registry: None,
    area_id: str,
) -> None:
    await load_statistics_and_borders(db_session)
    await load_other_areas(db_session)
    await db_session.commit()
    response = await client.get(
        f"/v1/areas/{area_id}/eligibility?on=2025-06-01", headers=auth("reviewer")
    )
    assert response.status_code == 200, response.text
    body = response.json()
    statuses = {c["criterion"]: c["status"] for c in body["criteria"]}
    assert statuses["labour_force_minimum"] == "unknown"
    assert statuses["contiguity"] == "unknown"
    assert "failed" not in statuses.values()
    assert body["eligible"] is False
    labour = next(c for c in body["criteria"] if c["criterion"] == "labour_force_minimum")
    assert sorted(labour["missing_codes"]) == sorted(MEMBERS[area_id])

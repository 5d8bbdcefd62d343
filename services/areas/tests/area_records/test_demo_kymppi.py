"""The Kymppi demo: area, ten members from 2025-01-01 and the 2025 plan's sections 1-8."""

import csv
from collections.abc import Callable

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from areas.demo import DEMO_DIR
from areas.demo_kymppi import kymppi_plan_data, load_kymppi_area_and_plan

Auth = Callable[..., dict[str, str]]


def csv_codes() -> list[str]:
    with (DEMO_DIR / "kymppi_municipalities.csv").open(encoding="utf-8") as f:
        return sorted(row["code"] for row in csv.DictReader(f))


async def test_the_demo_loads_kymppi_with_its_members_and_plan_once(
    client: httpx.AsyncClient, auth: Auth, db_session: AsyncSession, registry: None
) -> None:
    first = await load_kymppi_area_and_plan(db_session)
    second = await load_kymppi_area_and_plan(db_session)
    await db_session.commit()
    sections = kymppi_plan_data()["plan"]["sections"]
    assert first == 1 + 10 + 1 + len(sections)
    assert second == 0

    viewer = auth("viewer", areas=["kymppi"])
    area = (await client.get("/v1/areas/kymppi", headers=viewer)).json()
    assert (area["organisation_form"], area["home_municipality_code"]) == (
        "joint_municipal_authority",
        "233",
    )
    members = await client.get("/v1/areas/kymppi/members?on=2025-01-01", headers=viewer)
    assert [m["municipality_code"] for m in members.json()["items"]] == csv_codes()
    before = await client.get("/v1/areas/kymppi/members?on=2024-12-31", headers=viewer)
    assert before.json()["items"] == []

    [plan] = (await client.get("/v1/areas/kymppi/plans", headers=viewer)).json()["items"]
    assert (plan["year"], plan["status"]) == (2025, "draft")
    listed = await client.get(f"/v1/areas/kymppi/plans/{plan['id']}/sections", headers=viewer)
    keys = [s["key"] for s in listed.json()["items"]]
    assert [k.split("-")[0] for k in keys] == [str(n) for n in range(1, 9)]
    assert all(s["language"] == "fi" and s["body"] for s in listed.json()["items"])


async def test_loading_again_keeps_an_edited_section(
    client: httpx.AsyncClient, auth: Auth, db_session: AsyncSession, registry: None
) -> None:
    await load_kymppi_area_and_plan(db_session)
    await db_session.commit()
    planner = auth("planner", areas=["kymppi"])
    [plan] = (await client.get("/v1/areas/kymppi/plans", headers=planner)).json()["items"]
    url = f"/v1/areas/kymppi/plans/{plan['id']}/sections/1-alue"
    current = await client.get(url, headers=planner)
    edited = {"title": "Oma otsikko", "body": "Muokattu.", "language": "fi"}
    response = await client.put(
        url, json=edited, headers={**planner, "If-Match": current.headers["ETag"]}
    )
    assert response.status_code == 200

    assert await load_kymppi_area_and_plan(db_session) == 0
    assert (await client.get(url, headers=planner)).json()["title"] == "Oma otsikko"

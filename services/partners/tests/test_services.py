"""The service inventory and its coverage: members only, gaps, counts, HSDS services."""

from collections.abc import Callable
from typing import Any

import httpx

Auth = Callable[..., dict[str, str]]
URL = "/v1/areas/kymppi/services"


def service(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Vuorotteluvapaaneuvonta",
        "provider": {"municipality_code": "233"},
        "municipalities": ["233", "408"],
        "target_groups": ["job_alternation_leave"],
        "channels": ["in_person", "online"],
    }
    body.update(changes)
    return body


def cell(coverage: dict[str, Any], group: str, code: str) -> list[int]:
    row = next(r for r in coverage["rows"] if r["target_group"] == group)
    return list(next(c for c in row["cells"] if c["municipality_code"] == code)["service_ids"])


async def test_the_demo_inventory_has_gaps_that_a_new_service_closes(
    client: httpx.AsyncClient, demo: None, planner: dict[str, str], viewer: dict[str, str]
) -> None:
    coverage = (await client.get("/v1/areas/kymppi/coverage", headers=viewer)).json()
    assert [m["code"] for m in coverage["municipalities"]] == [
        "005",
        "010",
        "052",
        "233",
        "300",
        "403",
        "408",
        "759",
        "934",
        "989",
    ]
    assert coverage["municipalities"][3]["name_fi"] == "Kauhava"
    assert len(coverage["rows"]) == 12
    assert len(coverage["columns"]) == 10
    # The plan's text names no service for job-alternation-leave customers (§3.4, §8).
    leave = next(r for r in coverage["rows"] if r["target_group"] == "job_alternation_leave")
    assert (leave["services"], leave["covered"], leave["gaps"]) == (0, 0, 10)
    assert {"target_group": "job_alternation_leave", "municipality_code": "233"} in coverage["gaps"]
    # Nor for activation, outside-the-labour-force or employed customers: 4 rows x 10.
    empty = {r["target_group"] for r in coverage["rows"] if r["covered"] == 0}
    assert empty == {"activation", "job_alternation_leave", "outside_labour_force", "employed"}
    totals = coverage["totals"]
    assert totals["gaps"] == 40
    assert totals["cells"] == 120
    assert totals["covered"] + totals["gaps"] == 120
    assert totals["gaps"] == len(coverage["gaps"]) == sum(r["gaps"] for r in coverage["rows"])
    assert sum(c["gaps"] for c in coverage["columns"]) == totals["gaps"]

    created = await client.post(URL, json=service(), headers=planner)
    assert created.status_code == 201, created.text
    new_id = created.json()["id"]
    after = (await client.get("/v1/areas/kymppi/coverage", headers=viewer)).json()
    assert cell(after, "job_alternation_leave", "233") == [new_id]
    assert cell(after, "job_alternation_leave", "005") == []
    assert after["totals"]["gaps"] == totals["gaps"] - 2
    kauhava = next(c for c in after["columns"] if c["municipality_code"] == "233")
    before = next(c for c in coverage["columns"] if c["municipality_code"] == "233")
    assert kauhava["covered"] == before["covered"] + 1
    assert new_id in {s["id"] for s in after["services"]}


async def test_only_active_services_on_the_day_count(
    client: httpx.AsyncClient, planner: dict[str, str], viewer: dict[str, str]
) -> None:
    planned = (await client.post(URL, json=service(status="planned"), headers=planner)).json()
    dated = await client.post(
        URL, json=service(valid_from="2026-01-01", valid_to="2026-06-30"), headers=planner
    )
    dated_id = dated.json()["id"]
    on_day = (await client.get("/v1/areas/kymppi/coverage?on=2026-03-01", headers=viewer)).json()
    assert cell(on_day, "job_alternation_leave", "408") == [dated_id]
    later = (await client.get("/v1/areas/kymppi/coverage?on=2026-07-01", headers=viewer)).json()
    assert cell(later, "job_alternation_leave", "408") == []
    assert planned["id"] not in {s["id"] for s in on_day["services"]}


async def test_a_service_reaches_and_is_provided_by_members_only(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    # 091 Helsinki is no member of Kymppi.
    outside = await client.post(URL, json=service(municipalities=["233", "091"]), headers=planner)
    assert outside.status_code == 422
    assert outside.json()["type"] == "/problems/not-a-member-municipality"
    assert outside.json()["errors"][0]["field"] == "municipalities.1"
    provider = await client.post(
        URL, json=service(provider={"municipality_code": "091"}), headers=planner
    )
    assert provider.json()["errors"][0]["field"] == "provider.municipality_code"
    nobody = await client.post(URL, json=service(provider={"partner_id": 999999}), headers=planner)
    assert nobody.status_code == 422
    assert nobody.json()["type"] == "/problems/unknown-partner"
    both = await client.post(
        URL,
        json=service(provider={"partner_id": 1, "municipality_code": "233"}),
        headers=planner,
    )
    assert both.status_code == 422
    empty = await client.post(URL, json=service(target_groups=[]), headers=planner)
    assert empty.status_code == 422


async def test_filters_and_hsds_services(
    client: httpx.AsyncClient, demo: None, planner: dict[str, str]
) -> None:
    await client.post(URL, json=service(), headers=planner)
    young = (await client.get(f"{URL}?target_group=young_people", headers=planner)).json()
    assert young["items"]
    assert all("young_people" in s["target_groups"] for s in young["items"])
    lapua = (await client.get(f"{URL}?municipality_code=408&status=active", headers=planner)).json()
    assert all("408" in s["municipalities"] for s in lapua["items"])
    hsds = (await client.get(f"{URL}?format=hsds", headers=planner)).json()
    assert hsds["total_items"] == len(hsds["contents"]) >= 8
    mine = next(s for s in hsds["contents"] if s["name"] == "Vuorotteluvapaaneuvonta")
    assert mine["organization"]["name"] == "Kauhava"
    assert mine["organization_id"] == mine["organization"]["id"]
    assert [a["name"] for a in mine["service_areas"]] == ["Kauhava", "Lapua"]
    assert mine["status"] == "active"
    typ = next(s for s in hsds["contents"] if s["name"].startswith("Monialainen"))
    assert typ["organization"]["name"] == "Etelä-Pohjanmaan hyvinvointialue"
    again = (await client.get(f"{URL}?format=hsds", headers=planner)).json()
    assert [s["id"] for s in again["contents"]] == [s["id"] for s in hsds["contents"]]


async def test_replace_delete_and_tenancy(
    client: httpx.AsyncClient, planner: dict[str, str], viewer: dict[str, str], auth: Auth
) -> None:
    created = await client.post(URL, json=service(), headers=planner)
    url = created.headers["Location"]
    assert (await client.delete(url, headers=viewer)).status_code == 403
    outsider = auth("planner", areas=["porvoo"])
    assert (await client.get(url, headers=outsider)).status_code == 404
    assert (await client.get("/v1/areas/kymppi/coverage", headers=outsider)).status_code == 404
    etag = created.headers["ETag"]
    moved = await client.put(
        url, json=service(municipalities=["005"]), headers={**planner, "If-Match": etag}
    )
    assert moved.status_code == 200
    assert moved.json()["municipalities"] == ["005"]
    fresh = {**planner, "If-Match": moved.headers["ETag"]}
    assert (await client.delete(url, headers=fresh)).status_code == 204

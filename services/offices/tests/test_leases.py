"""Leases through the API: create, read, replace, notice dates (the commercial leases act
482/1995, DOMAIN.md §4), the area's upcoming deadlines and its rents for a year. Expected
dates and cents are worked out by hand in the comments."""

from collections.abc import Callable
from typing import Any

import httpx

from offices.testing import create_office

Auth = Callable[..., dict[str, str]]


def lease(**changes: Any) -> dict[str, Any]:
    body = {
        "landlord": "Kiinteistö Oy Alajärven Kauppatie",
        "start_date": "2024-02-15",
        "end_date": None,
        "tenant_notice_months": 6,
        "rent_eur_month": "1000.00",
        "area_m2": 180.5,
        "indexation": "Elinkustannusindeksi",
    }
    return {**body, **changes}


async def leases_url(client: httpx.AsyncClient, planner: dict[str, str], **office: Any) -> str:
    return str((await create_office(client, planner, **office)).headers["Location"]) + "/leases"


async def add_lease(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], **changes: Any
) -> Any:
    answer = await client.post(url, json=lease(**changes), headers=headers)
    assert answer.status_code == 201, answer.text
    return answer


async def test_a_planner_creates_lists_reads_and_replaces_a_lease(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    url = await leases_url(client, planner)
    created = await add_lease(client, url, planner)
    body = created.json()
    assert created.headers["Location"] == f"{url}/{body['id']}"
    assert (body["lease_type"], body["notice_months"], body["rent_eur_month"], body["area_m2"]) == (
        "until_further_notice",
        6,
        "1000.00",
        180.5,
    )
    listed = await client.get(url, headers=planner)
    assert [item["id"] for item in listed.json()["items"]] == [body["id"]]
    lease_url = created.headers["Location"]
    changed = lease(end_date="2027-06-30", tenant_notice_months=None, rent_eur_month=1100)
    assert (await client.put(lease_url, json=changed, headers=planner)).status_code == 428
    replaced = await client.put(
        lease_url, json=changed, headers={**planner, "If-Match": created.headers["ETag"]}
    )
    assert replaced.status_code == 200, replaced.text
    assert (replaced.json()["lease_type"], replaced.json()["notice_months"]) == ("fixed_term", None)
    assert replaced.json()["rent_eur_month"] == "1100.00"
    stale = await client.put(
        lease_url, json=changed, headers={**planner, "If-Match": created.headers["ETag"]}
    )
    assert stale.status_code == 412


async def test_notice_to_end_by_31_december_is_due_30_june(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    url = await leases_url(client, planner)
    lease_url = (await add_lease(client, url, planner)).headers["Location"]
    answer = await client.get(f"{lease_url}/notice?end_by=2026-12-31", headers=planner)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["notice_applies"], body["notice_by"], body["ends_on"]) == (
        True,
        "2026-06-30",
        "2026-12-31",
    )
    given = await client.get(f"{lease_url}/notice?given_on=2026-06-15", headers=planner)
    assert (given.json()["given_on"], given.json()["ends_on"]) == ("2026-06-15", "2026-12-31")
    both = await client.get(
        f"{lease_url}/notice?end_by=2026-12-31&given_on=2026-06-15", headers=planner
    )
    assert both.status_code == 422


async def test_a_fixed_term_lease_answers_its_end_date_and_that_notice_does_not_apply(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    url = await leases_url(client, planner)
    lease_url = (
        await add_lease(client, url, planner, end_date="2027-03-31", tenant_notice_months=None)
    ).headers["Location"]
    answer = await client.get(f"{lease_url}/notice?end_by=2026-12-31", headers=planner)
    body = answer.json()
    assert (body["lease_type"], body["notice_applies"], body["notice_by"], body["ends_on"]) == (
        "fixed_term",
        False,
        None,
        "2027-03-31",
    )


async def test_upcoming_lists_the_deadlines_within_the_window_soonest_first(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    alajarvi = await leases_url(client, planner)
    kauhava = await leases_url(
        client, planner, municipality_code="233", name={"fi": "Kauhava"}, lat=63.1, lon=23.06
    )
    six = (await add_lease(client, alajarvi, planner)).json()["id"]
    three = (await add_lease(client, kauhava, planner, tenant_notice_months=3)).json()["id"]
    fixed = (
        await add_lease(client, kauhava, planner, end_date="2026-05-31", tenant_notice_months=None)
    ).json()["id"]
    await add_lease(client, kauhava, planner, start_date="2020-01-01", end_date="2025-12-31")
    # From 1 March 2026: the 6-month lease's next year end is 31.12.2026, notice by 30.6.
    # (121 days); the 3-month one's by 30.9. (213 days); the fixed term ends 31.5. (91).
    # The lease that ended in 2025 is not running.
    answer = await client.get(
        "/v1/areas/kymppi/leases/upcoming?within_days=180&today=2026-03-01", headers=planner
    )
    assert answer.status_code == 200, answer.text
    items = answer.json()["items"]
    assert [(i["lease_id"], i["deadline"], i["days_left"]) for i in items] == [
        (fixed, "2026-05-31", 91),
        (six, "2026-06-30", 121),
    ]
    assert (items[1]["end_by"], items[1]["notice_by"], items[1]["office_name_fi"]) == (
        "2026-12-31",
        "2026-06-30",
        "Alajärven toimipiste",
    )
    wider = await client.get(
        "/v1/areas/kymppi/leases/upcoming?within_days=213&today=2026-03-01", headers=planner
    )
    assert [i["lease_id"] for i in wider.json()["items"]] == [fixed, six, three]
    chosen = await client.get(
        "/v1/areas/kymppi/leases/upcoming?within_days=365&today=2026-03-01&end_by=2027-03-31",
        headers=planner,
    )
    # To end by 31.3.2027: 6 months -> 30.9.2026, 3 months -> 31.12.2026.
    assert [(i["lease_id"], i["notice_by"]) for i in chosen.json()["items"]] == [
        (fixed, None),
        (six, "2026-09-30"),
        (three, "2026-12-31"),
    ]


async def test_premises_costs_add_up_by_office_to_the_cent(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    alajarvi = await leases_url(client, planner)
    kauhava = await leases_url(
        client, planner, municipality_code="233", name={"fi": "Kauhava"}, lat=63.1, lon=23.06
    )
    await add_lease(client, alajarvi, planner)  # 15.2.2024-: 1000.00 x 15/29 + 10 x 1000.00
    await add_lease(
        client,
        kauhava,
        planner,
        start_date="2020-01-01",
        end_date="2024-06-10",
        rent_eur_month="2000.10",
    )  # Jan-May 5 x 2000.10 + June 2000.10 x 10/30 = 666.70
    answer = await client.get("/v1/areas/kymppi/premises-costs?year=2024", headers=planner)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert [(o["municipality_code"], o["total_eur"]) for o in body["offices"]] == [
        ("005", "10517.24"),
        ("233", "10667.20"),
    ]
    assert body["total_eur"] == "21184.44"
    june = body["offices"][1]["leases"][0]["months"][-1]
    assert (june["month"], june["days"], june["days_in_month"], june["eur"]) == (
        "2024-06",
        10,
        30,
        "666.70",
    )
    empty = await client.get("/v1/areas/kymppi/premises-costs?year=2019", headers=planner)
    assert (empty.json()["total_eur"], empty.json()["offices"]) == ("0.00", [])


async def test_leases_are_the_areas_own_and_only_its_writers_write_them(
    client: httpx.AsyncClient, planner: dict[str, str], viewer: dict[str, str], auth: Auth
) -> None:
    url = await leases_url(client, planner)
    lease_url = (await add_lease(client, url, planner)).headers["Location"]
    outsider = auth("viewer", areas=["seinajoki"])
    for path in (
        url,
        lease_url,
        lease_url + "/notice",
        "/v1/areas/kymppi/leases/upcoming",
        "/v1/areas/kymppi/premises-costs",
    ):
        assert (await client.get(path, headers=outsider)).status_code == 404, path
    assert (await client.post(url, json=lease(), headers=viewer)).status_code == 403
    assert (await client.get(lease_url, headers=viewer)).status_code == 200
    missing = await client.get("/v1/areas/kymppi/offices/999999/leases", headers=planner)
    assert missing.json()["type"] == "/problems/office-not-found"
    other = await client.get(f"{url}/999999", headers=planner)
    assert other.json()["type"] == "/problems/lease-not-found"


async def test_bad_leases_are_422(client: httpx.AsyncClient, planner: dict[str, str]) -> None:
    url = await leases_url(client, planner)
    for change, field in (
        ({"end_date": "2024-01-01"}, "body"),
        ({"rent_eur_month": "12.345"}, "rent_eur_month"),
        ({"rent_eur_month": -1}, "rent_eur_month"),
        ({"tenant_notice_months": 121}, "tenant_notice_months"),
        ({"area_m2": 0}, "area_m2"),
        ({"start_date": "1999-12-31"}, "start_date"),
        ({"landlord": ""}, "landlord"),
    ):
        answer = await client.post(url, json=lease(**change), headers=planner)
        assert answer.status_code == 422, change
        assert field in [e["field"] for e in answer.json()["errors"]], answer.json()


async def test_a_repeated_idempotency_key_replays_the_first_lease(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    url = await leases_url(client, planner)
    headers = {**planner, "Idempotency-Key": "lease-1"}
    first = await client.post(url, json=lease(), headers=headers)
    again = await client.post(url, json=lease(), headers=headers)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert len((await client.get(url, headers=planner)).json()["items"]) == 1

"""Cooperation arrangements: writes, partners that must exist, expiring ones, tenancy."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import httpx

Auth = Callable[..., dict[str, str]]


def arrangement(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "agreement",
        "title": "Yhteishankintasopimus",
        "themes": ["training"],
        "area_ids": ["seinajoki-ilmajoki-isokyro"],
        "valid_from": "2025-01-01",
        "valid_to": "2025-12-31",
        "documents": [{"title": "Sopimus", "url": "https://example.fi/sopimus.pdf"}],
    }
    body.update(changes)
    return body


async def test_expiring_within_days_lists_those_ending_in_the_window(
    client: httpx.AsyncClient, planner: dict[str, str], viewer: dict[str, str]
) -> None:
    url = "/v1/areas/kymppi/cooperation"
    for title, valid_to in (("ends soon", "2025-03-31"), ("ends later", "2025-12-31")):
        answer = await client.post(
            url, json=arrangement(title=title, valid_to=valid_to), headers=planner
        )
        assert answer.status_code == 201, answer.text
    await client.post(url, json=arrangement(title="open", valid_to=None), headers=planner)
    # 1.1.2025 + 90 days = 1.4.2025: the one ending 31.3. is in, 31.12. is not.
    assert dt.date(2025, 1, 1) + dt.timedelta(days=90) == dt.date(2025, 4, 1)
    soon = await client.get(f"{url}?expiring_within_days=90&on=2025-01-01", headers=viewer)
    assert [c["title"] for c in soon.json()["items"]] == ["ends soon"]
    themed = await client.get(f"{url}?theme=training&kind=agreement", headers=viewer)
    assert len(themed.json()["items"]) == 3
    assert (await client.get(f"{url}?theme=youth", headers=viewer)).json()["items"] == []


async def test_partners_must_exist_and_other_areas_are_others(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    url = "/v1/areas/kymppi/cooperation"
    unknown = await client.post(url, json=arrangement(partner_ids=[999999]), headers=planner)
    assert unknown.status_code == 422
    assert unknown.json()["type"] == "/problems/unknown-partner"
    assert unknown.json()["errors"][0]["field"] == "partner_ids.0"
    itself = await client.post(url, json=arrangement(area_ids=["kymppi"]), headers=planner)
    assert itself.status_code == 422
    assert itself.json()["type"] == "/problems/not-another-area"
    backwards = await client.post(url, json=arrangement(valid_to="2024-01-01"), headers=planner)
    assert backwards.status_code == 422
    assert backwards.json()["errors"][0]["field"] == "valid_to"


async def test_replace_and_delete_need_the_current_etag(
    client: httpx.AsyncClient, planner: dict[str, str], viewer: dict[str, str]
) -> None:
    created = await client.post("/v1/areas/kymppi/cooperation", json=arrangement(), headers=planner)
    url = created.headers["Location"]
    etag = created.headers["ETag"]
    assert (await client.put(url, json=arrangement(), headers=viewer)).status_code == 403
    changed = await client.put(
        url, json=arrangement(title="Uusi nimi"), headers={**planner, "If-Match": etag}
    )
    assert changed.status_code == 200
    assert changed.json()["title"] == "Uusi nimi"
    assert (await client.delete(url, headers={**planner, "If-Match": etag})).status_code == 412
    fresh = {**planner, "If-Match": changed.headers["ETag"]}
    assert (await client.delete(url, headers=fresh)).status_code == 204


async def test_another_areas_cooperation_is_not_found(
    client: httpx.AsyncClient, demo: None, auth: Auth
) -> None:
    outsider = auth("viewer", areas=["porvoo"])
    assert (await client.get("/v1/areas/kymppi/cooperation", headers=outsider)).status_code == 404
    assert (await client.get("/v1/areas/kymppi/cooperation/1", headers=outsider)).status_code == 404
    reviewer = auth("reviewer")
    assert (await client.get("/v1/areas/kymppi/cooperation", headers=reviewer)).json()["items"]


async def test_an_area_the_areas_service_does_not_have_is_not_found(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    answer = await client.post("/v1/areas/nowhere/cooperation", json=arrangement(), headers=admin)
    assert answer.status_code == 404


async def test_a_day_must_be_an_iso_date(
    client: httpx.AsyncClient, viewer: dict[str, str], planner: dict[str, str]
) -> None:
    answer = await client.get("/v1/areas/kymppi/cooperation?on=0", headers=viewer)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "on"
    body = arrangement(valid_from=1735689600)
    refused = await client.post("/v1/areas/kymppi/cooperation", json=body, headers=planner)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "valid_from"

"""Contacts are the area's and its planners' only: never in the partner, hidden from viewers,
reviewers, admins and other areas."""

from collections.abc import Callable
from typing import Any

import httpx

Auth = Callable[..., dict[str, str]]
CONTACT = {"name": "Maija Meikäläinen", "role": "koordinaattori", "email": "maija@example.fi"}


async def _partner(client: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, Any]:
    created = await client.post(
        "/v1/partners", json={"name": {"fi": "Testipaja"}, "kind": "workshop"}, headers=headers
    )
    assert created.status_code == 201, created.text
    return dict(created.json())


async def test_a_planner_keeps_contacts_that_only_the_areas_planners_see(
    client: httpx.AsyncClient, planner: dict[str, str], viewer: dict[str, str], auth: Auth
) -> None:
    partner = await _partner(client, planner)
    url = f"/v1/areas/kymppi/partners/{partner['id']}/contacts"
    created = await client.post(url, json=CONTACT, headers=planner)
    assert created.status_code == 201, created.text
    listed = (await client.get(url, headers=planner)).json()["items"]
    assert [c["email"] for c in listed] == ["maija@example.fi"]
    # The partner itself never carries them.
    shared = (await client.get(f"/v1/partners/{partner['id']}", headers=planner)).json()
    assert "maija" not in str(shared).lower()
    for who in (viewer, auth("reviewer"), auth("admin")):
        answer = await client.get(url, headers=who)
        assert answer.status_code == 403
        assert answer.json()["type"] == "/problems/contacts-forbidden"
        assert (await client.get(created.headers["Location"], headers=who)).status_code == 403
    other_area = auth("planner", areas=["porvoo"])
    assert (await client.get(url, headers=other_area)).status_code == 404
    assert (await client.post(url, json=CONTACT, headers=other_area)).status_code == 404
    # The other area's planner sees only its own (none) at the same partner.
    porvoo = f"/v1/areas/porvoo/partners/{partner['id']}/contacts"
    assert (await client.get(porvoo, headers=other_area)).json()["items"] == []


async def test_a_viewer_cannot_add_a_contact_and_a_contact_can_be_removed(
    client: httpx.AsyncClient, planner: dict[str, str], viewer: dict[str, str]
) -> None:
    partner = await _partner(client, planner)
    url = f"/v1/areas/kymppi/partners/{partner['id']}/contacts"
    assert (await client.post(url, json=CONTACT, headers=viewer)).status_code == 403
    created = await client.post(url, json=CONTACT, headers=planner)
    one = created.headers["Location"]
    assert (await client.delete(one, headers=planner)).status_code == 428
    etag = (await client.get(one, headers=planner)).headers["ETag"]
    assert (await client.delete(one, headers={**planner, "If-Match": etag})).status_code == 204
    assert (await client.get(one, headers=planner)).status_code == 404


async def test_contacts_of_an_unknown_partner_or_with_bad_fields(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    missing = await client.post(
        "/v1/areas/kymppi/partners/999999/contacts", json=CONTACT, headers=planner
    )
    assert missing.status_code == 404
    assert missing.json()["type"] == "/problems/partner-not-found"
    partner = await _partner(client, planner)
    bad = await client.post(
        f"/v1/areas/kymppi/partners/{partner['id']}/contacts",
        json={"name": "", "email": "not-an-email", "phone": "call me"},
        headers=planner,
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"name", "email", "phone"}

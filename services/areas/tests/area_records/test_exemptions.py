"""Exemptions (poikkeuslupa) recorded for an area with their decision reference."""

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

Auth = Callable[..., dict[str, str]]
Created = Callable[..., Awaitable[dict[str, Any]]]

EXEMPTIONS = "/v1/areas/kymppi/exemptions"
EXEMPTION = {
    "criterion": "labour_force_minimum",
    "decision_reference": "VN/1234/2024",
    "decided_on": "2024-02-22",
    "valid_from": "2025-01-01",
    "valid_to": "2026-12-31",
    "note": "Palvelujen saatavuus ei vaarannu.",
}


async def test_an_admin_records_an_exemption_and_readers_list_and_fetch_it(
    client: httpx.AsyncClient, auth: Auth, kymppi: str, created: Created
) -> None:
    exemption = await created(EXEMPTIONS, EXEMPTION)
    assert {k: exemption[k] for k in EXEMPTION} == EXEMPTION
    viewer = auth("viewer", areas=["kymppi"])
    listing = await client.get(EXEMPTIONS, headers=viewer)
    assert [e["id"] for e in listing.json()["items"]] == [exemption["id"]]
    one = await client.get(f"{EXEMPTIONS}/{exemption['id']}", headers=viewer)
    assert one.status_code == 200
    assert one.json() == exemption


async def test_the_list_filters_by_the_date_an_exemption_is_valid_on(
    client: httpx.AsyncClient, admin: dict[str, str], kymppi: str, created: Created
) -> None:
    ended = await created(EXEMPTIONS, EXEMPTION)
    open_ended = await created(
        EXEMPTIONS,
        {**EXEMPTION, "criterion": "contiguity", "valid_from": "2026-06-01", "valid_to": None},
    )

    async def ids(on: str) -> list[int]:
        response = await client.get(f"{EXEMPTIONS}?on={on}", headers=admin)
        return [e["id"] for e in response.json()["items"]]

    assert await ids("2024-12-31") == []
    assert await ids("2026-07-01") == [ended["id"], open_ended["id"]]
    assert await ids("2027-01-01") == [open_ended["id"]]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"criterion": "population"}, "criterion"),
        ({"decision_reference": ""}, "decision_reference"),
        ({"decided_on": "22.2.2024"}, "decided_on"),
        ({"valid_to": "2024-12-31"}, "valid_to"),
        ({"note": "x" * 4001}, "note"),
    ],
)
async def test_a_bad_exemption_is_422_naming_the_field_and_nothing_is_written(
    client: httpx.AsyncClient,
    admin: dict[str, str],
    kymppi: str,
    change: dict[str, Any],
    field: str,
) -> None:
    response = await client.post(EXEMPTIONS, json={**EXEMPTION, **change}, headers=admin)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert (await client.get(EXEMPTIONS, headers=admin)).json()["items"] == []


async def test_only_an_admin_records_exemptions(
    client: httpx.AsyncClient, auth: Auth, kymppi: str
) -> None:
    for roles in (("planner",), ("viewer",)):
        response = await client.post(
            EXEMPTIONS, json=EXEMPTION, headers=auth(*roles, areas=["kymppi"])
        )
        assert response.status_code == 403
    reviewer = await client.post(EXEMPTIONS, json=EXEMPTION, headers=auth("reviewer"))
    assert reviewer.status_code == 403
    outsider = await client.get(EXEMPTIONS, headers=auth("viewer", areas=["other"]))
    assert outsider.status_code == 404


async def test_an_admin_changes_an_exemptions_end_and_note_with_if_match(
    client: httpx.AsyncClient, admin: dict[str, str], kymppi: str, created: Created
) -> None:
    exemption = await created(EXEMPTIONS, EXEMPTION)
    url = f"{EXEMPTIONS}/{exemption['id']}"
    change = {"valid_to": "2027-06-30", "note": "Jatkettu."}
    assert (await client.patch(url, json=change, headers=admin)).status_code == 428
    etag = (await client.get(url, headers=admin)).headers["ETag"]
    changed = await client.patch(url, json=change, headers={**admin, "If-Match": etag})
    assert changed.status_code == 200, changed.text
    assert {k: changed.json()[k] for k in change} == change
    assert changed.json()["criterion"] == EXEMPTION["criterion"]
    stale = await client.patch(url, json={"note": "x"}, headers={**admin, "If-Match": etag})
    assert stale.status_code == 412


async def test_an_exemptions_end_before_its_start_is_422(
    client: httpx.AsyncClient, admin: dict[str, str], kymppi: str, created: Created
) -> None:
    exemption = await created(EXEMPTIONS, EXEMPTION)
    url = f"{EXEMPTIONS}/{exemption['id']}"
    headers = {**admin, "If-Match": "*"}
    early = await client.patch(url, json={"valid_to": "2024-12-31"}, headers=headers)
    assert early.status_code == 422
    assert early.json()["errors"][0]["field"] == "valid_to"
    assert (await client.get(url, headers=admin)).json() == exemption


async def test_a_read_with_the_current_etag_in_if_none_match_is_304(
    client: httpx.AsyncClient, admin: dict[str, str], kymppi: str, created: Created
) -> None:
    exemption = await created(EXEMPTIONS, EXEMPTION)
    for url in [f"{EXEMPTIONS}/{exemption['id']}", "/v1/areas/kymppi"]:
        etag = (await client.get(url, headers=admin)).headers["ETag"]
        cached = await client.get(url, headers={**admin, "If-None-Match": etag})
        assert cached.status_code == 304, url
        assert cached.headers["ETag"] == etag
        assert cached.content == b""


async def test_an_outsider_with_an_admins_idempotency_key_gets_404(
    client: httpx.AsyncClient, auth: Auth, admin: dict[str, str], kymppi: str
) -> None:
    key = {"Idempotency-Key": "k-exemption"}
    first = await client.post(EXEMPTIONS, json=EXEMPTION, headers={**admin, **key})
    assert first.status_code == 201
    outsider = {**auth("viewer", areas=["toinen"], sub="admin-1"), **key}
    refused = await client.post(EXEMPTIONS, json=EXEMPTION, headers=outsider)
    assert refused.status_code == 404
    assert "decision_reference" not in refused.text

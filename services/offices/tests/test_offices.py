"""Offices: create, read, replace, delete, filters, pages, membership, tenancy, bad input."""

from collections.abc import Callable

import httpx
import pytest

from offices.testing import OFFICES, create_office, office

Auth = Callable[..., dict[str, str]]


async def test_a_planner_creates_reads_replaces_and_deletes_an_office(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    created = await create_office(client, planner, ptv_id="2b8c9a4e-0c3a-4f7e-9d55-1f0e3c6a7b21")
    body = created.json()
    url = created.headers["Location"]
    assert url == f"{OFFICES}/{body['id']}"
    assert body["address"] == {
        "street": "Kauppatie 12",
        "postal_code": "62900",
        "post_office": "Alajärvi",
    }
    assert (body["kind"], body["status"], body["name"]["sv"]) == (
        "office",
        "open",
        "Alajärvi verksamhetsställe",
    )
    read = await client.get(url, headers=planner)
    assert read.status_code == 200
    assert read.headers["ETag"] == created.headers["ETag"]
    assert (
        await client.get(url, headers={**planner, "If-None-Match": read.headers["ETag"]})
    ).status_code == 304

    changed = office(kind="online", address=None, lat=None, lon=None, name={"fi": "Verkossa"})
    assert (await client.put(url, json=changed, headers=planner)).status_code == 428
    stale = {**planner, "If-Match": '"stale"'}
    assert (await client.put(url, json=changed, headers=stale)).status_code == 412
    replaced = await client.put(
        url, json=changed, headers={**planner, "If-Match": read.headers["ETag"]}
    )
    assert replaced.status_code == 200, replaced.text
    # Replaced means replaced: what was not sent is gone.
    assert (replaced.json()["address"], replaced.json()["ptv_id"]) == (None, None)

    assert (
        await client.delete(url, headers={**planner, "If-Match": read.headers["ETag"]})
    ).status_code == 412
    deleted = await client.delete(url, headers={**planner, "If-Match": replaced.headers["ETag"]})
    assert deleted.status_code == 204
    gone = await client.get(url, headers=planner)
    assert gone.status_code == 404
    assert gone.json()["type"] == "/problems/office-not-found"


async def test_filters_narrow_the_list_and_pages_follow_the_cursor(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    await create_office(client, planner)
    await create_office(
        client,
        planner,
        kind="local_service_point",
        municipality_code="934",
        name={"fi": "Vimpeli"},
        lat=63.16,
        lon=23.82,
    )
    await create_office(
        client,
        planner,
        kind="mobile",
        status="planned",
        address=None,
        lat=None,
        lon=None,
        municipality_code="759",
        name={"fi": "Palvelubussi"},
    )
    listed = await client.get(OFFICES, headers=planner)
    assert [o["municipality_code"] for o in listed.json()["items"]] == ["005", "934", "759"]
    for query, expected in (
        ("kind=local_service_point", ["934"]),
        ("status=planned", ["759"]),
        ("municipality_code=005", ["005"]),
        ("kind=office&status=planned", []),
    ):
        answer = await client.get(f"{OFFICES}?{query}", headers=planner)
        assert [o["municipality_code"] for o in answer.json()["items"]] == expected, query
    first = await client.get(f"{OFFICES}?limit=2", headers=planner)
    assert len(first.json()["items"]) == 2
    assert first.headers["Link"].endswith('rel="next"')
    rest = await client.get(
        f"{OFFICES}?limit=2&cursor={first.json()['next_cursor']}", headers=planner
    )
    assert [o["municipality_code"] for o in rest.json()["items"]] == ["759"]
    assert rest.json()["next_cursor"] is None


async def test_the_municipality_must_be_a_member_of_the_area(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    # 091 (Helsinki) is not a Kymppi member (areas demo data).
    answer = await client.post(OFFICES, json=office(municipality_code="091"), headers=planner)
    assert answer.status_code == 422
    problem = answer.json()
    assert problem["type"] == "/problems/municipality-not-a-member"
    assert problem["errors"][0]["field"] == "municipality_code"
    assert (await client.get(OFFICES, headers=planner)).json()["items"] == []


async def test_an_unknown_area_is_404_for_an_admin_and_the_areas_service_decides(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    answer = await client.post("/v1/areas/nowhere/offices", json=office(), headers=auth("admin"))
    assert answer.status_code == 404


async def test_another_areas_token_gets_404_and_a_viewer_cannot_write(
    client: httpx.AsyncClient, planner: dict[str, str], viewer: dict[str, str], auth: Auth
) -> None:
    url = (await create_office(client, planner)).headers["Location"]
    outsider = auth("planner", areas=["seinajoki"])
    for method, path in (
        ("GET", url),
        ("GET", OFFICES),
        ("GET", url + "/hours"),
        ("GET", url + "/leases"),
    ):
        assert (await client.request(method, path, headers=outsider)).status_code == 404, path
    assert (await client.post(OFFICES, json=office(), headers=outsider)).status_code == 404
    assert (await client.get(url, headers=viewer)).status_code == 200
    assert (await client.get(url, headers=auth("reviewer"))).status_code == 200
    assert (await client.post(OFFICES, json=office(), headers=viewer)).status_code == 403
    etag = (await client.get(url, headers=viewer)).headers["ETag"]
    for method, body in (("PUT", office()), ("DELETE", None)):
        answer = await client.request(method, url, json=body, headers={**viewer, "If-Match": etag})
        assert answer.status_code == 403, method
    assert (await client.get(url)).status_code == 401


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            {"address": {"street": "Tie 1", "postal_code": "6290", "post_office": "X"}},
            "address.postal_code",
        ),
        ({"lat": 58.9}, "lat"),
        ({"lon": 32.0}, "lon"),
        ({"kind": "branch"}, "kind"),
        ({"status": "maybe"}, "status"),
        ({"municipality_code": "5"}, "municipality_code"),
        ({"services": ["Job Matching"]}, "services.0"),
        ({"name": {"sv": "Utan finska"}}, "name.fi"),
        ({"ptv_id": "not-a-uuid"}, "ptv_id"),
        ({"colour": "red"}, "colour"),
        ({"address": None}, "body"),
        ({"lon": None}, "body"),
        ({"services": ["youth", "youth"]}, "body"),
        ({"opened_on": "2025-06-01", "closed_on": "2025-05-31"}, "body"),
    ],
)
async def test_bad_offices_are_422_naming_the_field(
    client: httpx.AsyncClient, planner: dict[str, str], change: dict[str, object], field: str
) -> None:
    answer = await client.post(OFFICES, json=office(**change), headers=planner)
    assert answer.status_code == 422, answer.text
    assert field in [e["field"] for e in answer.json()["errors"]], answer.json()


async def test_a_repeated_idempotency_key_replays_the_first_office(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    headers = {**planner, "Idempotency-Key": "alajarvi-1"}
    first = await client.post(OFFICES, json=office(), headers=headers)
    again = await client.post(OFFICES, json=office(), headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert len((await client.get(OFFICES, headers=planner)).json()["items"]) == 1
    other = await client.post(OFFICES, json=office(status="planned"), headers=headers)
    assert other.status_code == 422


async def test_a_mobile_or_online_place_needs_no_address(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    online = await create_office(
        client, planner, kind="online", address=None, lat=None, lon=None, name={"fi": "Verkko"}
    )
    assert (online.json()["address"], online.json()["lat"]) == (None, None)


async def test_the_address_may_be_given_flat_and_is_answered_both_ways(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    """The issue lists the address as `street`, `postal_code`, `post_office`: flat fields
    are taken as the nested `address`, and the answer carries both."""
    flat = {"street": "Kauppatie 12", "postal_code": "62900", "post_office": "Alajärvi"}
    created = await create_office(client, planner, address=None, **flat)
    body = created.json()
    assert body["address"] == flat
    assert {name: body[name] for name in flat} == flat
    read = await client.get(created.headers["Location"], headers=planner)
    assert read.json()["address"] == flat
    assert read.json()["postal_code"] == "62900"
    same = await create_office(client, planner, **flat)
    assert same.json()["address"] == flat


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"address": None, "street": "Kauppatie 12"}, "body"),
        (
            {"address": None, "street": "Tie 1", "postal_code": "629", "post_office": "X"},
            "postal_code",
        ),
        ({"street": "Toinen tie 3", "postal_code": "62900", "post_office": "Alajärvi"}, "body"),
    ],
)
async def test_a_flat_address_is_whole_valid_and_agrees_with_the_nested_one(
    client: httpx.AsyncClient, planner: dict[str, str], change: dict[str, object], field: str
) -> None:
    answer = await client.post(OFFICES, json=office(**change), headers=planner)
    assert answer.status_code == 422, answer.text
    assert field in [e["field"] for e in answer.json()["errors"]], answer.json()

"""Partner organisations through the API: writes, validation, search, export, deletion."""

from collections.abc import Callable
from typing import Any

import httpx

Auth = Callable[..., dict[str, str]]


def partner(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": {"fi": "Järviseudun nuorten työpaja", "sv": "Sjöbygdens ungdomsverkstad"},
        "kind": "workshop",
        "municipalities": ["005", "934"],
        "provided_services": ["nuorten työpaja", "etsivä nuorisotyö"],
    }
    body.update(changes)
    return body


async def test_a_planner_creates_reads_and_replaces_a_partner(
    client: httpx.AsyncClient, planner: dict[str, str], viewer: dict[str, str]
) -> None:
    created = await client.post("/v1/partners", json=partner(), headers=planner)
    assert created.status_code == 201, created.text
    url = created.headers["Location"]
    assert url == f"/v1/partners/{created.json()['id']}"
    read = await client.get(url, headers=viewer)
    assert read.json()["name"] == {
        "fi": "Järviseudun nuorten työpaja",
        "sv": "Sjöbygdens ungdomsverkstad",
        "en": None,
    }
    assert read.headers["ETag"] == created.headers["ETag"]
    stale = {**planner, "If-Match": read.headers["ETag"]}
    replaced = await client.put(url, json=partner(business_id="0112038-9"), headers=stale)
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["business_id"] == "0112038-9"
    again = await client.put(url, json=partner(), headers=stale)
    assert again.status_code == 412
    missing = await client.put(url, json=partner(), headers=planner)
    assert missing.status_code == 428


async def test_viewers_and_reviewers_read_but_do_not_write_partners(
    client: httpx.AsyncClient, viewer: dict[str, str], auth: Auth
) -> None:
    assert (await client.post("/v1/partners", json=partner(), headers=viewer)).status_code == 403
    reviewer = auth("reviewer")
    assert (await client.post("/v1/partners", json=partner(), headers=reviewer)).status_code == 403
    assert (await client.get("/v1/partners", headers=reviewer)).status_code == 200
    assert (await client.get("/v1/partners")).status_code == 401


async def test_a_bad_business_id_is_422_with_the_reason(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    for value, reason in (
        ("0112038-8", "the check digit of 0112038 is 9, not 8"),
        ("0000006-1", "remainder 1"),
        ("01120389", "seven digits, a hyphen"),
    ):
        answer = await client.post("/v1/partners", json=partner(business_id=value), headers=planner)
        assert answer.status_code == 422
        problem = answer.json()
        assert problem["type"] == "/problems/invalid-business-id"
        assert problem["errors"][0]["field"] == "business_id"
        assert reason in problem["errors"][0]["message"]


async def test_bad_input_names_each_field(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    answer = await client.post(
        "/v1/partners",
        json={"name": {"sv": "x"}, "kind": "bank", "municipalities": ["5", "005", "005"]},
        headers=planner,
    )
    assert answer.status_code == 422
    fields = {error["field"] for error in answer.json()["errors"]}
    assert {"name.fi", "kind", "municipalities.0"} <= fields
    repeated = await client.post(
        "/v1/partners", json=partner(municipalities=["005", "005"]), headers=planner
    )
    assert repeated.status_code == 422
    assert repeated.json()["errors"][0]["field"] == "municipalities"
    unknown = await client.post(
        "/v1/partners", json=partner(municipalities=["005", "999"]), headers=planner
    )
    assert unknown.status_code == 422
    assert unknown.json()["type"] == "/problems/unknown-municipality-code"
    assert unknown.json()["errors"][0]["field"] == "municipalities.1"


async def test_filters_by_kind_and_municipality(
    client: httpx.AsyncClient, demo: None, viewer: dict[str, str]
) -> None:
    kela = await client.get("/v1/partners?kind=kela", headers=viewer)
    assert [p["name"]["fi"] for p in kela.json()["items"]] == ["Kela"]
    soini = (
        await client.get("/v1/partners?municipality_code=759&limit=500", headers=viewer)
    ).json()
    assert soini["items"]
    assert all("759" in p["municipalities"] for p in soini["items"])
    assert "Kela" not in {p["name"]["fi"] for p in soini["items"]}


async def test_search_matches_word_prefixes_in_finnish_and_swedish_ranked_by_name_first(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    in_name = (await client.post("/v1/partners", json=partner(), headers=planner)).json()
    in_services = (
        await client.post(
            "/v1/partners",
            json=partner(
                name={"fi": "Lapuan nuorisopalvelut"},
                kind="municipality_unit",
                provided_services=["työpajatoiminta"],
            ),
            headers=planner,
        )
    ).json()
    found = (await client.get("/v1/partners?q=työpa", headers=planner)).json()["items"]
    assert [p["id"] for p in found] == [in_name["id"], in_services["id"]]
    swedish = (await client.get("/v1/partners?q=ungdomsverk", headers=planner)).json()["items"]
    assert [p["id"] for p in swedish] == [in_name["id"]]
    # A Finnish inflected form finds the word through the Finnish stemmer.
    inflected = (await client.get("/v1/partners?q=työpajoissa", headers=planner)).json()
    assert in_name["id"] in [p["id"] for p in inflected["items"]]
    both = (await client.get("/v1/partners?q=nuor+järvi", headers=planner)).json()["items"]
    assert [p["id"] for p in both] == [in_name["id"]]
    assert (await client.get("/v1/partners?q=!!", headers=planner)).json()["items"] == []


async def test_search_pages_keep_the_ranking(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    for i in range(3):
        await client.post("/v1/partners", json=partner(name={"fi": f"Paja {i}"}), headers=planner)
    first = await client.get("/v1/partners?q=paja&limit=2", headers=planner)
    assert first.status_code == 200
    assert len(first.json()["items"]) == 2
    cursor = first.json()["next_cursor"]
    assert first.headers["Link"].endswith('rel="next"')
    rest = (
        await client.get(f"/v1/partners?q=paja&limit=2&cursor={cursor}", headers=planner)
    ).json()
    seen = [p["id"] for p in first.json()["items"]] + [p["id"] for p in rest["items"]]
    assert len(seen) == len(set(seen)) == 3


async def test_hsds_export_carries_the_business_id_and_stable_ids(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    created = await client.post(
        "/v1/partners", json=partner(business_id="0112038-9"), headers=planner
    )
    exported = (await client.get("/v1/partners?format=hsds&q=työpaja", headers=planner)).json()
    assert exported["total_items"] == 1
    assert exported["last_page"] is True
    organization = exported["contents"][0]
    assert organization["name"] == "Järviseudun nuorten työpaja"
    assert organization["alternate_name"] == "Sjöbygdens ungdomsverkstad"
    [identifier] = organization["organization_identifiers"]
    assert identifier["identifier"] == "0112038-9"
    assert identifier["organization_id"] == organization["id"]
    assert "website" not in organization  # HSDS leaves out what is not known
    again = (await client.get("/v1/partners?format=hsds&q=työpaja", headers=planner)).json()
    assert again["contents"][0]["id"] == organization["id"]
    assert created.json()["id"] > 0


async def test_a_partner_an_area_names_cannot_be_deleted(
    client: httpx.AsyncClient, demo: None, planner: dict[str, str], admin: dict[str, str]
) -> None:
    kela = (await client.get("/v1/partners?kind=kela", headers=planner)).json()["items"][0]
    url = f"/v1/partners/{kela['id']}"
    etag = (await client.get(url, headers=planner)).headers["ETag"]
    refused = await client.delete(url, headers={**admin, "If-Match": etag})
    assert refused.status_code == 409
    assert refused.json()["type"] == "/problems/partner-in-use"
    assert refused.json()["references"] >= 1
    unused = (await client.post("/v1/partners", json=partner(), headers=planner)).json()
    url = f"/v1/partners/{unused['id']}"
    etag = (await client.get(url, headers=planner)).headers["ETag"]
    assert (await client.delete(url, headers={**planner, "If-Match": etag})).status_code == 204
    assert (await client.get(url, headers=planner)).status_code == 404


async def test_an_idempotency_key_replays_the_first_answer(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    headers = {**planner, "Idempotency-Key": "partner-1"}
    first = await client.post("/v1/partners", json=partner(), headers=headers)
    second = await client.post("/v1/partners", json=partner(), headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.headers["Idempotent-Replayed"] == "true"
    assert second.json() == first.json()
    listed = (await client.get("/v1/partners?q=järviseudun", headers=planner)).json()["items"]
    assert len(listed) == 1
    other = await client.post("/v1/partners", json=partner(kind="other"), headers=headers)
    assert other.status_code == 422

"""Published snapshots: append-only versions with a SHA-256 of their canonical JSON."""

import hashlib
import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

Auth = Callable[..., dict[str, str]]
Created = Callable[..., Awaitable[dict[str, Any]]]

PLANS = "/v1/areas/kymppi/plans"
DOCUMENT = {"title": "Järjestämissuunnitelma 2025", "members": ["005", "233"], "share": 0.95}


@pytest.fixture
def planner(auth: Auth) -> dict[str, str]:
    return auth("planner", areas=["kymppi"], sub="planner-1")


@pytest.fixture
async def snapshots_url(kymppi: str, created: Created, planner: dict[str, str]) -> str:
    plan = await created(PLANS, {"year": 2025, "title": "Suunnitelma"}, planner)
    return f"{PLANS}/{plan['id']}/snapshots"


def documented_sha256(document: dict[str, Any]) -> str:
    """The serialisation the API documents: sorted keys, no whitespace, UTF-8 as is."""
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


async def test_publishing_stores_numbered_versions_with_their_hash(
    client: httpx.AsyncClient, planner: dict[str, str], snapshots_url: str
) -> None:
    first = await client.post(snapshots_url, json={"document": DOCUMENT}, headers=planner)
    assert first.status_code == 201, first.text
    body = first.json()
    assert (body["version"], body["plan_status"], body["created_by"]) == (1, "draft", "planner-1")
    assert body["document"] == DOCUMENT
    assert body["sha256"] == documented_sha256(DOCUMENT)
    assert first.headers["Location"] == f"{snapshots_url}/1"

    second = await client.post(snapshots_url, json={"document": {"x": 1}}, headers=planner)
    assert second.json()["version"] == 2

    listing = await client.get(snapshots_url, headers=planner)
    assert [(s["version"], s["sha256"]) for s in listing.json()["items"]] == [
        (1, body["sha256"]),
        (2, documented_sha256({"x": 1})),
    ]
    assert "document" not in listing.json()["items"][0]
    fetched = await client.get(f"{snapshots_url}/1", headers=planner)
    assert fetched.json() == body


async def test_the_hash_ignores_key_order_and_whitespace(
    client: httpx.AsyncClient, planner: dict[str, str], snapshots_url: str
) -> None:
    compact = '{"document":{"b":[1,2],"a":{"y":"ä","x":null}}}'
    spaced = '{ "document" : { "a" : { "x" : null , "y" : "\\u00e4" } , "b" : [ 1 , 2 ] } }'
    hashes = []
    for raw in (compact, spaced):
        response = await client.post(
            snapshots_url,
            content=raw.encode(),
            headers={**planner, "Content-Type": "application/json"},
        )
        assert response.status_code == 201, response.text
        hashes.append(response.json()["sha256"])
    assert hashes[0] == hashes[1]


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
async def test_a_snapshot_cannot_be_changed_or_deleted_through_the_api(
    client: httpx.AsyncClient,
    admin: dict[str, str],
    planner: dict[str, str],
    snapshots_url: str,
    method: str,
) -> None:
    original = await client.post(snapshots_url, json={"document": DOCUMENT}, headers=planner)
    response = await client.request(
        method,
        f"{snapshots_url}/1",
        json={"document": {"x": 1}},
        headers={**admin, "If-Match": original.headers["ETag"]},
    )
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET"
    assert response.headers["content-type"] == "application/problem+json"
    after = await client.get(f"{snapshots_url}/1", headers=planner)
    assert after.json() == original.json()


async def test_an_outsider_trying_to_change_a_snapshot_gets_404(
    client: httpx.AsyncClient, auth: Auth, planner: dict[str, str], snapshots_url: str
) -> None:
    published = await client.post(snapshots_url, json={"document": DOCUMENT}, headers=planner)
    assert published.status_code == 201, published.text
    outsider = auth("planner", areas=["other"])
    assert (await client.delete(f"{snapshots_url}/1", headers=outsider)).status_code == 404
    assert (await client.get(f"{snapshots_url}/1", headers=outsider)).status_code == 404


async def test_the_database_refuses_to_change_or_delete_a_snapshot(
    client: httpx.AsyncClient,
    db_session: AsyncSession,
    planner: dict[str, str],
    snapshots_url: str,
) -> None:
    published = await client.post(snapshots_url, json={"document": DOCUMENT}, headers=planner)
    assert published.status_code == 201, published.text
    # The service's runtime role has no TRUNCATE right at all (servicekit.provision); the
    # trigger refuses it to the owner too.
    for statement, refusal in (
        ("UPDATE plan_snapshot SET created_by = 'someone else'", "plan snapshots are immutable"),
        ("DELETE FROM plan_snapshot", "plan snapshots are immutable"),
        ("TRUNCATE plan_snapshot", "permission denied for table plan_snapshot"),
    ):
        with pytest.raises(DBAPIError, match=refusal):
            async with db_session.begin_nested():
                await db_session.execute(text(statement))
    count = await db_session.scalar(text("SELECT count(*) FROM plan_snapshot"))
    assert count == 1


async def test_the_database_refuses_a_snapshot_whose_hash_does_not_match(
    client: httpx.AsyncClient,
    db_session: AsyncSession,
    planner: dict[str, str],
    snapshots_url: str,
) -> None:
    plan_id = int(snapshots_url.split("/")[-2])
    insert = text(
        "INSERT INTO plan_snapshot (plan_id, version, canonical_document, sha256, plan_status, "
        "created_by) VALUES (:plan, 1, :document, :sha, 'draft', 'x')"
    )
    with pytest.raises(DBAPIError, match="ck_plan_snapshot_sha256_matches"):
        async with db_session.begin_nested():
            await db_session.execute(
                insert, {"plan": plan_id, "document": '{"a":1}', "sha": "0" * 64}
            )
    valid = {"plan": plan_id, "document": '{"a":1}', "sha": documented_sha256({"a": 1})}
    await db_session.execute(insert, valid)


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ('{"document": {"x": "\\ud800"}}', "document.x"),
        ('{"document": [1, 2]}', "document"),
        ('{"document": {}, "extra": 1}', "extra"),
        ("{}", "document"),
    ],
)
async def test_a_document_that_cannot_be_stored_is_422_and_nothing_is_written(
    client: httpx.AsyncClient, planner: dict[str, str], snapshots_url: str, raw: str, field: str
) -> None:
    response = await client.post(
        snapshots_url, content=raw.encode(), headers={**planner, "Content-Type": "application/json"}
    )
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert (await client.get(snapshots_url, headers=planner)).json()["items"] == []


@pytest.mark.parametrize("raw", ['{"document": {"x": NaN}}', '{"document": {"x": Infinity}}'])
async def test_a_document_with_a_number_json_has_not_is_400_and_nothing_is_written(
    client: httpx.AsyncClient, planner: dict[str, str], snapshots_url: str, raw: str
) -> None:
    response = await client.post(
        snapshots_url, content=raw.encode(), headers={**planner, "Content-Type": "application/json"}
    )
    assert response.status_code == 400, response.text
    assert response.json()["type"] == "/problems/malformed-json"
    assert (await client.get(snapshots_url, headers=planner)).json()["items"] == []


async def test_a_viewer_cannot_publish_and_an_unknown_version_is_404(
    client: httpx.AsyncClient, auth: Auth, snapshots_url: str
) -> None:
    viewer = auth("viewer", areas=["kymppi"])
    refused = await client.post(snapshots_url, json={"document": DOCUMENT}, headers=viewer)
    assert refused.status_code == 403
    assert (await client.get(f"{snapshots_url}/1", headers=viewer)).status_code == 404


async def test_the_snapshot_records_the_plans_status_when_published(
    client: httpx.AsyncClient, planner: dict[str, str], snapshots_url: str
) -> None:
    transitions = snapshots_url.replace("/snapshots", "/transitions")
    for to in ("submitted", "approved"):
        assert (await client.post(transitions, json={"to": to}, headers=planner)).status_code == 200
    published = await client.post(snapshots_url, json={"document": DOCUMENT}, headers=planner)
    assert published.json()["plan_status"] == "approved"


async def test_a_retried_publication_with_the_same_idempotency_key_is_not_a_new_version(
    client: httpx.AsyncClient, planner: dict[str, str], snapshots_url: str
) -> None:
    headers = {**planner, "Idempotency-Key": "publish-2025-1"}
    first = await client.post(snapshots_url, json={"document": DOCUMENT}, headers=headers)
    retry = await client.post(snapshots_url, json={"document": DOCUMENT}, headers=headers)
    assert first.status_code == retry.status_code == 201
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert retry.json() == first.json()
    listing = await client.get(snapshots_url, headers=planner)
    assert [s["version"] for s in listing.json()["items"]] == [1]

"""Publishing the plan and reading its versions, against an areas stand-in (httpx.MockTransport)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from gateway.plan.testing import PLAN, TEXT, AreasStandIn
from gateway.testing import SettingsFactory, gateway_client
from servicekit.auth import mint_token

AREAS_URL = "http://areas.test"
SNAPSHOTS = "/v1/areas/kymppi/plans/7/snapshots"
PLAN_OF_YEAR = "/v1/areas/kymppi/plans/by-year/2025"
PUBLISH = "/v1/plans/kymppi/publish"
VERSIONS = "/v1/plans/kymppi/versions"
YEAR = {"year": "2025"}


def _json(status: int, body: Any) -> httpx.Response:
    return httpx.Response(status, stream=httpx.ByteStream(json.dumps(body).encode()))


class PublishingAreas(AreasStandIn):
    """The areas stand-in with the plan record's snapshots, and Idempotency-Key replays."""

    def __init__(self) -> None:
        super().__init__()
        self.snapshots: list[dict[str, Any]] = []
        self.keys: dict[str, tuple[bytes, dict[str, Any]]] = {}
        self.overrides: dict[str, Any] = {}  # path -> the JSON it answers instead

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path in self.overrides and not self.unreachable and path not in self.failing:
            self.requests.append(request)
            return _json(200, self.overrides[path])
        if not path.startswith(SNAPSHOTS) or self.unreachable:
            return await super().__call__(request)
        self.requests.append(request)
        if request.method == "POST":
            return self._store(request)
        if path == SNAPSHOTS:
            summaries = [{k: v for k, v in s.items() if k != "document"} for s in self.snapshots]
            return _json(200, {"items": summaries, "next_cursor": None})
        version = int(path.rsplit("/", 1)[1])
        if not 1 <= version <= len(self.snapshots):
            return _json(404, {"title": "Not Found", "status": 404, "detail": "no version"})
        return _json(200, self.snapshots[version - 1])

    def _store(self, request: httpx.Request) -> httpx.Response:
        body = request.content
        key = request.headers.get("idempotency-key")
        if key is not None and key in self.keys:
            stored_body, answer = self.keys[key]
            if stored_body != body:
                problem = {"type": "/problems/invalid-fields", "title": "Unprocessable Content"}
                return _json(422, problem | {"status": 422, "detail": "key used"})
            return _json(201, answer)
        document = json.loads(body)["document"]
        canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        snapshot = {
            "plan_id": 7,
            "version": len(self.snapshots) + 1,
            "sha256": hashlib.sha256(canonical.encode()).hexdigest(),
            "plan_status": "draft",
            "created_by": "planner-1",
            "created_at": dt.datetime(2025, 6, len(self.snapshots) + 1, tzinfo=dt.UTC).isoformat(),
            "document": document,
        }
        self.snapshots.append(snapshot)
        if key is not None:
            self.keys[key] = (body, snapshot)
        return _json(201, snapshot)

    def posted(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.method == "POST"]


@pytest.fixture
def areas() -> PublishingAreas:
    return PublishingAreas()


@pytest.fixture
def client(areas: PublishingAreas, make_gateway_settings: SettingsFactory) -> Callable[..., Any]:
    @asynccontextmanager
    async def open_client() -> AsyncIterator[httpx.AsyncClient]:
        settings = make_gateway_settings({"areas": AREAS_URL})
        async with gateway_client(settings, transport=areas.transport()) as c:
            yield c

    return open_client


@pytest.fixture
def token(make_gateway_settings: SettingsFactory) -> Callable[..., dict[str, str]]:
    def headers(*roles: str, areas: tuple[str, ...] = ("kymppi",)) -> dict[str, str]:
        settings = make_gateway_settings({})
        minted = mint_token(settings, sub="planner-1", roles=list(roles), areas=list(areas))
        return {"Authorization": f"Bearer {minted}"}

    return headers


def narrative(body: str) -> dict[str, Any]:
    """The year's plan as the areas service answers it, with one text of this body."""
    return PLAN | {"sections": [TEXT | {"body": body}]}


async def test_a_planner_publishes_the_composed_plan_as_version_1(
    client: Callable[..., Any], token: Callable[..., dict[str, str]], areas: PublishingAreas
) -> None:
    async with client() as gateway:
        headers = token("planner") | {"X-Request-ID": "publish-1"}
        response = await gateway.post(PUBLISH, json={"year": 2025}, headers=headers)

    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["area_id"], body["year"], body["version"]) == ("kymppi", 2025, 1)
    assert response.headers["location"] == "/v1/plans/kymppi/versions/1?year=2025"
    assert body["publication"] == {"forced": False, "reason": None, "unavailable_sections": []}
    document = body["document"]
    assert "generated_at" not in document
    assert document["complete"] is True
    assert [s["key"] for s in document["sections"]][:2] == ["narrative", "area"]
    [posted] = areas.posted()
    assert posted.url.path == SNAPSHOTS
    assert posted.headers["authorization"] == headers["Authorization"]
    assert posted.headers["x-request-id"] == "publish-1"
    assert "idempotency-key" not in posted.headers


@pytest.mark.parametrize("role", ["viewer", "reviewer"])
async def test_readers_who_may_not_write_get_403_and_nothing_is_asked(
    client: Callable[..., Any],
    token: Callable[..., dict[str, str]],
    areas: PublishingAreas,
    role: str,
) -> None:
    async with client() as gateway:
        response = await gateway.post(PUBLISH, json={"year": 2025}, headers=token(role))
    assert response.status_code == 403
    assert areas.requests == []


async def test_another_areas_planner_gets_404_with_no_downstream_call(
    client: Callable[..., Any], token: Callable[..., dict[str, str]], areas: PublishingAreas
) -> None:
    async with client() as gateway:
        headers = token("planner", areas=("toinen",))
        publish = await gateway.post(PUBLISH, json={"year": 2025}, headers=headers)
        versions = await gateway.get(VERSIONS, params=YEAR, headers=headers)
    assert (publish.status_code, versions.status_code) == (404, 404)
    assert areas.requests == []


async def test_an_admin_may_publish(
    client: Callable[..., Any], token: Callable[..., dict[str, str]]
) -> None:
    async with client() as gateway:
        response = await gateway.post(PUBLISH, json={"year": 2025}, headers=token("admin"))
    assert response.status_code == 201, response.text


async def test_a_year_without_a_plan_record_is_409_saying_to_create_it_first(
    client: Callable[..., Any], token: Callable[..., dict[str, str]], areas: PublishingAreas
) -> None:
    async with client() as gateway:
        response = await gateway.post(PUBLISH, json={"year": 2026}, headers=token("planner"))
    assert response.status_code == 409
    problem = response.json()
    assert problem["type"] == "/problems/plan-record-missing"
    assert problem["year"] == 2026
    assert "POST /areas/v1/areas/kymppi/plans" in problem["detail"]
    assert areas.posted() == []


async def test_an_incomplete_plan_is_refused_naming_its_unavailable_sections(
    client: Callable[..., Any], token: Callable[..., dict[str, str]], areas: PublishingAreas
) -> None:
    areas.failing["/v1/areas/kymppi/profile"] = 500
    async with client() as gateway:
        response = await gateway.post(PUBLISH, json={"year": 2025}, headers=token("planner"))
    assert response.status_code == 409
    problem = response.json()
    assert problem["type"] == "/problems/plan-incomplete"
    assert [s["key"] for s in problem["unavailable_sections"]] == ["area"]
    assert problem["unavailable_sections"][0]["service"] == "areas"
    assert areas.posted() == []


async def test_forcing_an_incomplete_plan_needs_a_reason_which_the_version_keeps(
    client: Callable[..., Any], token: Callable[..., dict[str, str]], areas: PublishingAreas
) -> None:
    areas.failing["/v1/areas/kymppi/profile"] = 500
    async with client() as gateway:
        planner = token("planner")
        without = await gateway.post(PUBLISH, json={"year": 2025, "force": True}, headers=planner)
        blank = {"year": 2025, "force": True, "reason": "   "}
        blank_reason = await gateway.post(PUBLISH, json=blank, headers=planner)
        forced = {"year": 2025, "force": True, "reason": "Hallitus kokoontuu tänään."}
        published = await gateway.post(PUBLISH, json=forced, headers=planner)

    for refused in (without, blank_reason):
        assert refused.status_code == 422
        assert [e["field"] for e in refused.json()["errors"]] == ["reason"]
    assert published.status_code == 201, published.text
    assert published.json()["publication"] == {
        "forced": True,
        "reason": "Hallitus kokoontuu tänään.",
        "unavailable_sections": ["area"],
    }
    assert published.json()["document"]["complete"] is False
    assert len(areas.posted()) == 1


async def test_a_retried_publish_with_the_same_key_makes_one_version(
    client: Callable[..., Any], token: Callable[..., dict[str, str]], areas: PublishingAreas
) -> None:
    async with client() as gateway:
        headers = token("planner") | {"Idempotency-Key": "julkaisu-1"}
        first = await gateway.post(PUBLISH, json={"year": 2025}, headers=headers)
        again = await gateway.post(PUBLISH, json={"year": 2025}, headers=headers)

    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json()["version"] == again.json()["version"] == 1
    assert len(areas.snapshots) == 1
    assert [r.headers["idempotency-key"] for r in areas.posted()] == ["julkaisu-1"] * 2


async def test_a_reused_key_after_the_figures_changed_is_relayed_as_the_services_422(
    client: Callable[..., Any], token: Callable[..., dict[str, str]], areas: PublishingAreas
) -> None:
    async with client() as gateway:
        headers = token("planner") | {"Idempotency-Key": "julkaisu-1"}
        await gateway.post(PUBLISH, json={"year": 2025}, headers=headers)
        areas.overrides[PLAN_OF_YEAR] = narrative("Uusi teksti.")
        again = await gateway.post(PUBLISH, json={"year": 2025}, headers=headers)

    assert again.status_code == 422
    assert again.json()["type"] == "/problems/invalid-fields"
    assert len(areas.snapshots) == 1


async def test_versions_are_listed_read_and_diffed(
    client: Callable[..., Any], token: Callable[..., dict[str, str]], areas: PublishingAreas
) -> None:
    async with client() as gateway:
        planner = token("planner")
        await gateway.post(PUBLISH, json={"year": 2025}, headers=planner)
        areas.overrides[PLAN_OF_YEAR] = narrative("Neljä kuntaa.")
        await gateway.post(PUBLISH, json={"year": 2025}, headers=planner)
        reader = token("viewer")
        listed = await gateway.get(VERSIONS, params=YEAR, headers=reader)
        second = await gateway.get(f"{VERSIONS}/2", params=YEAR, headers=reader)
        changes = await gateway.get(f"{VERSIONS}/1/diff/2", params=YEAR, headers=reader)
        same = await gateway.get(f"{VERSIONS}/2/diff/2", params=YEAR, headers=reader)

    assert [v["version"] for v in listed.json()["items"]] == [1, 2]
    assert second.json()["version"] == 2
    assert second.headers["etag"] == f'"{second.json()["sha256"]}"'
    body = changes.json()
    assert (body["from_version"], body["to_version"]) == (1, 2)
    assert body["ignored"] == ["/generated_at", "/publication"]
    assert body["changes"] == [
        {
            "path": "/sections/0/data/texts/0/body",
            "op": "changed",
            "old": "Alueella on **kolme** kuntaa.\n\n<script>alert('x')</script>",
            "new": "Neljä kuntaa.",
        }
    ]
    assert same.json()["changes"] == []


async def test_a_version_revalidates_with_its_etag(
    client: Callable[..., Any], token: Callable[..., dict[str, str]]
) -> None:
    async with client() as gateway:
        await gateway.post(PUBLISH, json={"year": 2025}, headers=token("planner"))
        first = await gateway.get(f"{VERSIONS}/1", params=YEAR, headers=token("viewer"))
        etag = first.headers["etag"]
        headers = token("viewer") | {"If-None-Match": etag}
        again = await gateway.get(f"{VERSIONS}/1", params=YEAR, headers=headers)
    assert again.status_code == 304
    assert again.headers["etag"] == etag


async def test_a_version_that_does_not_exist_is_404(
    client: Callable[..., Any], token: Callable[..., dict[str, str]]
) -> None:
    async with client() as gateway:
        missing = await gateway.get(f"{VERSIONS}/3", params=YEAR, headers=token("viewer"))
        no_record = await gateway.get(
            f"{VERSIONS}/1", params={"year": 2030}, headers=token("viewer")
        )
        listed = await gateway.get(VERSIONS, params={"year": 2030}, headers=token("viewer"))
    for response in (missing, no_record):
        assert response.status_code == 404
        assert response.json()["type"] == "/problems/plan-version-not-found"
    assert listed.json() == {"items": [], "next_cursor": None}


async def test_a_versions_page_prints_from_the_stored_document_alone(
    client: Callable[..., Any], token: Callable[..., dict[str, str]], areas: PublishingAreas
) -> None:
    async with client() as gateway:
        await gateway.post(PUBLISH, json={"year": 2025}, headers=token("planner"))
        before = await gateway.get(f"{VERSIONS}/1.html", params=YEAR, headers=token("viewer"))
        # The data changes and every figure's endpoint breaks: the version prints the same.
        areas.overrides[PLAN_OF_YEAR] = narrative("Aivan muuta.")
        for path in ("/v1/areas/kymppi", "/v1/areas/kymppi/profile"):
            areas.failing[path] = 500
        asked_before = len(areas.requests)
        after = await gateway.get(f"{VERSIONS}/1.html", params=YEAR, headers=token("viewer"))

    assert after.status_code == 200, after.text
    assert after.text == before.text
    assert "Alueella on <strong>kolme</strong> kuntaa." in after.text
    assert "Julkaistu versio 1, 1.6.2025." in after.text
    assert "Aivan muuta" not in after.text
    # Only the plan record and the snapshot were read: nothing was composed again.
    asked = [r.url.path for r in areas.requests[asked_before:]]
    assert asked == ["/v1/areas/kymppi/plans", f"{SNAPSHOTS}/1"]


async def test_a_forced_versions_page_prints_its_reason(
    client: Callable[..., Any], token: Callable[..., dict[str, str]], areas: PublishingAreas
) -> None:
    areas.failing["/v1/areas/kymppi/profile"] = 500
    forced = {"year": 2025, "force": True, "reason": "Määräaika <tänään>."}
    async with client() as gateway:
        await gateway.post(PUBLISH, json=forced, headers=token("planner"))
        page = await gateway.get(f"{VERSIONS}/1.html", params=YEAR, headers=token("reviewer"))
    assert page.status_code == 200
    assert "Julkaisun perustelu: Määräaika &lt;tänään&gt;." in page.text
    assert "Tietoa ei saatu palvelusta" in page.text

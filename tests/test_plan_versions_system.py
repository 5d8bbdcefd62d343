"""Publishing the plan and reading its versions through the running system, and a client
generated from the gateway's one OpenAPI document driving it."""

from __future__ import annotations

import hashlib
import importlib
import json
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from alue.system import System

pytestmark = pytest.mark.system

Bearer = Callable[..., dict[str, str]]
YEAR = {"year": 2025}
PUBLISH = "/v1/plans/kymppi/publish"
VERSIONS = "/v1/plans/kymppi/versions"
# No post-generation hooks (ruff): nothing but the generator runs, and it needs no network.
GENERATOR_CONFIG = "post_hooks: []\n"
GENERATION_SECONDS = 30


@pytest.fixture
def http(system: System) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=system.gateway_url, timeout=15) as client:
        yield client


def kymppi_plan_id(http: httpx.Client, bearer: Bearer) -> int:
    plans = http.get("/areas/v1/areas/kymppi/plans", headers=bearer("viewer", areas=["kymppi"]))
    assert plans.status_code == 200, plans.text
    plan_id: int = next(p["id"] for p in plans.json()["items"] if p["year"] == 2025)
    return plan_id


def rewrite_chapter_1(http: httpx.Client, bearer: Bearer, body: str) -> None:
    planner = bearer("planner", areas=["kymppi"])
    sections = f"/areas/v1/areas/kymppi/plans/{kymppi_plan_id(http, bearer)}/sections"
    listed = http.get(sections, headers=planner)
    assert listed.status_code == 200, listed.text
    text = next(t for t in listed.json()["items"] if t["key"].startswith("1"))
    current = http.get(f"{sections}/{text['key']}", headers=planner)
    assert current.status_code == 200, current.text
    replaced = http.put(
        f"{sections}/{text['key']}",
        json={"title": text["title"], "body": body, "language": text["language"]},
        headers=planner | {"If-Match": current.headers["etag"]},
    )
    assert replaced.status_code == 200, replaced.text


def test_versions_are_published_read_diffed_and_print_the_same_after_the_data_changes(
    http: httpx.Client, bearer: Bearer
) -> None:
    planner = bearer("planner", areas=["kymppi"])
    first = http.post(PUBLISH, json=YEAR, headers=planner)
    assert first.status_code == 201, first.text
    one = first.json()["version"]
    printed = http.get(f"{VERSIONS}/{one}.html", params=YEAR, headers=planner)
    assert printed.status_code == 200, printed.text

    rewrite_chapter_1(http, bearer, "Alueen **uusi** kuvaus julkaisujen väliltä.")
    second = http.post(PUBLISH, json=YEAR, headers=planner)
    assert second.status_code == 201, second.text
    two = second.json()["version"]
    assert two == one + 1

    reader = bearer("reviewer")
    listed = http.get(VERSIONS, params=YEAR, headers=reader)
    assert [v["version"] for v in listed.json()["items"]][-2:] == [one, two]
    read_one = http.get(f"{VERSIONS}/{one}", params=YEAR, headers=reader)
    read_two = http.get(f"{VERSIONS}/{two}", params=YEAR, headers=reader)
    assert read_one.json()["document"] == first.json()["document"]
    assert read_two.json()["sha256"] != read_one.json()["sha256"]

    changed = http.get(f"{VERSIONS}/{one}/diff/{two}", params=YEAR, headers=reader)
    assert changed.status_code == 200, changed.text
    [change] = [c for c in changed.json()["changes"] if c["path"].endswith("/body")]
    assert change["path"].startswith("/sections/0/data/texts/")
    assert change["new"] == "Alueen **uusi** kuvaus julkaisujen väliltä."

    again = http.get(f"{VERSIONS}/{one}.html", params=YEAR, headers=reader)
    assert again.status_code == 200
    assert again.text == printed.text
    assert "julkaisujen väliltä" not in again.text
    live = http.get("/v1/plans/kymppi.html", params=YEAR, headers=reader)
    assert "julkaisujen väliltä" in live.text


def test_an_incomplete_plan_is_refused_then_published_with_force_and_a_reason(
    http: httpx.Client, bearer: Bearer
) -> None:
    # An area whose one member has no labour-force figure: its forecast cannot be made, so
    # the area section is unavailable while the area itself reads fine.
    admin = bearer("admin")
    code = next(
        f"{n:03d}"
        for n in range(989, 899, -1)
        if http.get(f"/areas/v1/municipalities/{n:03d}", headers=admin).status_code == 404
    )
    area_id = f"julkaisu-{uuid.uuid4().hex[:6]}"
    steps = [
        ("/areas/v1/municipalities", {"code": code, "name_fi": "Testilä", "name_sv": "Testby"}),
        (
            "/areas/v1/areas",
            {"id": area_id, "name_fi": "Testialue", "name_sv": "Testområde"}
            | {"organisation_form": "single_municipality", "home_municipality_code": code},
        ),
        (
            f"/areas/v1/areas/{area_id}/members",
            {"municipality_code": code, "valid_from": "2025-01-01"},
        ),
        (f"/areas/v1/areas/{area_id}/plans", {"year": 2025, "title": "Testisuunnitelma"}),
    ]
    for path, body in steps:
        created = http.post(path, json=body, headers=admin)
        assert created.status_code == 201, created.text

    planner = bearer("planner", areas=[area_id])
    publish = f"/v1/plans/{area_id}/publish"
    refused = http.post(publish, json=YEAR, headers=planner)
    assert refused.status_code == 409, refused.text
    assert refused.json()["type"] == "/problems/plan-incomplete"
    assert [s["key"] for s in refused.json()["unavailable_sections"]] == ["area"]
    no_reason = http.post(publish, json=YEAR | {"force": True}, headers=planner)
    assert no_reason.status_code == 422
    assert [e["field"] for e in no_reason.json()["errors"]] == ["reason"]

    forced = http.post(
        publish, json=YEAR | {"force": True, "reason": "Työvoimaluku puuttuu."}, headers=planner
    )
    assert forced.status_code == 201, forced.text
    assert forced.json()["version"] == 1
    assert forced.json()["publication"]["reason"] == "Työvoimaluku puuttuu."
    printed = http.get(f"/v1/plans/{area_id}/versions/1.html", params=YEAR, headers=planner)
    assert "Julkaisun perustelu: Työvoimaluku puuttuu." in printed.text
    assert "Tietoa ei saatu palvelusta" in printed.text


# The generated client.


@pytest.fixture(scope="session")
def generated_clients(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[[bytes], ModuleType]]:
    """Generates (once per document in the session) a client package and imports it."""
    folder = tmp_path_factory.mktemp("generated")
    config = folder / "config.yaml"
    config.write_text(GENERATOR_CONFIG)
    sys.path.insert(0, str(folder))
    done: dict[str, ModuleType] = {}

    def generate(document: bytes) -> ModuleType:
        name = "alue_client_" + hashlib.sha256(document).hexdigest()[:12]
        if name not in done:
            spec = folder / f"{name}.json"
            spec.write_bytes(document)
            generator = Path(sys.executable).with_name("openapi-python-client")
            command = [str(generator), "generate", "--path", str(spec), "--meta", "none"]
            command += ["--config", str(config), "--output-path", str(folder / name)]
            started = time.monotonic()
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=GENERATION_SECONDS, check=False
            )
            assert (folder / name / "client.py").exists(), result.stdout + result.stderr
            assert time.monotonic() - started < GENERATION_SECONDS
            done[name] = importlib.import_module(name)
        return done[name]

    try:
        yield generate
    finally:
        sys.path.remove(str(folder))


def test_a_client_generated_from_the_system_openapi_lists_reads_and_publishes(
    http: httpx.Client,
    bearer: Bearer,
    system: System,
    generated_clients: Callable[[bytes], ModuleType],
) -> None:
    document = http.get("/openapi.json")
    assert document.status_code == 200
    paths = document.json()["paths"]
    assert "/areas/v1/municipalities" in paths
    assert "/v1/plans/{area_id}/publish" in paths
    package = generated_clients(document.content)

    client_module = importlib.import_module(f"{package.__name__}.client")
    municipalities = importlib.import_module(
        f"{package.__name__}.api.areas_municipalities.areas_list_municipalities"
    )
    plans = importlib.import_module(f"{package.__name__}.api.plans")
    get_plan = importlib.import_module(f"{plans.__name__}.get_plan")
    publish_plan = importlib.import_module(f"{plans.__name__}.publish_plan")
    get_version = importlib.import_module(f"{plans.__name__}.get_plan_version")
    models = importlib.import_module(f"{package.__name__}.models")

    token = bearer("planner", areas=["kymppi"])["Authorization"].removeprefix("Bearer ")
    client: Any = client_module.AuthenticatedClient(
        base_url=system.gateway_url, token=token, raise_on_unexpected_status=True
    )
    with client:
        codes: list[str] = []
        cursor: Any = None
        while True:
            page = municipalities.sync(
                client=client, limit=100, **({"cursor": cursor} if cursor else {})
            )
            codes += [m.code for m in page.items]
            cursor = page.next_cursor
            if not isinstance(cursor, str):
                break
        assert len(codes) == len(set(codes)) > 100  # every page, each municipality once
        assert "005" in codes

        plan = get_plan.sync("kymppi", client=client, year=2025)
        assert plan.area_id == "kymppi"
        assert [s.key for s in plan.sections][:2] == ["narrative", "area"]

        key = f"client-{uuid.uuid4().hex}"
        published = publish_plan.sync(
            "kymppi", client=client, body=models.PlanPublish(year=2025), idempotency_key=key
        )
        assert isinstance(published, models.VersionRead), published
        retried = publish_plan.sync(
            "kymppi", client=client, body=models.PlanPublish(year=2025), idempotency_key=key
        )
        assert retried.version == published.version  # replayed, not a second version
        read = get_version.sync("kymppi", published.version, client=client, year=2025)
        assert isinstance(read, models.VersionRead)
        assert (read.version, read.sha256) == (published.version, published.sha256)
        assert json.dumps(read.document.to_dict(), sort_keys=True) == json.dumps(
            published.document.to_dict(), sort_keys=True
        )

"""The composed plan, `GET /v1/plans/{area_id}`, against an areas stand-in (httpx.MockTransport)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from pydantic import BaseModel

from gateway.clients import Upstreams
from gateway.config import GatewaySettings
from gateway.main import build_app
from gateway.plan.composer import compose_plan
from gateway.plan.document import Source, plan_etag
from gateway.plan.downstream import Downstream
from gateway.plan.section import PlanContext, Section, SectionData
from gateway.plan.testing import AreasStandIn
from gateway.testing import gateway_client
from servicekit.auth import Principal, mint_token

SettingsFactory = Callable[..., GatewaySettings]
AREAS_URL = "http://areas.test"
# In the document's order: chapter 2 has three parts (2.1 and 2.2 from funding, 2.3 from
# caseload), chapter 7 two (funding's reserve, caseload's scenarios).
PLANNED = ["resources", "unemployment_benefits", "staff", "services", "offices", "cooperation"]
PLANNED += ["matching", "structural_change", "structural_change_scenarios", "ecosystem"]


@pytest.fixture
def areas() -> AreasStandIn:
    return AreasStandIn()


@pytest.fixture
def plan_client(areas: AreasStandIn, make_gateway_settings: SettingsFactory) -> Callable[..., Any]:
    @asynccontextmanager
    async def client(**overrides: Any) -> AsyncIterator[httpx.AsyncClient]:
        settings = make_gateway_settings({"areas": AREAS_URL}, **overrides)
        async with gateway_client(settings, transport=areas.transport()) as c:
            yield c

    return client


def auth(settings_factory: SettingsFactory, *roles: str, areas: list[str]) -> dict[str, str]:
    token = mint_token(settings_factory({}), sub="planner-1", roles=list(roles), areas=areas)
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def kymppi(make_gateway_settings: SettingsFactory) -> dict[str, str]:
    return auth(make_gateway_settings, "viewer", areas=["kymppi"])


PLAN = "/v1/plans/kymppi"
ON = {"year": "2025", "on": "2025-06-01"}


def sections_by_key(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["key"]: s for s in body["sections"]}


async def test_plan_composes_the_area_and_its_narrative_in_the_source_plans_order(
    plan_client: Callable[..., Any], kymppi: dict[str, str]
) -> None:
    async with plan_client() as client:
        response = await client.get(PLAN, params=ON, headers=kymppi)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["area_id"], body["year"], body["on"]) == ("kymppi", 2025, "2025-06-01")
    assert body["complete"] is True
    assert [s["key"] for s in body["sections"]] == ["narrative", "area", *PLANNED]
    assert [s["number"] for s in body["sections"]] == [None, 1, 2, 2, 2, 3, 4, 5, 6, 7, 7, 8]
    area = sections_by_key(body)["area"]
    assert area["status"] == "ok"
    members = area["data"]["members"]
    assert [(m["code"], m["name_fi"]) for m in members] == [
        ("005", "Alajärvi"),
        ("010", "Alavus"),
        ("233", "Kauhava"),
    ]
    assert members[0]["labour_force"]["value"] == 6_000
    assert area["data"]["home_municipality"] == {"code": "233", "name_fi": "Kauhava"}
    # Borders only between members, each once: 233's border with 499 is outside the area.
    assert area["data"]["borders"] == [["005", "010"], ["005", "233"]]
    criteria = area["data"]["eligibility"]["criteria"]
    assert [(c["criterion"], c["status"]) for c in criteria] == [
        ("labour_force_minimum", "passed"),
        ("contiguity", "passed"),
    ]
    forecasts = area["data"]["forecast"]["forecasts"]
    assert [f["annual_rate"] for f in forecasts] == [-0.012, -0.016, -0.02]
    assert [f["years_until_below"] for f in forecasts] == [5, 4, 3]
    assert {s["source"] for s in area["sources"]} == {
        "Estimate, not a statistic: the plan's figure split by population",
        "Statistics Finland, population 2024",
    }
    assert any(s["is_estimate"] for s in area["sources"])
    narrative = sections_by_key(body)["narrative"]
    assert narrative["data"]["plan"]["title"] == "Kympin suunnitelma"
    assert narrative["data"]["texts"][0]["chapter"] == 1


async def test_sections_whose_service_is_not_in_the_system_are_not_configured(
    plan_client: Callable[..., Any], kymppi: dict[str, str], areas: AreasStandIn
) -> None:
    async with plan_client() as client:
        response = await client.get(PLAN, params=ON, headers=kymppi)
    sections = sections_by_key(response.json())
    for key in PLANNED:
        assert sections[key]["status"] == "not_configured"
        assert "data" not in sections[key] or sections[key]["data"] is None
    assert {s["service"] for k, s in sections.items() if k in PLANNED} == {
        "funding",
        "caseload",
        "offices",
        "partners",
    }
    assert all(r.url.host == "areas.test" for r in areas.requests)


async def test_the_callers_token_and_request_id_reach_every_call(
    plan_client: Callable[..., Any], kymppi: dict[str, str], areas: AreasStandIn
) -> None:
    headers = kymppi | {"X-Request-ID": "plan-req-1"}
    async with plan_client() as client:
        response = await client.get(PLAN, params=ON, headers=headers)
    assert response.status_code == 200
    # The area, then one call a section: the area's profile, the year's plan with its texts;
    # and the data generation, which this stand-in does not tell (so no plan is kept).
    assert sorted(areas.paths()) == [
        "/v1/areas/kymppi",
        "/v1/areas/kymppi/plans/by-year/2025",
        "/v1/areas/kymppi/profile",
        "/v1/generation",
    ]
    for request in areas.requests:
        assert request.headers["authorization"] == kymppi["Authorization"]
        assert request.headers["x-request-id"] == "plan-req-1"
    profile = next(r for r in areas.requests if r.url.path.endswith("/profile"))
    assert profile.url.params["annual_rates"] == "-0.012,-0.016,-0.02"
    assert profile.url.params["on"] == "2025-06-01"
    assert profile.url.params["as_of"] == "2025-06"


async def test_a_year_without_a_plan_record_has_a_narrative_without_texts(
    plan_client: Callable[..., Any], kymppi: dict[str, str]
) -> None:
    async with plan_client() as client:
        response = await client.get(PLAN, params=ON | {"year": "2026"}, headers=kymppi)
    assert response.status_code == 200
    narrative = sections_by_key(response.json())["narrative"]
    assert narrative["status"] == "ok"
    assert narrative["data"] == {"plan": None, "texts": []}
    assert response.json()["complete"] is True


async def test_another_404_of_the_plans_read_makes_the_narrative_unavailable(
    plan_client: Callable[..., Any], kymppi: dict[str, str], areas: AreasStandIn
) -> None:
    # Not the service's "no plan for the year": the answer is not read as "no plan".
    areas.failing["/v1/areas/kymppi/plans/by-year/2025"] = 404
    async with plan_client() as client:
        response = await client.get(PLAN, params=ON, headers=kymppi)
    narrative = sections_by_key(response.json())["narrative"]
    assert narrative["status"] == "unavailable"
    assert narrative["problem"]["status"] == 404


async def test_another_areas_plan_is_404_and_no_service_is_asked(
    plan_client: Callable[..., Any], make_gateway_settings: SettingsFactory, areas: AreasStandIn
) -> None:
    other = auth(make_gateway_settings, "planner", areas=["toinen"])
    async with plan_client() as client:
        response = await client.get(PLAN, headers=other)
        html = await client.get(PLAN + ".html", headers=other)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert html.status_code == 404
    assert areas.requests == []


async def test_a_reviewer_reads_any_areas_plan(
    plan_client: Callable[..., Any], make_gateway_settings: SettingsFactory
) -> None:
    reviewer = auth(make_gateway_settings, "reviewer", areas=[])
    async with plan_client() as client:
        response = await client.get(PLAN, params=ON, headers=reviewer)
    assert response.status_code == 200


async def test_a_missing_area_is_404(
    plan_client: Callable[..., Any], make_gateway_settings: SettingsFactory, areas: AreasStandIn
) -> None:
    admin = auth(make_gateway_settings, "admin", areas=[])
    async with plan_client() as client:
        response = await client.get("/v1/plans/ei-ole", headers=admin)
    assert response.status_code == 404
    assert "ei-ole" in response.json()["detail"]
    # The data generation (whether a kept plan may answer), then the area: no section call.
    assert areas.paths() == ["/v1/generation", "/v1/areas/ei-ole"]


async def test_the_areas_service_down_is_502_naming_it(
    plan_client: Callable[..., Any], kymppi: dict[str, str], areas: AreasStandIn
) -> None:
    areas.unreachable = True
    async with plan_client() as client:
        response = await client.get(PLAN, headers=kymppi)
    assert response.status_code == 502
    assert response.json()["service"] == "areas"


async def test_the_areas_service_too_slow_for_the_area_is_504(
    plan_client: Callable[..., Any], kymppi: dict[str, str], areas: AreasStandIn
) -> None:
    areas.slow["/v1/areas/kymppi"] = 2.0
    async with plan_client(plan_deadline_seconds=0.2) as client:
        response = await client.get(PLAN, headers=kymppi)
    assert response.status_code == 504
    assert response.json()["service"] == "areas"


async def test_one_failing_section_is_unavailable_and_the_others_stand(
    plan_client: Callable[..., Any], kymppi: dict[str, str], areas: AreasStandIn
) -> None:
    areas.failing["/v1/areas/kymppi/plans/by-year/2025"] = 500
    async with plan_client() as client:
        response = await client.get(PLAN, params=ON, headers=kymppi)
    assert response.status_code == 200
    body = response.json()
    assert body["complete"] is False
    narrative = sections_by_key(body)["narrative"]
    assert narrative["status"] == "unavailable"
    assert narrative["problem"]["status"] == 500
    assert narrative["problem"]["service"] == "areas"
    assert narrative["problem"]["detail"] == "it broke"
    assert "data" not in narrative or narrative["data"] is None
    assert sections_by_key(body)["area"]["status"] == "ok"
    assert response.headers["cache-control"] == "private, no-store"


async def test_a_slow_section_is_unavailable_and_the_plan_keeps_its_deadline(
    plan_client: Callable[..., Any], kymppi: dict[str, str], areas: AreasStandIn
) -> None:
    areas.slow["/v1/areas/kymppi/profile"] = 5.0
    deadline = 0.4
    async with plan_client(plan_deadline_seconds=deadline) as client:
        started = time.monotonic()
        response = await client.get(PLAN, params=ON, headers=kymppi)
        elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert elapsed < deadline + 0.1
    sections = sections_by_key(response.json())
    assert sections["area"]["status"] == "unavailable"
    assert sections["area"]["problem"]["status"] == 504
    assert "deadline (0.4 s)" in sections["area"]["problem"]["detail"]
    assert sections["narrative"]["status"] == "ok"


async def test_a_later_call_gets_only_the_time_left(
    plan_client: Callable[..., Any], kymppi: dict[str, str], areas: AreasStandIn
) -> None:
    # The area read and the area section's call each alone are within the deadline, both in
    # a row are not.
    areas.slow["/v1/areas/kymppi"] = 0.25
    areas.slow["/v1/areas/kymppi/profile"] = 0.25
    async with plan_client(plan_deadline_seconds=0.4) as client:
        started = time.monotonic()
        response = await client.get(PLAN, params=ON, headers=kymppi)
        elapsed = time.monotonic() - started
    assert elapsed < 0.5
    assert sections_by_key(response.json())["area"]["status"] == "unavailable"


async def test_the_etag_is_stable_across_calls_and_if_none_match_is_304(
    plan_client: Callable[..., Any], kymppi: dict[str, str]
) -> None:
    async with plan_client() as client:
        first = await client.get(PLAN, params=ON, headers=kymppi)
        second = await client.get(PLAN, params=ON, headers=kymppi)
        etag = first.headers["etag"]
        again = await client.get(PLAN, params=ON, headers=kymppi | {"If-None-Match": etag})
        stale = await client.get(PLAN, params=ON, headers=kymppi | {"If-None-Match": '"old"'})
    assert first.json()["generated_at"] != second.json()["generated_at"]
    assert etag.startswith('"')
    assert not etag.startswith("W/")
    assert second.headers["etag"] == etag
    assert first.headers["cache-control"] == "private, no-cache"
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert stale.status_code == 200


async def test_other_rates_change_the_forecast_and_the_etag(
    plan_client: Callable[..., Any], kymppi: dict[str, str], areas: AreasStandIn
) -> None:
    async with plan_client() as client:
        default = await client.get(PLAN, params=ON, headers=kymppi)
        other = await client.get(PLAN, params=ON | {"rates": "-0.03"}, headers=kymppi)
    forecast = sections_by_key(other.json())["area"]["data"]["forecast"]
    assert [f["annual_rate"] for f in forecast["forecasts"]] == [-0.03]
    assert other.headers["etag"] != default.headers["etag"]


@pytest.mark.parametrize("rates", ["-1.5", "abc", ",".join(["-0.01"] * 11)])
async def test_bad_rates_are_422_naming_the_parameter(
    plan_client: Callable[..., Any], kymppi: dict[str, str], areas: AreasStandIn, rates: str
) -> None:
    async with plan_client() as client:
        response = await client.get(PLAN, params={"rates": rates}, headers=kymppi)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["rates"]
    assert areas.requests == []


@pytest.mark.parametrize("on", ["0", "20250101", "2025-1-1"])
async def test_a_day_not_written_yyyy_mm_dd_is_422_naming_on(
    plan_client: Callable[..., Any], kymppi: dict[str, str], areas: AreasStandIn, on: str
) -> None:
    # Pydantic alone would read "0" as a Unix time: the plan of 1 January 1970.
    async with plan_client() as client:
        response = await client.get(PLAN, params={"on": on}, headers=kymppi)
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == ["on"]
    assert areas.requests == []


def test_the_plan_declares_what_its_composer_answers(
    make_gateway_settings: SettingsFactory,
) -> None:
    # No area (or one the token may not read) is 404; the areas service failing, 502 or 504.
    document = build_app(make_gateway_settings({})).openapi()
    for path in ("/v1/plans/{area_id}", "/v1/plans/{area_id}.html"):
        assert {"404", "502", "504"} <= set(document["paths"][path]["get"]["responses"]), path


async def test_a_plan_without_a_token_is_401(plan_client: Callable[..., Any]) -> None:
    async with plan_client() as client:
        response = await client.get(PLAN)
    assert response.status_code == 401


class BudgetRead(BaseModel):
    total: str


class BudgetData(SectionData):
    total: str

    def sources(self) -> list[Source]:
        return [Source(source="budget 2025", period="2025")]


async def fetch_budget(context: PlanContext) -> BudgetData:
    path = f"/v1/areas/{context.area.id}/budget"
    read = await context.downstream.get("funding", path, BudgetRead)
    return BudgetData(total=read.total)


BUDGET = Section("budget", 2, "Talousarvio", "funding", fetch=fetch_budget)


async def test_a_new_section_is_its_module_and_one_entry_fetched_from_its_service(
    areas: AreasStandIn, make_gateway_settings: SettingsFactory
) -> None:
    async def route(request: httpx.Request) -> httpx.Response:
        if request.url.host == "funding.test":
            return httpx.Response(200, stream=httpx.ByteStream(b'{"total": "1234.50"}'))
        return await areas(request)

    settings = make_gateway_settings({"areas": AREAS_URL, "funding": "http://funding.test"})
    upstreams = Upstreams.from_settings(settings, httpx.MockTransport(route))
    downstream = Downstream.start(
        upstreams, authorization="Bearer t", request_id=None, deadline_seconds=1.0
    )
    principal = Principal(sub="r", roles=frozenset({"reviewer"}), areas=frozenset())
    unwritten = Section("offices", 4, "Toimipisteet", "offices")
    plan = await compose_plan(
        principal=principal,
        downstream=downstream,
        sections=(BUDGET, unwritten),
        area_id="kymppi",
        year=2025,
        on=dt.date(2025, 6, 1),
        annual_rates=(-0.012,),
    )
    budget, offices = plan.sections
    assert (budget.status, budget.data) == ("ok", {"total": "1234.50"})
    assert budget.sources == [Source(source="budget 2025", period="2025")]
    assert offices.status == "not_configured"
    assert plan.complete is True
    assert plan_etag(plan) == plan_etag(plan.model_copy(update={"generated_at": dt.datetime.now()}))

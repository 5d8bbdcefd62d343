"""The national overview, `GET /v1/plans`, against an areas stand-in with many areas."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from pydantic import BaseModel

from gateway.clients import Upstreams
from gateway.config import GatewaySettings
from gateway.plan.downstream import Downstream
from gateway.plan.overview import compose_overview
from gateway.plan.overview_testing import PUBLISHED_AT, OverviewStandIn
from gateway.plan.section import Column, OverviewColumns, PlanContext, Section, SectionData
from gateway.plan.sections import SECTIONS
from gateway.testing import gateway_client
from servicekit.auth import mint_token

SettingsFactory = Callable[..., GatewaySettings]
AREAS_URL = "http://areas.test"
OVERVIEW = "/v1/plans"
ON = {"year": "2025", "on": "2025-06-01"}
# In the document's order: chapter 2 has three parts (2.1 and 2.2 from funding, 2.3 from
# caseload), chapter 7 two (funding's reserve, caseload's scenarios).
PLANNED = ["resources", "unemployment_benefits", "staff", "services", "offices", "cooperation"]
PLANNED += ["matching", "structural_change", "structural_change_scenarios", "ecosystem"]
# The other services' columns, in the order of their sections.
SERVICE_COLUMNS = [
    ("budget_status", "resources"),
    ("budget_expenditure", "resources"),
    ("budget_cap", "resources"),
    ("budget_headroom", "resources"),
    ("budget_blocking", "resources"),
    ("benefit_cost", "unemployment_benefits"),
    ("caseload_month", "staff"),
    ("customer_service_fte", "staff"),
    ("fte_needed", "staff"),
    ("fte_gap", "staff"),
    ("places_of_service", "offices"),
    ("population_within_30_min", "offices"),
    ("cooperation_arrangements", "cooperation"),
    ("cooperation_expiring", "cooperation"),
    ("change_security_reserve", "structural_change"),
    ("coverage_gaps", "ecosystem"),
]


@pytest.fixture
def areas() -> OverviewStandIn:
    return OverviewStandIn()


@pytest.fixture
def overview_client(
    areas: OverviewStandIn, make_gateway_settings: SettingsFactory
) -> Callable[..., Any]:
    @asynccontextmanager
    async def client(**overrides: Any) -> AsyncIterator[httpx.AsyncClient]:
        settings = make_gateway_settings({"areas": AREAS_URL}, **overrides)
        async with gateway_client(settings, transport=areas.transport()) as c:
            yield c

    return client


def auth(settings_factory: SettingsFactory, *roles: str, areas: list[str]) -> dict[str, str]:
    token = mint_token(settings_factory({}), sub="someone", roles=list(roles), areas=areas)
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def reviewer(make_gateway_settings: SettingsFactory) -> dict[str, str]:
    return auth(make_gateway_settings, "reviewer", areas=[])


def rows_by_id(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["area_id"]: r for r in body["items"]}


async def test_the_overview_has_one_row_per_area_with_its_members_eligibility_and_versions(
    overview_client: Callable[..., Any], reviewer: dict[str, str], areas: OverviewStandIn
) -> None:
    async with overview_client() as client:
        response = await client.get(OVERVIEW, params=ON, headers=reviewer)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["year"], body["on"], body["next_cursor"]) == (2025, "2025-06-01", None)
    assert body["complete"] is True
    # Twelve areas over three pages of the area list.
    assert [r["area_id"] for r in body["items"]] == areas.area_ids()
    assert [(c["key"], c["section"]) for c in body["columns"]] == [
        ("plan_status", "narrative"),
        ("published_version", "narrative"),
        ("published_at", "narrative"),
        ("member_count", "area"),
        ("member_codes", "area"),
        ("eligibility", "area"),
        ("failing_criteria", "area"),
        ("unknown_criteria", "area"),
        ("labour_force", "area"),
        ("labour_force_missing", "area"),
        *SERVICE_COLUMNS,
    ]
    rows = rows_by_id(body)
    two = rows["alue-02"]
    assert two["name_fi"] == "Alue 02"
    assert (two["status"], two["complete"], two["unavailable_sections"]) == ("ok", True, [])
    assert two["not_configured_sections"] == PLANNED
    assert two["values"] == {
        "member_count": 3,
        "member_codes": ["120", "121", "122"],
        "eligibility": "eligible",
        "failing_criteria": [],
        "unknown_criteria": [],
        "labour_force": 21_000.0,
        "labour_force_missing": [],
        "plan_status": "draft",
        # The latest of the plan record's snapshots, found on its second page.
        "published_version": 2,
        "published_at": PUBLISHED_AT[1],
    } | {key: None for key, _ in SERVICE_COLUMNS}  # funding and caseload are not in this system
    # An odd area has no plan record for the year: nothing published, which is not a failure.
    three = rows["alue-03"]
    assert three["status"] == "ok"
    assert [three["values"][k] for k in ("plan_status", "published_version")] == [None, None]


async def test_an_area_without_labour_force_is_unknown_not_ineligible(
    overview_client: Callable[..., Any], reviewer: dict[str, str], areas: OverviewStandIn
) -> None:
    areas.without_labour_force = {"alue-04"}
    async with overview_client() as client:
        response = await client.get(OVERVIEW, params=ON, headers=reviewer)
    values = rows_by_id(response.json())["alue-04"]["values"]
    assert values["eligibility"] == "unknown"
    assert values["unknown_criteria"] == ["labour_force_minimum"]
    assert values["failing_criteria"] == []
    # A missing figure is never zero: no total, and the members it lacks are named.
    assert values["labour_force"] is None
    assert values["labour_force_missing"] == values["member_codes"]


@pytest.mark.parametrize("bound", [1, 3, 8])
async def test_no_more_downstream_calls_are_in_flight_than_the_bound(
    overview_client: Callable[..., Any],
    reviewer: dict[str, str],
    areas: OverviewStandIn,
    bound: int,
) -> None:
    areas.areas, areas.delay = 20, 0.01
    async with overview_client(overview_concurrency=bound) as client:
        response = await client.get(OVERVIEW, params=ON, headers=reviewer)
    assert response.status_code == 200
    assert response.json()["complete"] is True
    # The generation (this stand-in tells none, so nothing is kept); the list's 4 pages; per
    # area eligibility and plans; per even area 2 snapshot pages.
    assert len(areas.requests) == 1 + 4 + 20 * 2 + 10 * 2
    # Held to the bound, and the bound is also reached: the calls do run concurrently.
    assert areas.most_in_flight == bound


async def test_a_failing_area_is_one_unavailable_row_and_the_others_stand(
    overview_client: Callable[..., Any], reviewer: dict[str, str], areas: OverviewStandIn
) -> None:
    areas.failing = {"alue-02"}
    async with overview_client() as client:
        response = await client.get(OVERVIEW, params=ON, headers=reviewer)
        html = await client.get(OVERVIEW + ".html", params=ON, headers=reviewer)
    assert response.status_code == 200
    body = response.json()
    assert body["complete"] is False
    rows = rows_by_id(body)
    failed = rows["alue-02"]
    assert failed["status"] == "unavailable"
    assert failed["unavailable_sections"] == ["narrative", "area"]
    assert set(failed["values"].values()) == {None}
    assert {p["problem"]["status"] for p in failed["problems"]} == {500}
    assert all(p["problem"]["service"] == "areas" for p in failed["problems"])
    assert all(r["status"] == "ok" for k, r in rows.items() if k != "alue-02")
    assert response.headers["cache-control"] == "private, no-store"
    assert html.status_code == 200
    assert "Tietoa ei saatu palvelusta alueet (areas)" in html.text


async def test_one_failing_section_leaves_its_columns_null_and_the_row_incomplete(
    overview_client: Callable[..., Any], reviewer: dict[str, str], areas: OverviewStandIn
) -> None:
    areas.failing_paths = {"/v1/areas/alue-06/eligibility"}
    async with overview_client() as client:
        response = await client.get(OVERVIEW, params=ON, headers=reviewer)
    row = rows_by_id(response.json())["alue-06"]
    assert (row["status"], row["complete"]) == ("incomplete", False)
    assert row["unavailable_sections"] == ["area"]
    assert row["sections"]["area"] == "unavailable"
    assert row["sections"]["narrative"] == "ok"
    assert row["values"]["member_count"] is None
    assert row["values"]["published_version"] == 2


async def test_a_slow_area_is_unavailable_within_the_deadline(
    overview_client: Callable[..., Any], reviewer: dict[str, str], areas: OverviewStandIn
) -> None:
    areas.slow = {"/v1/areas/alue-05/eligibility": 5.0}
    async with overview_client(overview_deadline_seconds=0.4) as client:
        started = time.monotonic()
        response = await client.get(OVERVIEW, params=ON, headers=reviewer)
        elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert elapsed < 0.5
    row = rows_by_id(response.json())["alue-05"]
    assert row["status"] == "incomplete"
    assert [p["problem"]["status"] for p in row["problems"]] == [504]


async def test_the_areas_list_failing_is_502_naming_the_service(
    overview_client: Callable[..., Any], reviewer: dict[str, str], areas: OverviewStandIn
) -> None:
    areas.failing_paths = {"/v1/areas"}
    async with overview_client() as client:
        response = await client.get(OVERVIEW, params=ON, headers=reviewer)
    assert response.status_code == 502
    assert response.json()["service"] == "areas"


@pytest.mark.parametrize("path", [OVERVIEW, OVERVIEW + ".html"])
@pytest.mark.parametrize("role", ["viewer", "planner"])
async def test_viewers_and_planners_get_403_and_no_service_is_asked(
    overview_client: Callable[..., Any],
    make_gateway_settings: SettingsFactory,
    areas: OverviewStandIn,
    path: str,
    role: str,
) -> None:
    headers = auth(make_gateway_settings, role, areas=["alue-01"])
    async with overview_client() as client:
        response = await client.get(path, params=ON, headers=headers)
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert areas.requests == []


async def test_an_admin_reads_the_overview(
    overview_client: Callable[..., Any], make_gateway_settings: SettingsFactory
) -> None:
    async with overview_client() as client:
        response = await client.get(
            OVERVIEW, params=ON, headers=auth(make_gateway_settings, "admin", areas=[])
        )
    assert response.status_code == 200


async def test_the_overview_prints_as_a_finnish_table(
    overview_client: Callable[..., Any], reviewer: dict[str, str], areas: OverviewStandIn
) -> None:
    areas.without_labour_force = {"alue-01"}
    async with overview_client() as client:
        page = await client.get(OVERVIEW + ".html", params=ON, headers=reviewer)
        negotiated = await client.get(
            OVERVIEW, params=ON, headers=reviewer | {"Accept": "text/html"}
        )
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    assert '<html lang="fi">' in html
    assert "Työllisyysalueiden järjestämissuunnitelmat 2025" in html
    assert "size: A4 landscape" in html
    assert "<th>Edellytykset</th>" in html
    assert "täyttyvät" in html
    assert "ei tiedossa" in html
    assert "Työvoima vähintään 20 000" in html  # the unknown criterion, by its Finnish name
    assert "21\u00a0000" in html
    assert "15.4.2025 klo 12.30" in html  # published 09:30 UTC, in Finnish time
    assert html.count('<tr class="row-') == 12
    assert "<script" not in html
    assert negotiated.headers["content-type"].startswith("text/html")
    assert negotiated.headers["vary"] == "Accept"


# A later service's key figure, as its section module would add it.


class CapRead(BaseModel):
    budget: float
    cap: float


class CapData(SectionData):
    budget: float
    cap: float


async def fetch_cap(context: PlanContext) -> CapData:
    read = await context.downstream.get("funding", f"/v1/areas/{context.area.id}/cap", CapRead)
    return CapData(budget=read.budget, cap=read.cap)


def cap_values(data: CapData) -> Mapping[str, Any]:
    return {"budget_share_of_cap": round(data.budget / data.cap, 3)}


FUNDING = Section(
    "resources",
    2,
    "Taloudelliset ja henkilöstövoimavarat",
    "funding",
    fetch=fetch_cap,
    overview=OverviewColumns(
        columns=(Column("budget_share_of_cap", "Talousarvio / katto", "number", "Budget/cap"),),
        values=cap_values,
    ),
)


async def fetch_offices(context: PlanContext) -> CapData:
    read = await context.downstream.get("offices", f"/v1/areas/{context.area.id}/cap", CapRead)
    return CapData(budget=read.budget, cap=read.cap)


# A section that declares no columns still says in each row whether it answered.
OFFICES = Section("offices", 4, "Toimipisteet", "offices", fetch=fetch_offices)


async def test_a_section_adds_a_column_through_its_overview_hook(
    areas: OverviewStandIn, make_gateway_settings: SettingsFactory
) -> None:
    asked: list[str] = []

    async def route(request: httpx.Request) -> httpx.Response:
        if request.url.host in ("funding.test", "offices.test"):
            asked.append(f"{request.url.host}{request.url.path}")
            if request.url.host == "offices.test" and "alue-01" in request.url.path:
                return httpx.Response(503, stream=httpx.ByteStream(b"{}"))
            body = b'{"budget": 900.0, "cap": 1200.0}'
            return httpx.Response(200, stream=httpx.ByteStream(body))
        return await areas(request)

    services = {"areas": AREAS_URL, "funding": "http://funding.test"}
    settings = make_gateway_settings(services | {"offices": "http://offices.test"})
    upstreams = Upstreams.from_settings(settings, httpx.MockTransport(route))
    downstream = Downstream.start(
        upstreams, authorization="Bearer t", request_id=None, deadline_seconds=2.0
    )
    sections = (*SECTIONS[:2], FUNDING, OFFICES)
    areas.areas = 2
    overview = await compose_overview(
        downstream=downstream,
        sections=sections,
        year=2025,
        on=dt.date(2025, 6, 1),
        annual_rates=(-0.012,),
        concurrency=4,
    )
    assert overview.columns[-1].key == "budget_share_of_cap"
    assert overview.columns[-1].section == "resources"
    first, second = overview.items
    assert first.values["budget_share_of_cap"] == 0.75
    assert first.sections["offices"] == "ok"
    # The section without columns failing makes the row incomplete, and adds no column.
    assert second.sections["offices"] == "unavailable"
    assert second.status == "incomplete"
    assert "offices" not in {c.section for c in overview.columns}
    assert sorted(asked) == [
        "funding.test/v1/areas/alue-00/cap",
        "funding.test/v1/areas/alue-01/cap",
        "offices.test/v1/areas/alue-00/cap",
        "offices.test/v1/areas/alue-01/cap",
    ]


def broken_values(data: CapData) -> Mapping[str, Any]:
    raise ZeroDivisionError("a bug in one section's column")


async def test_a_row_the_gateway_cannot_compose_is_unavailable_not_a_500(
    areas: OverviewStandIn, make_gateway_settings: SettingsFactory
) -> None:
    async def route(request: httpx.Request) -> httpx.Response:
        if request.url.host == "funding.test":
            body = b'{"budget": 1.0, "cap": 2.0}'
            return httpx.Response(200, stream=httpx.ByteStream(body))
        return await areas(request)

    settings = make_gateway_settings({"areas": AREAS_URL, "funding": "http://funding.test"})
    upstreams = Upstreams.from_settings(settings, httpx.MockTransport(route))
    downstream = Downstream.start(
        upstreams, authorization="Bearer t", request_id=None, deadline_seconds=2.0
    )
    broken = Section(
        "resources",
        2,
        "Talous",
        "funding",
        fetch=fetch_cap,
        overview=OverviewColumns(
            columns=(Column("budget_share_of_cap", "Osuus", "number", "Budget/cap"),),
            values=broken_values,
        ),
    )
    areas.areas = 2
    overview = await compose_overview(
        downstream=downstream,
        sections=(*SECTIONS[:2], broken),
        year=2025,
        on=dt.date(2025, 6, 1),
        annual_rates=(-0.012,),
        concurrency=4,
    )
    assert [r.status for r in overview.items] == ["unavailable", "unavailable"]
    assert overview.items[0].problems[0].section == "row"
    assert overview.items[0].problems[0].problem.status == 500
    assert set(overview.items[0].values.values()) == {None}


async def test_a_kept_overview_is_given_until_the_generation_moves(
    overview_client: Callable[..., Any],
    reviewer: dict[str, str],
    areas: OverviewStandIn,
) -> None:
    areas.generation = 5
    async with overview_client() as client:
        first = await client.get(OVERVIEW, params=ON, headers=reviewer)
        assert first.status_code == 200, first.text
        assert first.json()["complete"] is True
        calls = len(areas.requests)
        again = await client.get(OVERVIEW, params=ON, headers=reviewer)
        # Only the generation was asked: no row's data can have changed.
        assert [r.url.path for r in areas.requests[calls:]] == ["/v1/generation"]
        assert again.json() == first.json()

        areas.generation = 6  # a write committed in the areas service
        calls = len(areas.requests)
        fresh = await client.get(OVERVIEW, params=ON, headers=reviewer)
        assert "/v1/areas" in [r.url.path for r in areas.requests[calls:]]
        assert fresh.json()["generated_at"] != first.json()["generated_at"]

"""The plan's funding parts (2.1, 2.2 and 7's reserve) against stand-ins of the areas and the
funding service (httpx.MockTransport) that answer in the funding contract's JSON."""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from gateway.config import GatewaySettings
from gateway.plan.charts import finnish_money, finnish_percent
from gateway.plan.funding_testing import FundingStandIn
from gateway.plan.overview_testing import OverviewStandIn
from gateway.plan.sections.benefits import day_class_fi
from gateway.plan.testing import AreasStandIn, by_host
from gateway.testing import gateway_client
from servicekit.auth import mint_token

SettingsFactory = Callable[..., GatewaySettings]
PLAN = "/v1/plans/kymppi"
ON = {"year": "2025", "on": "2025-06-01"}
FUNDING_PARTS = ["resources", "unemployment_benefits", "structural_change"]
NBSP, MINUS, DASH = "\u00a0", "\u2212", "\u2013"


@pytest.fixture
def areas() -> AreasStandIn:
    return AreasStandIn()


@pytest.fixture
def funding() -> FundingStandIn:
    return FundingStandIn()


@pytest.fixture
def plan_client(
    areas: AreasStandIn, funding: FundingStandIn, make_gateway_settings: SettingsFactory
) -> Callable[..., Any]:
    @asynccontextmanager
    async def client(**overrides: Any) -> AsyncIterator[httpx.AsyncClient]:
        services = {"areas": "http://areas.test", "funding": "http://funding.test"}
        settings = make_gateway_settings(services, **overrides)
        async with gateway_client(settings, transport=by_host(areas, funding=funding)) as c:
            yield c

    return client


@pytest.fixture
def kymppi(make_gateway_settings: SettingsFactory) -> dict[str, str]:
    token = mint_token(make_gateway_settings({}), sub="v", roles=["viewer"], areas=["kymppi"])
    return {"Authorization": f"Bearer {token}"}


async def plan(
    plan_client: Callable[..., Any], headers: dict[str, str], **params: str
) -> dict[str, Any]:
    async with plan_client() as client:
        response = await client.get(PLAN, params=ON | params, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def document(plan_client: Callable[..., Any], headers: dict[str, str], **params: str) -> str:
    async with plan_client() as client:
        response = await client.get(PLAN + ".html", params=ON | params, headers=headers)
    assert response.status_code == 200, response.text
    html: str = response.text
    return html


def by_key(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["key"]: s for s in body["sections"]}


async def test_the_funding_parts_are_ok_with_the_services_figures_as_it_gave_them(
    plan_client: Callable[..., Any], kymppi: dict[str, str], funding: FundingStandIn
) -> None:
    body = await plan(plan_client, kymppi)
    assert body["complete"] is True
    sections = by_key(body)
    assert [sections[k]["status"] for k in FUNDING_PARTS] == ["ok", "ok", "ok"]
    assert {sections[k]["service"] for k in FUNDING_PARTS} == {"funding"}

    money = sections["resources"]["data"]
    # Money stays the service's decimal strings, to the cent.
    assert money["budget"]["cap_eur"] == "4445060.66"
    assert money["budget"]["headroom_eur"] == "105060.66"
    assert money["subsidies"]["contributions_total_eur"] == "4686789.51"
    assert [d["status"] for d in money["calendar"]["deadlines"]] == ["done", "done"]
    assert money["names"] == {"005": "Alajärvi", "010": "Alavus", "233": "Kauhava"}

    benefits = sections["unemployment_benefits"]["data"]
    assert benefits["by_member"]["total_eur"] == "2890011.63"
    assert benefits["by_day_class"]["group_by"] == "day_class"
    assert benefits["balance"]["difference_total_eur"] == "9988.37"

    reserve = sections["structural_change"]["data"]["reserve"]
    assert (reserve["reserve_eur"], reserve["share"]) == ("120000.00", "0.0276")
    assert reserve["finding"] is None

    assert {s["source"] for s in sections["unemployment_benefits"]["sources"]} == {
        "Kela: työttömyysetuuksien kuntaosuudet kunnittain (avoin data)"
    }
    assert sections["resources"]["sources"][0]["period"] == "2025"


async def test_each_call_is_made_once_with_the_plans_year_and_date_and_the_callers_token(
    plan_client: Callable[..., Any], kymppi: dict[str, str], funding: FundingStandIn
) -> None:
    async with plan_client() as client:
        response = await client.get(PLAN, params=ON, headers=kymppi | {"X-Request-ID": "f-1"})
    assert response.status_code == 200
    asked = sorted((r.url.path, str(r.url.params)) for r in funding.requests)
    assert asked == [
        # 2.1 and 7 each read the budget: each part is fetched on its own.
        ("/v1/areas/kymppi/budgets/2025", ""),
        ("/v1/areas/kymppi/budgets/2025", ""),
        ("/v1/areas/kymppi/calendar", "year=2025&today=2025-06-01"),
        ("/v1/areas/kymppi/unemployment-benefit/balance", "year=2025"),
        ("/v1/areas/kymppi/years/2025/subsidies", ""),
        # Whether a kept plan may answer: this stand-in tells no generation, so none is kept.
        ("/v1/generation", ""),
        ("/v1/unemployment-benefit/costs", "area_id=kymppi&year=2025&group_by=day_class"),
        ("/v1/unemployment-benefit/costs", "area_id=kymppi&year=2025&group_by=municipality"),
    ]
    for request in funding.requests:
        assert request.headers["authorization"] == kymppi["Authorization"]
        assert request.headers["x-request-id"] == "f-1"


async def test_chapters_two_and_seven_list_their_parts_from_both_services_in_order(
    plan_client: Callable[..., Any], kymppi: dict[str, str]
) -> None:
    sections = (await plan(plan_client, kymppi))["sections"]
    parts = [
        (s["number"], s["part"]["number"] if s["part"] else None, s["service"], s["status"])
        for s in sections
        if s["number"] in (2, 7)
    ]
    assert parts == [
        (2, "2.1", "funding", "ok"),
        (2, "2.2", "funding", "ok"),
        (2, "2.3", "caseload", "not_configured"),
        (7, None, "funding", "ok"),
        (7, None, "caseload", "not_configured"),
    ]
    chapter_two = {s["title_fi"] for s in sections if s["number"] == 2}
    assert chapter_two == {"Taloudelliset ja henkilöstövoimavarat"}


async def test_a_year_without_subsidies_budget_or_compensation_is_not_yet_recorded(
    plan_client: Callable[..., Any], kymppi: dict[str, str]
) -> None:
    body = await plan(plan_client, kymppi, year="2026", on="2026-06-01")
    sections = by_key(body)
    assert body["complete"] is True
    assert [sections[k]["status"] for k in FUNDING_PARTS] == ["ok", "ok", "ok"]
    money = sections["resources"]["data"]
    assert (money["subsidies"], money["budget"]) == (None, None)
    assert [d["status"] for d in money["calendar"]["deadlines"]] == ["open", "open"]
    assert sections["unemployment_benefits"]["data"]["balance"] is None
    assert sections["unemployment_benefits"]["data"]["by_member"]["groups"] == []
    assert sections["structural_change"]["data"] == {"year": 2026, "reserve": None}

    html = await document(plan_client, kymppi, year="2026", on="2026-06-01")
    assert "Vuoden 2026 valtionosuuksia ei ole vielä kirjattu." in html
    assert html.count("Vuoden 2026 talousarviota ei ole vielä kirjattu.") == 2  # 2.1 and 7
    assert "Vuoden 2026 valtionosuuskorvausta ei ole vielä kirjattu." in html
    assert "Kelan lukuja vuodelta 2026 ei ole vielä tuotu." in html


async def test_a_404_of_the_calendar_is_the_services_problem_not_an_empty_year(
    plan_client: Callable[..., Any], kymppi: dict[str, str], funding: FundingStandIn
) -> None:
    funding.failing["/v1/areas/kymppi/calendar"] = 404
    sections = by_key(await plan(plan_client, kymppi))
    assert sections["resources"]["status"] == "unavailable"
    assert sections["resources"]["problem"]["status"] == 404
    assert sections["unemployment_benefits"]["status"] == "ok"


async def test_the_funding_service_down_makes_only_its_parts_unavailable(
    plan_client: Callable[..., Any], kymppi: dict[str, str], funding: FundingStandIn
) -> None:
    funding.unreachable = True
    body = await plan(plan_client, kymppi)
    sections = by_key(body)
    assert body["complete"] is False
    for key in FUNDING_PARTS:
        assert sections[key]["status"] == "unavailable"
        assert sections[key]["problem"]["service"] == "funding"
        assert sections[key]["problem"]["status"] == 502
    assert (sections["area"]["status"], sections["narrative"]["status"]) == ("ok", "ok")
    assert sections["staff"]["status"] == "not_configured"

    html = await document(plan_client, kymppi)
    # Each funding part keeps its heading, and says under it that its figures did not come.
    for heading in ("2.1 Taloudelliset voimavarat</h3>", "2.2 Työttömyysturvan kannustava"):
        after = html[html.index(heading, html.index("</nav>")) :]
        assert after.index("Tietoa ei saatu palvelusta rahoitus (funding)") < 400
    assert html.count("Tietoa ei saatu palvelusta rahoitus (funding)") == 3
    assert "Lain kriteerit" in html  # the areas service's chapter stands


async def test_one_failing_funding_call_makes_only_its_part_unavailable(
    plan_client: Callable[..., Any], kymppi: dict[str, str], funding: FundingStandIn
) -> None:
    funding.failing["/v1/unemployment-benefit/costs"] = 500
    sections = by_key(await plan(plan_client, kymppi))
    benefits = sections["unemployment_benefits"]
    assert (benefits["status"], benefits["problem"]["detail"]) == ("unavailable", "funding broke")
    assert sections["resources"]["status"] == "ok"
    assert sections["structural_change"]["status"] == "ok"


async def test_a_slow_funding_service_leaves_the_plan_within_its_deadline(
    plan_client: Callable[..., Any], kymppi: dict[str, str], funding: FundingStandIn
) -> None:
    funding.slow["/v1/areas/kymppi/budgets/2025"] = 5.0
    deadline = 0.4
    async with plan_client(plan_deadline_seconds=deadline) as client:
        started = time.monotonic()
        response = await client.get(PLAN, params=ON, headers=kymppi)
        elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert elapsed < deadline + 0.1
    sections = by_key(response.json())
    for key in ("resources", "structural_change"):
        assert sections[key]["status"] == "unavailable"
        assert sections[key]["problem"]["status"] == 504
        assert "deadline (0.4 s)" in sections[key]["problem"]["detail"]
    assert sections["unemployment_benefits"]["status"] == "ok"
    assert sections["area"]["status"] == "ok"


async def test_names_missing_from_the_areas_service_print_the_codes_instead(
    plan_client: Callable[..., Any], kymppi: dict[str, str], areas: AreasStandIn
) -> None:
    areas.failing["/v1/municipalities"] = 503
    body = await plan(plan_client, kymppi)
    assert body["complete"] is True
    assert by_key(body)["resources"]["data"]["names"] == {}
    html = await document(plan_client, kymppi)
    assert "<td>005</td>" in html


def in_order(html: str, texts: list[str]) -> list[int]:
    return [html.index(t) for t in texts]


async def test_the_document_prints_the_funding_parts_under_the_source_plans_headings(
    plan_client: Callable[..., Any], kymppi: dict[str, str]
) -> None:
    html = await document(plan_client, kymppi)
    headings = [
        "<h2>2. Taloudelliset ja henkilöstövoimavarat</h2>",
        "2.1 Taloudelliset voimavarat</h3>",
        "2.2 Työttömyysturvan kannustava rahoitusmalli</h3>",
        "2.3 Henkilöstövoimavarat</h3>",
        "<h2>3. Palvelujen tuottaminen ja kohdentaminen</h2>",
        "<h2>7. Varautuminen rakennemuutostilanteisiin</h2>",
        "Muutosturvan määräraha talousarviossa</h3>",
        "Rakennemuutosskenaariot ja niiden vaatimat voimavarat</h3>",
        "<h2>8. Alueellinen työllisyyden hoidon ekosysteemi</h2>",
    ]
    positions = in_order(html, headings)
    assert positions == sorted(positions)
    # The contents list the numbered parts under their chapter.
    contents = html[html.index('<nav class="contents">') : html.index("</nav>")]
    assert "2.1 Taloudelliset voimavarat" in contents
    assert "2.3 Henkilöstövoimavarat" in contents
    # Caseload's parts are not in this system: each says so under its own heading.
    staff = html[html.index("2.3 Henkilöstövoimavarat</h3>") :]
    assert staff.index("Tämän osan tunnusluvut tulevat palvelusta asiakkuudet") < 200

    # Charts: the area's three, 2.1's subsidies and budget, 2.2's by member and by day class.
    assert html.count("<svg") == 7
    for title in (
        "Valtionosuudet ja maksuosuudet jäsenkunnittain 2025",
        "Talousarvion 2025 menot ja enimmäismäärä",
        "Työttömyysetuuksien kuntaosuus jäsenkunnittain 2025",
        "Työttömyysetuuksien kuntaosuus etuuspäivien kertymän mukaan 2025",
    ):
        assert f"<title>{title}</title>" in html
    assert "<script" not in html
    figures = [int(n) for n in re.findall(r"Kuva (\d+)\.", html)]
    assert figures == list(range(1, len(figures) + 1))


async def test_the_document_prints_money_and_shares_the_finnish_way(
    plan_client: Callable[..., Any], kymppi: dict[str, str]
) -> None:
    html = await document(plan_client, kymppi)
    # Alajärvi's preliminary subsidy, the cap, Alavus's compensation short of its cost.
    assert f"1{NBSP}234{NBSP}567,89{NBSP}€" in html
    assert f"4{NBSP}445{NBSP}060,66{NBSP}€" in html
    assert f"{MINUS}79{NBSP}959,40{NBSP}€" in html
    assert f"2,76{NBSP}%" in html  # the reserve's share, 0.0276 of expenditure
    assert f"Enimmäismäärä (95{NBSP}%)" in html
    assert "Alajärvi (005)" in html
    # Kela's day classes in their own order, whatever order the service listed them in.
    classes = [f"101{DASH}200 päivää", f"201{DASH}300 päivää", f"401{DASH}700 päivää"]
    classes.append("yli 700 päivää")
    positions = in_order(html, classes)
    assert positions == sorted(positions)
    assert "Hyväksytty talousarvio ja -suunnitelma</td><td>15.10.2024</td>" in html
    assert ">tehty</td>" in html


async def test_a_budget_without_the_reserve_prints_its_blocking_finding(
    plan_client: Callable[..., Any], kymppi: dict[str, str], funding: FundingStandIn
) -> None:
    funding.budget_lines = [line for line in funding.budget_lines if "reserve" not in line[0]]
    body = await plan(plan_client, kymppi)
    reserve = by_key(body)["structural_change"]["data"]["reserve"]
    assert reserve["finding"]["code"] == "no_change_security_reserve"
    assert reserve["lines"] == []
    html = await document(plan_client, kymppi)
    assert "Talousarviosta puuttuu muutosturvan määräraha" in html
    assert "Muutosturvan määräraha puuttuu" in html  # 2.1's findings table


async def test_the_overview_has_each_areas_budget_against_the_cap_and_its_benefit_cost(
    funding: FundingStandIn, make_gateway_settings: SettingsFactory
) -> None:
    areas = OverviewStandIn(areas=2)
    funding.recorded = {"alue-00"}  # alue-01 has nothing recorded yet
    services = {"areas": "http://areas.test", "funding": "http://funding.test"}
    settings = make_gateway_settings(services)
    reviewer = mint_token(settings, sub="r", roles=["reviewer"], areas=[])
    headers = {"Authorization": f"Bearer {reviewer}"}
    async with gateway_client(settings, transport=by_host(areas, funding=funding)) as client:
        response = await client.get("/v1/plans", params=ON, headers=headers)
        composed = list(funding.requests)
        html = await client.get("/v1/plans.html", params=ON, headers=headers)
    assert response.status_code == 200, response.text
    rows = {r["area_id"]: r for r in response.json()["items"]}
    keys = ["budget_status", "budget_expenditure", "budget_cap", "budget_headroom"]
    keys += ["budget_blocking", "benefit_cost", "change_security_reserve"]
    recorded = rows["alue-00"]
    assert [recorded["values"][k] for k in keys] == [
        "approved",
        "4340000.00",
        "4445060.66",
        "105060.66",
        [],
        "2890011.63",
        "120000.00",
    ]
    empty = rows["alue-01"]
    assert [empty["values"][k] for k in keys] == [None] * len(keys)
    assert empty["status"] == "ok"  # nothing recorded yet is not a failure
    # The overview's calls are lighter than the plan's: the budget, the costs by member, and
    # 7's budget read, for each area.
    asked = sorted(r.url.path for r in composed if "alue-00" in str(r.url))
    assert asked == [
        "/v1/areas/alue-00/budgets/2025",
        "/v1/areas/alue-00/budgets/2025",
        "/v1/unemployment-benefit/costs",
    ]
    assert f"4{NBSP}340{NBSP}000,00{NBSP}€" in html.text


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        ("1234567.89", f"1{NBSP}234{NBSP}567,89{NBSP}€"),
        ("-1234.5", f"{MINUS}1{NBSP}234,50{NBSP}€"),
        ("999.995", f"1{NBSP}000,00{NBSP}€"),  # half up to the cent
        ("-0.004", f"0,00{NBSP}€"),  # no negative zero
        ("12", f"12,00{NBSP}€"),
    ],
)
def test_money_is_printed_with_spaces_a_decimal_comma_and_the_euro_sign_after(
    value: str, printed: str
) -> None:
    # Finnish usage (Kielitoimiston ohjepankki, "Rahasummien merkitseminen"): a space between
    # thousands, a comma before the cents, a space before €.
    assert finnish_money(value) == printed


def test_shares_are_printed_as_finnish_percentages() -> None:
    assert finnish_percent("0.0276", 2) == f"2,76{NBSP}%"
    assert finnish_percent("0.95", 0) == f"95{NBSP}%"


def test_kelas_day_classes_are_printed_as_ranges_of_days() -> None:
    assert day_class_fi("101-200") == "101\u2013200 päivää"
    assert day_class_fi("701-") == "yli 700 päivää"
    assert day_class_fi("muu") == "muu"

"""The plan's caseload parts (2.3 staff, 3 services, 7's scenarios) against stand-ins of the
areas and the caseload service (httpx.MockTransport) that answer in the caseload
contract's JSON (README, "The caseload service")."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import httpx
import pytest

from gateway.config import GatewaySettings
from gateway.plan.caseload_testing import CaseloadStandIn
from gateway.plan.charts import finnish_decimal, month_fi, month_in_fi
from gateway.plan.overview_testing import OverviewStandIn
from gateway.plan.sections.caseload import month_of, shifted
from gateway.plan.testing import AreasStandIn, by_host
from gateway.testing import gateway_client
from servicekit.auth import mint_token

SettingsFactory = Callable[..., GatewaySettings]
PLAN = "/v1/plans/kymppi"
ON = {"year": "2025", "on": "2025-06-30"}
CASELOAD_PARTS = ["staff", "services", "structural_change_scenarios"]
NBSP, MINUS = "\u00a0", "\u2212"
CASELOAD_FI = "asiakkuudet ja henkilöstö (caseload)"


@pytest.fixture
def areas() -> AreasStandIn:
    return AreasStandIn()


@pytest.fixture
def caseload() -> CaseloadStandIn:
    return CaseloadStandIn()


@pytest.fixture
def plan_client(
    areas: AreasStandIn, caseload: CaseloadStandIn, make_gateway_settings: SettingsFactory
) -> Callable[..., Any]:
    @asynccontextmanager
    async def client(**overrides: Any) -> AsyncIterator[httpx.AsyncClient]:
        services = {"areas": "http://areas.test", "caseload": "http://caseload.test"}
        settings = make_gateway_settings(services, **overrides)
        async with gateway_client(settings, transport=by_host(areas, caseload=caseload)) as c:
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


def half_up(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


async def test_the_caseload_parts_are_ok_with_the_services_figures_as_it_gave_them(
    plan_client: Callable[..., Any], kymppi: dict[str, str]
) -> None:
    body = await plan(plan_client, kymppi)
    sections = by_key(body)
    assert [sections[k]["status"] for k in CASELOAD_PARTS] == ["ok", "ok", "ok"]
    assert {sections[k]["service"] for k in CASELOAD_PARTS} == {"caseload"}
    assert body["complete"] is True  # funding is not configured: its parts do not count

    staff = sections["staff"]["data"]
    functions = {f["function"]: f["fte"] for f in staff["summary"]["by_function"]}
    # Plan §2.3: about 40 FTE, 30 in customer service and 10 in common services.
    assert (staff["summary"]["fte"], functions["customer_service"]) == (40.0, 30.0)
    assert functions["common_services"] == 10.0
    check = staff["check"]
    assert check["month"] == "2025-06"
    assert check["lowest"]["key"] == "multi_sectoral_services"
    # Plan §2.3: 3,762 jobseekers at the lowest target, 130 customers per FTE.
    uniform = check["uniform"]
    assert (uniform["target"], uniform["customers"]) == (130, 3762)
    assert Decimal(str(uniform["fte_needed"])) == half_up(Decimal(3762) / 130)
    assert (uniform["fte"], uniform["status"]) == (30.0, "within_target")

    services = sections["services"]["data"]
    load = services["caseload"]
    assert (load["month"], load["customers_recorded"]) == ("2025-06", True)
    lines = {line["service_line"]: line for line in load["lines"]}
    assert lines["competence_services"]["fte_needed"] == float(half_up(Decimal(940) / 170))
    assert lines["job_matching"]["status"] == "no_target"
    assert load["segments"][0] == {"segment": "all", "customers": 3762}
    assert [p["month"] for p in load["trend"]] == [
        shifted("2025-06", -n) for n in range(11, -1, -1)
    ]
    assert len(services["service_lines"]) == 7

    scenarios = sections["structural_change_scenarios"]["data"]
    (entry,) = scenarios["scenarios"]
    assert entry["scenario"]["changes"][0]["customers"] == 270
    first = entry["result"]["monthly"][0]["uniform"]
    # Plan §7: +270 customers in Kauhava need 31.02 FTE at 130 instead of 28.94.
    assert Decimal(str(first["fte_needed"])) == half_up(Decimal(3762 + 270) / 130)
    assert first["cost_eur"] == "5100.00"  # money stays the service's decimal string
    assert entry["result"]["uniform_total_cost_eur"] == "61200.00"
    assert scenarios["names"] == {"233": "Kauhava"}
    assert scenarios["more"] is False

    (estimate,) = [s for s in sections["services"]["sources"] if s["is_estimate"]]
    assert (estimate["period"], estimate["source"][:9]) == ("2025-06", "Estimate:")
    assert sections["structural_change_scenarios"]["sources"][0]["is_estimate"] is True


async def test_each_call_carries_the_plans_date_the_lowest_target_and_the_callers_token(
    plan_client: Callable[..., Any], kymppi: dict[str, str], caseload: CaseloadStandIn
) -> None:
    async with plan_client() as client:
        response = await client.get(PLAN, params=ON, headers=kymppi | {"X-Request-ID": "c-1"})
    assert response.status_code == 200
    assert sorted(caseload.asked()) == [
        ("/v1/areas/kymppi/caseload", "month=2025-06"),  # 3
        ("/v1/areas/kymppi/caseload", "month=2025-06&uniform_target=130"),  # 2.3
        ("/v1/areas/kymppi/customers/2025-06", ""),
        ("/v1/areas/kymppi/customers/2025-06", ""),
        ("/v1/areas/kymppi/scenarios", "limit=20"),
        ("/v1/areas/kymppi/scenarios/1", ""),
        ("/v1/areas/kymppi/scenarios/1/result", ""),
        ("/v1/areas/kymppi/service-lines", ""),
        ("/v1/areas/kymppi/service-lines", ""),
        ("/v1/areas/kymppi/service-lines", ""),
        ("/v1/areas/kymppi/staff/summary", "on=2025-06-30"),
        # Whether a kept plan may answer: this stand-in tells no generation, so none is kept.
        ("/v1/generation", ""),
    ]
    for request in caseload.requests:
        assert request.headers["authorization"] == kymppi["Authorization"]
        assert request.headers["x-request-id"] == "c-1"


async def test_a_month_without_counts_takes_the_latest_month_before_it_in_its_trend(
    plan_client: Callable[..., Any], kymppi: dict[str, str], caseload: CaseloadStandIn
) -> None:
    caseload.recorded = {"2023-06", "2025-03"}
    sections = by_key(await plan(plan_client, kymppi))
    assert sections["services"]["data"]["caseload"]["month"] == "2025-03"
    assert sections["staff"]["data"]["check"]["month"] == "2025-03"
    asked = [p for path, p in caseload.asked() if path.endswith("/caseload")]
    assert sorted(asked) == [
        "month=2025-03",
        "month=2025-03&uniform_target=130",
        "month=2025-06",
        "month=2025-06&uniform_target=130",
    ]


async def test_a_plan_a_year_after_the_counts_looks_back_a_year_at_a_time(
    plan_client: Callable[..., Any], kymppi: dict[str, str], caseload: CaseloadStandIn
) -> None:
    # On 1.12.2026 the 12 months up to December 2026 have no counts; 2025's December has.
    sections = by_key(await plan(plan_client, kymppi, year="2026", on="2026-12-01"))
    assert sections["services"]["data"]["caseload"]["month"] == "2025-12"
    asked = [p for path, p in caseload.asked() if path.endswith("/caseload") and "uniform" not in p]
    assert asked == ["month=2026-12", "month=2025-12"]


async def test_no_counts_in_36_months_is_said_and_the_staff_still_shown(
    plan_client: Callable[..., Any], kymppi: dict[str, str], caseload: CaseloadStandIn
) -> None:
    caseload.recorded = {"2021-01"}  # more than 36 months before June 2025
    sections = by_key(await plan(plan_client, kymppi))
    assert sections["services"]["status"] == "ok"
    assert sections["services"]["data"]["caseload"]["customers_recorded"] is False
    assert sections["services"]["data"]["customers_source"] is None
    assert sections["staff"]["data"]["check"]["customers_recorded"] is False
    asked = [p for path, p in caseload.asked() if path.endswith("/caseload") and "uniform" not in p]
    assert asked == ["month=2025-06", "month=2024-06", "month=2023-06"]
    assert not [path for path, _ in caseload.asked() if "/customers/" in path]
    html = await document(plan_client, kymppi)
    assert "Asiakasmääriä ei ole kirjattu 36 kuukauden ajalta" in html
    assert "Henkilöstö tehtäväalueittain" in html


async def test_the_check_is_at_the_areas_own_lowest_target(
    plan_client: Callable[..., Any], kymppi: dict[str, str], caseload: CaseloadStandIn
) -> None:
    caseload.lines = [
        ("competence_services", "Osaamispalvelut", 120),
        ("multi_sectoral_services", "Monialaiset palvelut", 150),
        ("job_matching", "Työnvälityspalvelut", None),
    ]
    check = by_key(await plan(plan_client, kymppi))["staff"]["data"]["check"]
    assert check["lowest"]["key"] == "competence_services"
    assert check["uniform"]["target"] == 120
    assert ("/v1/areas/kymppi/caseload", "month=2025-06&uniform_target=120") in caseload.asked()


async def test_lines_without_any_target_leave_the_check_out(
    plan_client: Callable[..., Any], kymppi: dict[str, str], caseload: CaseloadStandIn
) -> None:
    caseload.lines = [("job_matching", "Työnvälityspalvelut", None)]
    sections = by_key(await plan(plan_client, kymppi))
    assert sections["staff"]["status"] == "ok"
    assert sections["staff"]["data"]["check"] is None
    assert not [p for _, p in caseload.asked() if "uniform_target" in p]
    html = await document(plan_client, kymppi)
    assert "Alueen palvelulinjoilla ei ole tavoitelukuja" in html


async def test_the_caseload_service_down_makes_only_its_parts_unavailable(
    plan_client: Callable[..., Any], kymppi: dict[str, str], caseload: CaseloadStandIn
) -> None:
    caseload.unreachable = True
    body = await plan(plan_client, kymppi)
    sections = by_key(body)
    assert body["complete"] is False
    for key in CASELOAD_PARTS:
        assert sections[key]["status"] == "unavailable"
        assert sections[key]["problem"]["service"] == "caseload"
        assert sections[key]["problem"]["status"] == 502
    assert (sections["area"]["status"], sections["narrative"]["status"]) == ("ok", "ok")
    assert sections["resources"]["status"] == "not_configured"

    html = await document(plan_client, kymppi)
    notice = f"Tietoa ei saatu palvelusta {CASELOAD_FI}"
    body_html = html[html.index("</nav>") :]
    for heading in (
        "2.3 Henkilöstövoimavarat</h3>",
        "3. Palvelujen tuottaminen",
        "Rakennemuutosskenaariot ja niiden vaatimat voimavarat</h3>",
    ):
        after = body_html[body_html.index(heading) :]
        assert after.index(notice) < 400
    assert html.count(notice) == 3
    assert "Lain kriteerit" in html  # the areas service's chapter stands


async def test_one_failing_call_makes_only_its_part_unavailable(
    plan_client: Callable[..., Any], kymppi: dict[str, str], caseload: CaseloadStandIn
) -> None:
    caseload.failing["/v1/areas/kymppi/scenarios/1/result"] = 500
    sections = by_key(await plan(plan_client, kymppi))
    scenarios = sections["structural_change_scenarios"]
    assert (scenarios["status"], scenarios["problem"]["detail"]) == (
        "unavailable",
        "caseload broke",
    )
    assert sections["staff"]["status"] == "ok"
    assert sections["services"]["status"] == "ok"


async def test_a_slow_caseload_service_leaves_the_plan_within_its_deadline(
    plan_client: Callable[..., Any], kymppi: dict[str, str], caseload: CaseloadStandIn
) -> None:
    caseload.slow["/v1/areas/kymppi/staff/summary"] = 5.0
    async with plan_client(plan_deadline_seconds=0.4) as client:
        started = dt.datetime.now()
        response = await client.get(PLAN, params=ON, headers=kymppi)
        elapsed = (dt.datetime.now() - started).total_seconds()
    assert response.status_code == 200
    assert elapsed < 0.5
    sections = by_key(response.json())
    assert sections["staff"]["status"] == "unavailable"
    assert sections["staff"]["problem"]["status"] == 504
    assert (sections["services"]["status"], sections["structural_change_scenarios"]["status"]) == (
        "ok",
        "ok",
    )


async def test_an_area_with_nothing_recorded_prints_what_is_missing(
    plan_client: Callable[..., Any], kymppi: dict[str, str], caseload: CaseloadStandIn
) -> None:
    caseload.recorded = set()
    caseload.scenarios = False
    sections = by_key(await plan(plan_client, kymppi, on="2024-06-30"))  # before the staff
    assert sections["staff"]["data"]["summary"]["positions"] == 0
    assert sections["structural_change_scenarios"]["data"]["scenarios"] == []
    html = await document(plan_client, kymppi, on="2024-06-30")
    assert "Työllisyysalueelle ei ole kirjattu 30.6.2024 voimassa olevia tehtäviä" in html
    assert "Alueelle ei ole vielä tallennettu rakennemuutosskenaarioita" in html
    assert "Palvelulinjat ja niiden tavoiteluvut" in html  # the lines, without the caseload


def in_order(html: str, texts: list[str]) -> list[int]:
    return [html.index(t) for t in texts]


async def test_the_document_prints_the_caseload_parts_in_the_source_plans_order(
    plan_client: Callable[..., Any], kymppi: dict[str, str]
) -> None:
    html = await document(plan_client, kymppi)
    body = html[html.index("</nav>") :]
    headings = [
        "2.3 Henkilöstövoimavarat</h3>",
        "Henkilöstön riittävyys asiakasmäärään nähden</h4>",
        "<h2>3. Palvelujen tuottaminen ja kohdentaminen</h2>",
        "Työllisyysalueen asiakkaat</h3>",
        "Palvelulinjat, tavoiteluvut ja asiakaskuormitus</h3>",
        "<h2>7. Varautuminen rakennemuutostilanteisiin</h2>",
        "Rakennemuutosskenaariot ja niiden vaatimat voimavarat</h3>",
    ]
    positions = in_order(body, headings)
    assert positions == sorted(positions)
    # Each chart is a figure with its caption, and its numbers are in a table.
    figures = [
        ("Alueen työnhakijarakenne, kesäkuu 2025", "Työnhakijarakenne, kesäkuu 2025"),
        ("Asiakkaat kuukausittain, 12 kuukautta kesäkuu 2025 asti", None),
        (
            "Asiakkaita henkilötyövuotta kohden ja tavoiteluku palvelulinjoittain, kesäkuu 2025",
            None,
        ),
        ("Henkilöstötarve skenaariossa", None),
    ]
    for caption, title in figures:
        assert f". {caption}" in html
        assert f"<title>{title or caption}" in html
    assert "<script" not in html
    # The source plan's own figures, printed the Finnish way.
    assert f"3{NBSP}762" in html
    for fte in ("28,94", "30,00", "31,02"):
        assert fte in html
    assert f"{MINUS}1,02" in html
    assert f"61{NBSP}200,00{NBSP}€" in html
    assert f"5{NBSP}100,00{NBSP}€" in html
    assert "Kesäkuussa 2025 alueella on 3" in html
    assert "alimmalla tavoiteluvulla arvioituna riittävä" in html
    assert "Kauhava (233)" in html


async def test_the_overview_has_each_areas_fte_against_need(
    caseload: CaseloadStandIn, make_gateway_settings: SettingsFactory
) -> None:
    areas = OverviewStandIn(areas=2)
    services = {"areas": "http://areas.test", "caseload": "http://caseload.test"}
    settings = make_gateway_settings(services)
    reviewer = mint_token(settings, sub="r", roles=["reviewer"], areas=[])
    headers = {"Authorization": f"Bearer {reviewer}"}
    caseload.area = "alue-00"  # Kymppi's figures are alue-00's; alue-01 has none recorded
    async with gateway_client(settings, transport=by_host(areas, caseload=caseload)) as client:
        response = await client.get("/v1/plans", params=ON, headers=headers)
        composed = caseload.asked()
        html = await client.get("/v1/plans.html", params=ON, headers=headers)
    assert response.status_code == 200, response.text
    columns = [c["key"] for c in response.json()["columns"] if c["section"] == "staff"]
    assert columns == ["caseload_month", "customer_service_fte", "fte_needed", "fte_gap"]
    rows = {r["area_id"]: r for r in response.json()["items"]}
    assert [rows["alue-00"]["values"][k] for k in columns] == ["2025-06", 30.0, 28.94, 1.06]
    empty = rows["alue-01"]
    assert [empty["values"][k] for k in columns] == [None, 0.0, None, None]
    assert empty["sections"]["services"] == "ok"
    assert empty["sections"]["structural_change_scenarios"] == "ok"
    # Lighter than the plan: no summary, no provenance, no scenario results.
    asked = sorted({path for path, _ in composed if "alue-00" in path})
    assert asked == [
        "/v1/areas/alue-00/caseload",
        "/v1/areas/alue-00/scenarios",
        "/v1/areas/alue-00/service-lines",
    ]
    assert "28,94" in html.text
    assert "Tarve, htv" in html.text


def test_fte_is_printed_to_two_decimals_the_finnish_way() -> None:
    assert finnish_decimal(28.94) == "28,94"
    assert finnish_decimal(1.005) == "1,01"  # half up, on the number as printed
    assert finnish_decimal(-1.02) == f"{MINUS}1,02"
    assert finnish_decimal(-0.001) == "0,00"
    assert finnish_decimal(1234.5) == f"1{NBSP}234,50"


def test_months_are_named_in_finnish() -> None:
    assert month_fi("2023-06") == "kesäkuu 2023"
    assert month_in_fi("2025-12") == "joulukuussa 2025"


def test_months_shift_across_years() -> None:
    assert shifted("2025-06", -12) == "2024-06"
    assert shifted("2025-01", -1) == "2024-12"
    assert shifted("2024-12", 1) == "2025-01"
    assert month_of(dt.date(2026, 12, 1)) == "2026-12"

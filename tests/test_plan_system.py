"""The composed plan through the running system: the gateway asking the real services."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path

import httpx
import pytest

from alue.processes import wait_ready
from alue.system import System

pytestmark = pytest.mark.system

Bearer = Callable[..., dict[str, str]]

# The demo imports Kela's published 2025 file for the ten Kymppi members, unchanged.
KELA_2025 = (
    Path(__file__).resolve().parents[1]
    / "services/funding/funding/demo/kela_share_2025_kymppi_year.csv"
)


@pytest.fixture
def http(system: System) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=system.gateway_url, timeout=10) as client:
        yield client


def test_the_kymppi_plan_is_composed_from_the_areas_service_and_revalidates_with_304(
    http: httpx.Client, bearer: Bearer
) -> None:
    headers = bearer("viewer", areas=["kymppi"])
    response = http.get("/v1/plans/kymppi", params={"year": 2025}, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["complete"] is True, body
    sections = {s["key"]: s for s in body["sections"]}
    area = sections["area"]["data"]
    assert len(area["members"]) == 10
    assert "Alajärvi" in {m["name_fi"] for m in area["members"]}
    assert area["home_municipality"]["name_fi"] == "Kauhava"
    # The source plan's figure for June 2023 (DOMAIN.md §1): 28 616 persons.
    assert area["eligibility"]["labour_force_total"] == 28_616
    assert [f["annual_rate"] for f in area["forecast"]["forecasts"]] == [-0.012, -0.016, -0.02]
    texts = sections["narrative"]["data"]["texts"]
    assert sorted(t["chapter"] for t in texts) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert sections["resources"]["status"] == "ok"
    assert sections["unemployment_benefits"]["status"] == "ok"

    etag = response.headers["etag"]
    again = http.get(
        "/v1/plans/kymppi", params={"year": 2025}, headers=headers | {"If-None-Match": etag}
    )
    assert again.status_code == 304
    assert again.headers["etag"] == etag


def test_the_printable_kymppi_plan_is_served(http: httpx.Client, bearer: Bearer) -> None:
    headers = bearer("reviewer")
    response = http.get("/v1/plans/kymppi.html", params={"year": 2025}, headers=headers)
    assert response.status_code == 200, response.text
    assert "Kympin työllisyysalue" in response.text
    assert "1. Työllisyysalueen järjestäytyminen" in response.text


def test_another_areas_plan_is_404_through_the_system(http: httpx.Client, bearer: Bearer) -> None:
    response = http.get("/v1/plans/kymppi", headers=bearer("planner", areas=["toinen"]))
    assert response.status_code == 404


def test_the_plan_is_502_naming_the_areas_service_while_it_is_stopped(
    system: System, http: httpx.Client, bearer: Bearer
) -> None:
    """No plan without its area: the areas service down is an error, not an empty plan."""
    areas = system.services["areas"]
    headers = bearer("viewer", areas=["kymppi"])
    areas.stop()
    try:
        down = http.get("/v1/plans/kymppi", params={"year": 2025}, headers=headers)
    finally:
        areas.start(append=True)
        wait_ready([areas], timeout=60)
    assert down.status_code == 502, down.text
    assert down.headers["content-type"] == "application/problem+json"
    assert down.json()["service"] == "areas"
    again = http.get("/v1/plans/kymppi", params={"year": 2025}, headers=headers)
    assert again.status_code == 200, again.text


def _kela_detail_rows() -> list[dict[str, str]]:
    """The file's own rows by municipality, benefit and day class: no subtotal (Yhteensä)."""
    with KELA_2025.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    return [r for r in rows if "Yhteensä" not in (r["etuus"], r["kertymaluokka"])]


def test_the_funding_parts_of_the_2025_plan_carry_kelas_figures(
    http: httpx.Client, bearer: Bearer
) -> None:
    response = http.get(
        "/v1/plans/kymppi", params={"year": 2025}, headers=bearer("viewer", areas=["kymppi"])
    )
    assert response.status_code == 200, response.text
    sections = {s["key"]: s for s in response.json()["sections"]}
    benefits = sections["unemployment_benefits"]
    assert benefits["status"] == "ok", benefits
    by_member = benefits["data"]["by_member"]
    expected: dict[str, Decimal] = {}
    for row in _kela_detail_rows():
        code = row["kunta_nro"]
        expected[code] = expected.get(code, Decimal(0)) + Decimal(row["kuntaosuus_eur"])
    assert {g["key"]: Decimal(g["cost_eur"]) for g in by_member["groups"]} == expected
    assert Decimal(by_member["total_eur"]) == sum(expected.values())
    by_class = benefits["data"]["by_day_class"]
    classes: dict[str, Decimal] = {}
    for row in _kela_detail_rows():
        key = row["kertymaluokka"]
        classes[key] = classes.get(key, Decimal(0)) + Decimal(row["kuntaosuus_eur"])
    assert {g["key"]: Decimal(g["cost_eur"]) for g in by_class["groups"]} == classes
    # 2025's subsidies are the members' final figures, one per member.
    subsidies = sections["resources"]["data"]["subsidies"]["subsidies"]
    assert sorted(s["municipality_code"] for s in subsidies) == sorted(expected)
    assert {s["kind"] for s in subsidies} == {"final"}


def test_the_2026_plan_prints_the_approved_budget_against_the_cap_and_its_reserve(
    http: httpx.Client, bearer: Bearer
) -> None:
    headers = bearer("viewer", areas=["kymppi"])
    response = http.get("/v1/plans/kymppi", params={"year": 2026}, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    sections = {s["key"]: s for s in body["sections"]}
    assert all(
        sections[key]["status"] == "ok"
        for key in ("resources", "unemployment_benefits", "structural_change")
    ), sections
    resources = sections["resources"]["data"]
    budget = resources["budget"]
    assert budget["status"] == "approved"
    # Plan §2.1: at most 95 % of the members' preliminary (spring) subsidies.
    spring = sum(
        Decimal(s["te_subsidy_eur"])
        for s in resources["subsidies"]["subsidies"]
        if s["kind"] == "preliminary_spring"
    )
    cap = (Decimal("0.95") * spring).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    assert Decimal(budget["cap_eur"]) == cap
    spent = sum((Decimal(line["amount_eur"]) for line in budget["lines"]), Decimal(0))
    assert Decimal(budget["expenditure_total_eur"]) == spent <= cap
    assert not [f for f in budget["findings"] if f["blocking"]]
    # The budget calendar (plan §2.1): proposal by 31.8., approval by 15.10. of 2025.
    deadlines = {d["key"]: d for d in resources["calendar"]["deadlines"]}
    assert deadlines["preliminary_proposal"]["due"] == "2025-08-31"
    assert deadlines["approved_budget"]["due"] == "2025-10-15"
    assert {d["status"] for d in deadlines.values()} == {"done"}
    # Chapter 7: the change-security reserve line and its share of expenditure.
    reserve = sections["structural_change"]["data"]["reserve"]
    line = sum(
        (
            Decimal(item["amount_eur"])
            for item in budget["lines"]
            if item["category"] == "change_security_reserve"
        ),
        Decimal(0),
    )
    assert line > 0
    assert Decimal(reserve["reserve_eur"]) == line
    share = (line / spent).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    assert Decimal(reserve["share"]) == share
    # The printed document has the chapter's parts, with the figures in Finnish form.
    html = http.get("/v1/plans/kymppi.html", params={"year": 2026}, headers=headers)
    assert html.status_code == 200, html.text
    for heading in ("2.1", "2.2", "7."):
        assert heading in html.text
    euros = f"{int(line):,}".replace(",", "\u00a0")
    assert euros in html.text


def _half_up(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_the_caseload_parts_of_the_2025_plan_carry_the_source_plans_staff_and_its_check(
    http: httpx.Client, bearer: Bearer
) -> None:
    headers = bearer("viewer", areas=["kymppi"])
    params: dict[str, str | int] = {"year": 2025, "on": "2025-06-30"}
    response = http.get("/v1/plans/kymppi", params=params, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["complete"] is True, body
    sections = {s["key"]: s for s in body["sections"]}
    for key in ("staff", "services", "structural_change_scenarios"):
        assert sections[key]["status"] == "ok", sections[key]
        assert sections[key]["service"] == "caseload"

    # Plan §2.3: about 40 FTE from the state, 30 in customer service and 10 in common services.
    summary = sections["staff"]["data"]["summary"]
    assert summary["fte"] == 40
    functions = {f["function"]: f["fte"] for f in summary["by_function"]}
    assert (functions["customer_service"], functions["common_services"]) == (30, 10)
    assert {o["origin"]: o["fte"] for o in summary["by_origin"]}["state_transfer"] == 40
    # Its check: June 2023's 3,762 jobseekers (the demo's June 2025 repeats them) at the
    # lowest target, 130 customers per FTE, need 3762 / 130 FTE; 30 FTE are enough.
    check = sections["staff"]["data"]["check"]
    assert (check["month"], check["lowest"]["target_customers_per_fte"]) == ("2025-06", 130)
    uniform = check["uniform"]
    assert uniform["customers"] == 3762
    need = _half_up(Decimal(3762) / 130)
    assert Decimal(str(uniform["fte_needed"])) == need == Decimal("28.94")
    assert uniform["fte"] == 30
    assert uniform["status"] == "within_target"

    load = sections["services"]["data"]["caseload"]
    assert load["totals"]["customers"] == 3762
    assert sum(line["customers"] for line in load["lines"]) == 3762
    targets = {line["service_line"]: line["target"] for line in load["lines"]}
    # Plan §2.3: at most 170 customers per FTE in competence services, 130 in multi-sectoral.
    assert (targets["competence_services"], targets["multi_sectoral_services"]) == (170, 130)
    for line in load["lines"]:
        if line["target"] is not None:
            expected = _half_up(Decimal(line["customers"]) / line["target"])
            assert Decimal(str(line["fte_needed"])) == expected
    assert next(s for s in load["segments"] if s["segment"] == "all")["customers"] == 3762
    assert [p["month"] for p in load["trend"]][-1] == "2025-06"
    assert any(s["is_estimate"] for s in sections["services"]["sources"])

    # Plan §7: 270 more multi-sectoral customers in Kauhava; at 130 the area needs
    # (3762 + 270) / 130 FTE instead of 28.94, and closing the shortage costs it.
    (entry,) = sections["structural_change_scenarios"]["data"]["scenarios"]
    assert [(c["municipality_code"], c["customers"]) for c in entry["scenario"]["changes"]] == [
        ("233", 270)
    ]
    annual = Decimal(entry["scenario"]["annual_cost_per_fte_eur"])
    costs = []
    for month in entry["result"]["monthly"]:
        scenario = month["uniform"]
        assert scenario["customers"] == 3762 + 270
        scenario_need = _half_up(Decimal(3762 + 270) / 130)
        assert Decimal(str(scenario["fte_needed"])) == scenario_need == Decimal("31.02")
        shortfall = scenario_need - Decimal(str(scenario["fte"]))
        cost = _half_up(shortfall * annual / 12) if shortfall > 0 else Decimal("0.00")
        assert Decimal(scenario["cost_eur"]) == cost
        costs.append(cost)
    assert Decimal(entry["result"]["uniform_total_cost_eur"]) == sum(costs)

    html = http.get("/v1/plans/kymppi.html", params=params, headers=headers)
    assert html.status_code == 200, html.text
    for text in ("2.3 Henkilöstövoimavarat", "3. Palvelujen tuottaminen ja kohdentaminen"):
        assert text in html.text
    for text in ("Rakennemuutosskenaariot", "Alueen työnhakijarakenne", "28,94", "31,02"):
        assert text in html.text
    assert "3\u00a0762" in html.text


def test_section_4_of_the_plan_carries_the_4_plus_6_network_and_its_accessibility(
    http: httpx.Client, bearer: Bearer
) -> None:
    """Plan §4 (DOMAIN.md §4): 4 offices and 6 local service points, one in each member; the
    TE office's leased premises in Alajärvi, Kauhava and Ähtäri; the shares within 30 km and
    30 minutes are the offices service's own, asked through the gateway."""
    headers = bearer("viewer", areas=["kymppi"])
    params: dict[str, str | int] = {"year": 2026, "on": "2026-06-01"}
    response = http.get("/v1/plans/kymppi", params=params, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["complete"] is True, body
    section = next(s for s in body["sections"] if s["key"] == "offices")
    assert (section["status"], section["number"], section["service"]) == ("ok", 4, "offices")
    data = section["data"]
    kinds = [p["office"]["kind"] for p in data["places"]]
    assert (kinds.count("office"), kinds.count("local_service_point")) == (4, 6)
    members = {m["municipality_code"] for m in data["accessibility"]["municipalities"]}
    assert len(members) == 10
    assert {p["office"]["municipality_code"] for p in data["places"]} == members
    assert all(p["hours"] and p["hours"]["weekly"] for p in data["places"])

    # The leased premises, each's next deadline to end by 31 December 2026 being 30 June
    # (6 months' notice from the last day of the month it is given in: DOMAIN.md §4).
    leased = {lease["notice"]["municipality_code"] for lease in data["leases"]}
    names = data["names"]
    assert {names[c] for c in leased} == {"Alajärvi", "Kauhava", "Ähtäri"}
    for lease in data["leases"]:
        notice = lease["notice"]
        assert (notice["notice_by"], notice["ends_on"]) == ("2026-06-30", "2026-12-31")
    assert any(s["is_estimate"] for s in section["sources"])

    # The offices service's own answer, through the gateway, for the plan's `on`.
    own = http.get(
        "/offices/v1/areas/kymppi/accessibility", params={"on": "2026-06-01"}, headers=headers
    )
    assert own.status_code == 200, own.text
    answer = own.json()
    access = data["accessibility"]
    assert len(answer["places"]) == 10
    assert access["population"] == answer["population"]
    assert access["municipalities"] == [
        {k: v for k, v in m.items() if k != "customers"} for m in answer["municipalities"]
    ]
    # A place in every member: every member's nearest is its own, 0 km away.
    assert answer["population"]["share_within_km"] == 1.0

    html = http.get("/v1/plans/kymppi.html", params=params, headers=headers)
    assert html.status_code == 200, html.text
    start = html.text.index('id="luku-4"')
    four = html.text[start : html.text.index("</section>", start)]
    assert "4. Toimipisteiden määrä ja sijoittuminen" in four
    assert "10 palvelupistettä: 4 \u00d7 toimipaikka, 6 \u00d7 lähipalvelutoimipaikka" in four
    assert 'class="member-map"' in four
    assert four.count("<g><title>") == 10
    assert "100,0\u00a0%" in four


def test_the_partners_chapters_of_the_plan_carry_the_partners_services_own_answers(
    http: httpx.Client, bearer: Bearer
) -> None:
    headers = bearer("viewer", areas=["kymppi"])
    params: dict[str, str | int] = {"year": 2025, "on": "2025-06-30"}
    response = http.get("/v1/plans/kymppi", params=params, headers=headers)
    assert response.status_code == 200, response.text
    sections = {s["key"]: s for s in response.json()["sections"]}
    for key, number in (("cooperation", 5), ("matching", 6), ("ecosystem", 8)):
        assert sections[key]["status"] == "ok", sections[key]
        assert (sections[key]["service"], sections[key]["number"]) == ("partners", number)

    # The gaps are the service's own: its coverage on the same day, read through the gateway.
    coverage = http.get(
        "/partners/v1/areas/kymppi/coverage", params={"on": "2025-06-30"}, headers=headers
    )
    assert coverage.status_code == 200, coverage.text
    own = coverage.json()
    shown = sections["ecosystem"]["data"]["coverage"]
    assert shown["totals"]["gaps"] == own["totals"]["gaps"] == len(own["gaps"]) > 0
    assert shown["gaps"] == own["gaps"]
    # The two projects the source plan names (DOMAIN.md §5).
    projects = {p["name"] for p in sections["ecosystem"]["data"]["projects"]}
    assert {"Welcome2EP", "Kymppi-valmisteluhanke"} <= projects
    assert "Welcome2EP" in {p["name"] for p in sections["matching"]["data"]["projects"]}
    # Plan §5.1: the cooperation with the area forming around Seinäjoki.
    arrangements = sections["cooperation"]["data"]["arrangements"]
    assert any("seinajoki-ilmajoki-isokyro" in c["area_ids"] for c in arrangements)

    html = http.get("/v1/plans/kymppi.html", params=params, headers=headers)
    assert html.status_code == 200, html.text
    for text in (
        "5.1 Työllisyysalueiden välinen yhteistyö",
        "6. Työperäinen maahanmuutto, kohtaanto ja liikkuvuus",
        "8. Alueellinen työllisyyden hoidon ekosysteemi",
        f"<strong>{own['totals']['gaps']} on aukkoja</strong>",
        "<title>Työllisyyden hoidon ekosysteemi 30.6.2025</title>",
        "Kymppi-valmisteluhanke",
    ):
        assert text in html.text
    assert html.text.count('class="cell gap"') == own["totals"]["gaps"]

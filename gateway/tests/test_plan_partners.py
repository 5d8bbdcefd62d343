"""The plan's partners chapters (5 cooperation, 6 migration and matching, 8 ecosystem) against
stand-ins of the areas and the partners service (httpx.MockTransport) that answer in the
partners contract's JSON (README, "The partners service")."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from gateway.config import GatewaySettings
from gateway.plan import graph
from gateway.plan.overview_testing import OverviewStandIn
from gateway.plan.partners_testing import PartnersStandIn
from gateway.plan.testing import AreasStandIn, by_host
from gateway.testing import gateway_client
from servicekit.auth import mint_token

SettingsFactory = Callable[..., GatewaySettings]
PLAN = "/v1/plans/kymppi"
ON = {"year": "2025", "on": "2025-06-30"}
PARTS = ["cooperation", "matching", "ecosystem"]
PARTNERS_FI = "yhteistyötahot (partners)"
NBSP = "\u00a0"


@pytest.fixture
def areas() -> AreasStandIn:
    return AreasStandIn()


@pytest.fixture
def partners() -> PartnersStandIn:
    return PartnersStandIn()


@pytest.fixture
def plan_client(
    areas: AreasStandIn, partners: PartnersStandIn, make_gateway_settings: SettingsFactory
) -> Callable[..., Any]:
    @asynccontextmanager
    async def client(**overrides: Any) -> AsyncIterator[httpx.AsyncClient]:
        services = {"areas": "http://areas.test", "partners": "http://partners.test"}
        settings = make_gateway_settings(services, **overrides)
        async with gateway_client(settings, transport=by_host(areas, partners=partners)) as c:
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


def chapter(html: str, number: int) -> str:
    """The printed chapter `number`, up to the next chapter or the sources."""
    start = html.index(f'<section class="chapter" id="luku-{number}">')
    end = html.find("<section", start + 1)
    return html[start : end if end > 0 else len(html)]


async def test_the_partners_chapters_are_ok_with_the_services_records_as_it_gave_them(
    plan_client: Callable[..., Any], kymppi: dict[str, str], partners: PartnersStandIn
) -> None:
    body = await plan(plan_client, kymppi)
    sections = by_key(body)
    assert [sections[k]["status"] for k in PARTS] == ["ok", "ok", "ok"]
    assert {sections[k]["service"] for k in PARTS} == {"partners"}
    assert [sections[k]["number"] for k in PARTS] == [5, 6, 8]
    assert body["complete"] is True

    cooperation = sections["cooperation"]["data"]
    assert [c["id"] for c in cooperation["arrangements"]] == [c["id"] for c in partners.cooperation]
    # Only the arrangement whose last day (31.8.2025) is within 90 days of 30.6.2025; the one
    # that ended 31.3.2025 is not expiring.
    assert [c["valid_to"] for c in cooperation["expiring"]] == ["2025-08-31"]
    assert cooperation["expiring_within_days"] == 90
    # The area's partners are those its records name: Sitra is named by none of them.
    named = {p["name_fi"] for p in cooperation["partners"]}
    assert "Sitra" not in named
    assert {"Kela", "Welcome2EP-hanke", "Etelä-Pohjanmaan liitto"} <= named
    assert cooperation["members"] == {"005": "Alajärvi", "010": "Alavus", "233": "Kauhava"}

    matching = sections["matching"]["data"]
    assert matching["themes"] == ["immigration", "international_recruitment", "training"]
    # Each arrangement once, though no. 3 and 4 have two of the themes each.
    assert [c["id"] for c in matching["arrangements"]] == [3, 4, 5, 6]
    assert [p["name"] for p in matching["projects"]] == ["Welcome2EP"]
    assert matching["projects"][0]["amount_eur"] == "120000.00"  # the service's decimal string
    # The integration and training customers' services that have not ended.
    assert [s["id"] for s in matching["services"]] == [2, 3]
    assert {p["name_fi"] for p in matching["partners"]} >= {"Business Finland", "KEHA-keskus"}

    ecosystem = sections["ecosystem"]["data"]
    coverage = ecosystem["coverage"]
    # Nobody serves activation, job-alternation-leave, outside-the-labour-force or employed
    # customers anywhere; start-up and jobseekers have Kauhava's own service only in Kauhava
    # (jobseekers have the ELY centre's everywhere); the planned and ended services count not.
    nowhere = ["activation", "job_alternation_leave", "outside_labour_force", "employed"]
    gaps = {(g["target_group"], g["municipality_code"]) for g in coverage["gaps"]}
    assert {(t, c) for t in nowhere for c in ("005", "010", "233")} <= gaps
    assert {("start_up", "005"), ("start_up", "010")} <= gaps
    assert ("start_up", "233") not in gaps
    assert ("jobseekers", "005") not in gaps
    assert coverage["totals"]["gaps"] == len(gaps) == 4 * 3 + 2
    assert [p["name"] for p in ecosystem["projects"]] == ["Kymppi-valmisteluhanke", "Welcome2EP"]
    kinds = {n["kind"] for n in ecosystem["ecosystem"]["nodes"]}
    assert kinds == {"municipality", "partner", "service", "cooperation", "project", "area"}
    assert all(s["period"] == "2025-06-30" for k in PARTS for s in sections[k]["sources"])


async def test_each_call_carries_the_plans_date_the_window_and_the_callers_token(
    plan_client: Callable[..., Any], kymppi: dict[str, str], partners: PartnersStandIn
) -> None:
    await plan(plan_client, kymppi)
    asked = partners.asked()
    assert ("/v1/areas/kymppi/coverage", "on=2025-06-30") in asked
    assert ("/v1/areas/kymppi/ecosystem", "on=2025-06-30") in asked
    window = [p for path, p in asked if "expiring_within_days" in p]
    assert window == ["expiring_within_days=90&on=2025-06-30&limit=500"]
    themes = sorted(p for path, p in asked if path.endswith("/projects") and "theme" in p)
    assert themes == [
        "theme=immigration&limit=500",
        "theme=international_recruitment&limit=500",
        "theme=training&limit=500",
    ]
    groups = sorted(p for path, p in asked if "target_group" in p)
    assert groups == ["target_group=integration&limit=500", "target_group=training&limit=500"]
    assert {r.headers["authorization"] for r in partners.requests} == {kymppi["Authorization"]}


async def test_the_lists_are_followed_page_by_page(
    plan_client: Callable[..., Any], kymppi: dict[str, str], partners: PartnersStandIn
) -> None:
    partners.page_size = 2
    sections = by_key(await plan(plan_client, kymppi))
    assert len(sections["cooperation"]["data"]["arrangements"]) == len(partners.cooperation) == 6
    pages = [
        p for path, p in partners.asked() if path.endswith("/cooperation") and p == "limit=500"
    ]
    assert len(pages) == 1  # the first page; the others carry their cursor
    followed = [
        p for path, p in partners.asked() if path.endswith("/cooperation") and "cursor" in p
    ]
    assert len(followed) >= 2


async def test_the_partners_service_down_makes_only_its_chapters_unavailable(
    plan_client: Callable[..., Any], kymppi: dict[str, str], partners: PartnersStandIn
) -> None:
    partners.unreachable = True
    body = await plan(plan_client, kymppi)
    sections = by_key(body)
    assert body["complete"] is False
    for key in PARTS:
        assert sections[key]["status"] == "unavailable"
        assert sections[key]["problem"]["service"] == "partners"
        assert sections[key]["problem"]["status"] == 502
    assert (sections["area"]["status"], sections["narrative"]["status"]) == ("ok", "ok")

    html = await document(plan_client, kymppi)
    notice = f"Tietoa ei saatu palvelusta {PARTNERS_FI}"
    for number in (5, 6, 8):
        assert notice in chapter(html, number)
    assert html.count(notice) == 3
    assert "Lain kriteerit" in html  # the areas service's chapter stands


async def test_one_failing_call_makes_only_its_chapter_unavailable(
    plan_client: Callable[..., Any], kymppi: dict[str, str], partners: PartnersStandIn
) -> None:
    partners.failing["/v1/areas/kymppi/coverage"] = 500
    sections = by_key(await plan(plan_client, kymppi))
    assert (sections["ecosystem"]["status"], sections["ecosystem"]["problem"]["detail"]) == (
        "unavailable",
        "partners broke",
    )
    assert (sections["cooperation"]["status"], sections["matching"]["status"]) == ("ok", "ok")


async def test_a_slow_partners_service_leaves_the_plan_within_its_deadline(
    plan_client: Callable[..., Any], kymppi: dict[str, str], partners: PartnersStandIn
) -> None:
    partners.slow["/v1/areas/kymppi/projects"] = 5.0
    async with plan_client(plan_deadline_seconds=0.4) as client:
        started = dt.datetime.now()
        response = await client.get(PLAN, params=ON, headers=kymppi)
        elapsed = (dt.datetime.now() - started).total_seconds()
    assert response.status_code == 200
    assert elapsed < 0.5
    sections = by_key(response.json())
    # Chapters 6 and 8 read the projects; chapter 5 does not, and stands.
    assert sections["matching"]["status"] == sections["ecosystem"]["status"] == "unavailable"
    assert sections["ecosystem"]["problem"]["status"] == 504
    assert sections["cooperation"]["status"] == "ok"


async def test_nothing_recorded_is_said_chapter_by_chapter(
    plan_client: Callable[..., Any], kymppi: dict[str, str], partners: PartnersStandIn
) -> None:
    partners.missing = True  # every area path 404: nothing recorded for the area
    sections = by_key(await plan(plan_client, kymppi))
    assert [sections[k]["status"] for k in PARTS] == ["ok", "ok", "ok"]
    assert sections["ecosystem"]["data"]["coverage"] is None
    assert all(sections[k]["sources"] == [] for k in PARTS)
    html = await document(plan_client, kymppi)
    assert "Työllisyysalueen yhteistyötahoja ei ole vielä kirjattu" in chapter(html, 5)
    assert "Maahanmuuton, kansainvälisen rekrytoinnin tai koulutuksen hankkeita" in chapter(html, 6)
    eight = chapter(html, 8)
    assert "Palvelukartoitukseen ei ole vielä kirjattu 30.6.2025 voimassa olevia palveluja" in eight
    assert "<svg" not in eight


async def test_an_empty_inventory_prints_as_not_recorded_not_as_all_gaps(
    plan_client: Callable[..., Any], kymppi: dict[str, str], partners: PartnersStandIn
) -> None:
    partners.area = "another"  # Kymppi has no records: empty lists, a coverage of no services
    sections = by_key(await plan(plan_client, kymppi))
    assert sections["ecosystem"]["data"]["coverage"]["totals"]["services"] == 0
    eight = chapter(await document(plan_client, kymppi), 8)
    assert "Palvelukartoitukseen ei ole vielä kirjattu" in eight
    assert "Ekosysteemiin ei ole vielä kirjattu" in eight  # its members alone are no graph


def in_order(html: str, texts: list[str]) -> list[int]:
    return [html.index(t) for t in texts]


async def test_the_document_prints_the_partners_chapters_in_the_source_plans_order(
    plan_client: Callable[..., Any], kymppi: dict[str, str]
) -> None:
    html = await document(plan_client, kymppi)
    body = html[html.index("</nav>") :]
    headings = [
        "<h2>5. Yhteistyötahot ja -muodot</h2>",
        "Yhteistyötahot</h3>",
        "Yhteistyömuodot</h3>",
        "Päättyvät 90 päivän kuluessa</h4>",
        "5.1 Työllisyysalueiden välinen yhteistyö</h3>",
        "<h2>6. Työperäinen maahanmuutto, kohtaanto ja liikkuvuus</h2>",
        "Palvelut</h3>",
        "<h2>7. Varautuminen rakennemuutostilanteisiin</h2>",
        "<h2>8. Alueellinen työllisyyden hoidon ekosysteemi</h2>",
        "Palvelukartoitus ja sen aukot</h3>",
        "Ekosysteemi</h3>",
    ]
    positions = in_order(body, headings)
    assert positions == sorted(positions)
    parts = ["Palvelut</h3>", "Yhteistyö</h3>", "Hankkeet</h3>", "Yhteistyötahot</h3>"]
    positions = in_order(chapter(html, 6), parts)
    assert positions == sorted(positions)
    assert chapter(html, 8).index("Hankkeet</h3>") > chapter(html, 8).index("Ekosysteemi</h3>")

    five = chapter(html, 5)
    assert "Yhteistyö Seinäjoen alueen työllisyysalueen kanssa" in five
    assert "31.8.2025" in five
    assert "seinajoki-ilmajoki-isokyro" in five  # no name the caller may read: its id
    assert "kaikki 3 jäsenkuntaa" in five  # the letter of intent of all the members

    eight = chapter(html, 8)
    # The gaps highlighted: one marked cell each, and their count the service's.
    assert eight.count('class="cell gap"') == 14
    assert "<strong>14 on aukkoja</strong>" in eight
    assert "Aktivointiasiakkaat</strong>: ei palvelua missään jäsenkunnassa" in eight
    assert "Yrityksen perustamista suunnittelevat</strong>: Alajärvi, Alavus" in eight
    # The graph: a figure with its title and caption, the numbers also in tables.
    caption = re.search(r"Kuva (\d+)\. Työllisyyden hoidon ekosysteemi 30\.6\.2025", eight)
    assert caption is not None
    assert "<title>Työllisyyden hoidon ekosysteemi 30.6.2025</title>" in eight
    assert f"Ekosysteemin solmut kuvan {caption.group(1)} numeroin" in eight
    assert "Kymppi-valmisteluhanke" in eight
    assert "Welcome2EP" in eight
    assert f"120{NBSP}000,00{NBSP}€" in eight
    assert "<script" not in html


def _graph() -> tuple[list[graph.Node], list[graph.Edge]]:
    partners = PartnersStandIn()
    read = partners.ecosystem("kymppi", dt.date(2025, 6, 30))
    nodes = [graph.Node(n["id"], n["kind"], n["label"]) for n in read["nodes"]]
    edges = [graph.Edge(e["source"], e["target"], e["kind"]) for e in read["edges"]]
    return nodes, edges


def test_the_ecosystem_graph_is_drawn_the_same_every_time() -> None:
    nodes, edges = _graph()
    first = graph.ecosystem_svg(title="Ekosysteemi", nodes=nodes, edges=edges)
    assert first == graph.ecosystem_svg(title="Ekosysteemi", nodes=nodes, edges=edges)
    assert graph.layout(nodes, edges) == graph.layout(nodes, edges)
    positions = graph.layout(nodes, edges)
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in positions.values())
    # No two nodes on the same spot.
    assert len({(round(x, 3), round(y, 3)) for x, y in positions.values()}) == len(nodes)


def test_each_node_kind_has_its_shape_and_the_legend_counts_them() -> None:
    nodes, edges = _graph()
    svg = str(graph.ecosystem_svg(title="Ekosysteemi <&>", nodes=nodes, edges=edges))
    assert svg.startswith("<svg")
    assert "<title>Ekosysteemi &lt;&amp;&gt;</title>" in svg
    counts = {kind: sum(n.kind == kind for n in nodes) for kind in graph.NODE_KINDS_FI}
    assert svg.count("<rect x=") >= counts["municipality"] + 1  # and its legend's mark
    assert svg.count("<circle") == counts["partner"] + 1
    # Diamonds, hexagons, triangles and pentagons are polygons: one each and one in the legend.
    polygons = sum(counts[k] + 1 for k in ("service", "cooperation", "project", "area"))
    assert svg.count("<polygon") == polygons
    for kind, name in graph.NODE_KINDS_FI.items():
        assert f">{name} ({counts[kind]})</text>" in svg
    serves = sum(e.kind == "serves" for e in edges)
    assert f">palvelee kuntaa ({serves})</text>" in svg
    assert "Alajärvi" in svg  # members are named in the figure; the others by number


def test_nodes_are_numbered_kind_by_kind_in_the_legends_order() -> None:
    nodes = [
        graph.Node("service:1", "service", "Palvelu"),
        graph.Node("municipality:005", "municipality", "Alajärvi"),
        graph.Node("partner:2", "partner", "Kela"),
        graph.Node("partner:1", "partner", "Sedu"),
    ]
    assert graph.numbered(nodes) == {
        "municipality:005": 1,
        "partner:2": 2,
        "partner:1": 3,
        "service:1": 4,
    }


async def test_the_overview_has_each_areas_cooperation_and_coverage_gaps(
    partners: PartnersStandIn, make_gateway_settings: SettingsFactory
) -> None:
    areas = OverviewStandIn(areas=2)
    services = {"areas": "http://areas.test", "partners": "http://partners.test"}
    settings = make_gateway_settings(services)
    reviewer = mint_token(settings, sub="r", roles=["reviewer"], areas=[])
    headers = {"Authorization": f"Bearer {reviewer}"}
    partners.area = "alue-00"  # Kymppi's records are alue-00's; alue-01 has none recorded
    async with gateway_client(settings, transport=by_host(areas, partners=partners)) as client:
        response = await client.get("/v1/plans", params=ON, headers=headers)
        html = await client.get("/v1/plans.html", params=ON, headers=headers)
    assert response.status_code == 200, response.text
    keys = ["cooperation_arrangements", "cooperation_expiring", "coverage_gaps"]
    rows = {r["area_id"]: r for r in response.json()["items"]}
    assert [rows["alue-00"]["values"][k] for k in keys] == [6, 1, 14]
    assert [rows["alue-01"]["values"][k] for k in keys] == [0, 0, None]
    assert rows["alue-01"]["sections"]["matching"] == "ok"
    # Lighter than the plan: no ecosystem, no projects or services.
    asked = sorted({r.url.path for r in partners.requests if "alue-00" in r.url.path})
    assert asked == ["/v1/areas/alue-00/cooperation", "/v1/areas/alue-00/coverage"]
    assert "Palveluaukot" in html.text

"""The plan's section 4 (the offices) against stand-ins of the areas and the offices service
(httpx.MockTransport) that answer in the offices contract's JSON (README, "The offices
service" and "Distances, accessibility and placement")."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from gateway.config import GatewaySettings
from gateway.plan import charts
from gateway.plan.offices_testing import OfficesStandIn
from gateway.plan.overview_testing import OverviewStandIn
from gateway.plan.sections.network import exceptions_summary, hours_groups, hours_summary
from gateway.plan.sections.offices import HoursException, WeeklyHours
from gateway.plan.testing import AreasStandIn, by_host
from gateway.testing import gateway_client
from servicekit.auth import mint_token

SettingsFactory = Callable[..., GatewaySettings]
PLAN = "/v1/plans/kymppi"
ON = {"year": "2025", "on": "2025-06-30"}
OFFICES_FI = "toimipisteet (offices)"
NDASH, NBSP = "\u2013", "\u00a0"


@pytest.fixture
def areas() -> AreasStandIn:
    return AreasStandIn()


@pytest.fixture
def offices() -> OfficesStandIn:
    return OfficesStandIn()


@pytest.fixture
def plan_client(
    areas: AreasStandIn, offices: OfficesStandIn, make_gateway_settings: SettingsFactory
) -> Callable[..., Any]:
    @asynccontextmanager
    async def client(**overrides: Any) -> AsyncIterator[httpx.AsyncClient]:
        services = {"areas": "http://areas.test", "offices": "http://offices.test"}
        settings = make_gateway_settings(services, **overrides)
        async with gateway_client(settings, transport=by_host(areas, offices=offices)) as c:
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
    """The printed chapter `number`, from its heading to the next chapter."""
    start = html.index(f'<section class="chapter" id="luku-{number}">')
    return html[start : html.index("</section>", start)]


def text(fragment: str) -> str:
    """The fragment's text without its tags, its spaces collapsed (no-break spaces kept)."""
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", fragment))


async def test_section_4_is_ok_with_the_offices_services_figures_as_it_gave_them(
    plan_client: Callable[..., Any], kymppi: dict[str, str], offices: OfficesStandIn
) -> None:
    body = await plan(plan_client, kymppi)
    section = by_key(body)["offices"]
    assert (section["status"], section["number"], section["service"]) == ("ok", 4, "offices")
    assert section["title_fi"] == "Toimipisteiden määrä ja sijoittuminen"
    assert body["complete"] is True
    data = section["data"]
    assert [p["office"]["id"] for p in data["places"]] == [1, 2, 3, 4]
    assert [p["hours"]["weekly"] for p in data["places"][:1]] == [
        [{"weekday": d, "opens": "09:00", "closes": "15:00"} for d in range(1, 6)]
    ]
    # DOMAIN.md §4: 6 months' notice to end by 31 December is due by 30 June, counted here
    # from the plan's `on`, 30 June 2025; the fixed term's deadline is its last day.
    leases = [lease["notice"] for lease in data["leases"]]
    assert [(n["lease_id"], n["notice_by"], n["ends_on"]) for n in leases] == [
        (1, "2025-06-30", "2025-12-31"),
        (2, None, "2027-03-31"),
    ]
    assert data["leases"][0]["record"]["area_m2"] == 220.0
    # The accessibility as the service answered it, for the plan's `on`.
    the_answer = next(r for r in offices.requests if r.url.path.endswith("/accessibility"))
    assert the_answer.url.params["on"] == "2025-06-30"
    access = data["accessibility"]
    assert [p["office_id"] for p in access["places"]] == [1, 2]  # Alavus opens in 2026
    alavus = next(m for m in access["municipalities"] if m["municipality_code"] == "010")
    assert (alavus["nearest"]["municipality_code"], alavus["km"]) == ("005", 53.4)
    assert access["population"]["share_within_minutes"] == round(2 / 3, 4)
    # The map: the members' coordinates and the borders among them (233-499 is not).
    assert {m["code"] for m in data["map_members"]} == {"005", "010", "233"}
    assert data["borders"] == [["005", "010"], ["005", "233"]]
    # Its sources: the network, the estimated lease terms, the estimated distance, population.
    sources = {(s["source"], s["is_estimate"]) for s in section["sources"]}
    assert ("Toimitilojen vuokrasopimukset (offices-palvelu)", True) in sources
    assert (alavus["source"], True) in sources
    assert any(s["source"].startswith("Jäsenkuntien väestö") for s in section["sources"])
    upcoming = next(r for r in offices.requests if r.url.path.endswith("/leases/upcoming"))
    assert upcoming.url.params["today"] == "2025-06-30"


async def test_the_printed_chapter_4_has_the_network_leases_accessibility_and_map(
    plan_client: Callable[..., Any], kymppi: dict[str, str]
) -> None:
    html = await document(plan_client, kymppi)
    four = chapter(html, 4)
    words = text(four)
    assert "<h2>4. Toimipisteiden määrä ja sijoittuminen</h2>" in four
    for heading in ("Toimipaikkaverkosto", "Toimitilat ja vuokrasopimukset"):
        assert f"<h3>{heading}</h3>" in four
    assert "<h3>Palvelujen saavutettavuus</h3>" in four
    # The network, its hours in short (Finnish: a full stop in the time, an en dash between).
    assert f"ma{NDASH}pe 9.00{NDASH}15.00" in words
    assert f"ti, to 9.00{NDASH}14.00" in words
    assert "Poikkeukset 2025: 20.6. suljettu, 24.12. suljettu" in words
    assert "Lähipalvelutoimipaikka" in words
    assert "Liikkuva palvelupiste" in words
    assert "suunniteltu" in words
    assert "(1.1.2026 alkaen)" in words
    assert "työnvälityspalvelut, nuorten palvelut" in words
    # Two places open on 30 June 2025: the offices; Alavus' point opens in 2026.
    assert "30.6.2025 avoinna on 2 palvelupistettä: 2 \u00d7 toimipaikka." in words
    # Leases: Finnish euros, the deadline with its days, the fixed term's end; estimates marked.
    assert f"3{NBSP}080,00{NBSP}€" in words
    assert f"4{NBSP}200,50{NBSP}€" in words
    assert "30.6.2025 (0 pv)" in words
    assert "ei irtisanottavissa 31.3.2027 (määräaika)" in words
    assert "toistaiseksi voimassa, irtisanomisaika 6 kk, alkaen 1.1.2025*" in words
    assert "* Sopimusehdot ovat arvioita" in words
    # Accessibility: Alavus 53,4 km (estimated) from Alajärvi; two of three members within.
    assert "53,4* 45,8*" in words
    assert f"Väestöstä 66,7{NBSP}% asuu enintään 30 minuutin" in words
    assert f"27{NBSP}000" in words  # the population weighed
    assert "17,8" in words  # the population-weighted mean km
    # The map: section 1's drawing again with the two open offices over it, and a legend.
    maps = re.findall(r'<svg[^>]*class="member-map".*?</svg>', html, re.DOTALL)
    assert len(maps) == 2
    network_map = maps[1]
    assert network_map in four
    assert network_map.count("<g><title>Kympin työllisyyspalvelut") == 2
    assert "<polygon" not in network_map  # no local service point open yet
    assert "Toimipaikka</text>" in network_map
    assert "Jäsenkunta</text>" in network_map
    assert "Kuva" in four
    assert "kaavamaisella kartalla" in four
    # Chapter 4's tables and figure carry on the document's numbering.
    numbers = [int(n) for n in re.findall(r"Taulukko (\d+)\.", html)]
    assert numbers == list(range(1, len(numbers) + 1))
    assert re.search(r"Kuva (\d+)\. Toimipaikkaverkosto", four)


async def test_section_4_stands_in_the_documents_order_between_chapters_3_and_5(
    plan_client: Callable[..., Any], kymppi: dict[str, str]
) -> None:
    body = await plan(plan_client, kymppi)
    keys = [s["key"] for s in body["sections"]]
    numbers = [s["number"] for s in body["sections"] if s["number"] is not None]
    assert numbers == sorted(numbers)
    assert keys.index("services") < keys.index("offices") < keys.index("cooperation")
    html = await document(plan_client, kymppi)
    assert html.index('id="luku-3"') < html.index('id="luku-4"') < html.index('id="luku-5"')
    assert '<a href="#luku-4">Toimipisteiden määrä ja sijoittuminen</a>' in html


async def test_the_offices_service_down_makes_only_section_4_unavailable(
    plan_client: Callable[..., Any], kymppi: dict[str, str], offices: OfficesStandIn
) -> None:
    offices.unreachable = True
    body = await plan(plan_client, kymppi)
    sections = by_key(body)
    assert body["complete"] is False
    assert sections["offices"]["status"] == "unavailable"
    assert sections["offices"]["problem"]["service"] == "offices"
    assert sections["offices"]["problem"]["status"] == 502
    assert (sections["area"]["status"], sections["narrative"]["status"]) == ("ok", "ok")

    html = await document(plan_client, kymppi)
    four = chapter(html, 4)
    assert f"Tietoa ei saatu palvelusta {OFFICES_FI}" in four
    assert "Toimipaikkaverkosto" not in four
    assert "Lain kriteerit" in chapter(html, 1)  # the areas service's chapter stands


async def test_one_failing_offices_call_makes_section_4_unavailable_with_its_problem(
    plan_client: Callable[..., Any], kymppi: dict[str, str], offices: OfficesStandIn
) -> None:
    offices.failing["/v1/areas/kymppi/leases/upcoming"] = 500
    section = by_key(await plan(plan_client, kymppi))["offices"]
    assert (section["status"], section["problem"]["detail"]) == ("unavailable", "offices broke")


async def test_a_slow_offices_service_leaves_the_plan_within_its_deadline(
    plan_client: Callable[..., Any], kymppi: dict[str, str], offices: OfficesStandIn
) -> None:
    offices.slow["/v1/areas/kymppi/offices/2/hours"] = 5.0
    deadline = 0.4
    async with plan_client(plan_deadline_seconds=deadline) as client:
        started = time.monotonic()
        response = await client.get(PLAN, params=ON, headers=kymppi)
        elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert elapsed < deadline + 0.1
    section = by_key(response.json())["offices"]
    assert (section["status"], section["problem"]["status"]) == ("unavailable", 504)
    assert by_key(response.json())["area"]["status"] == "ok"


async def test_the_calls_run_at_once_in_two_rounds(
    plan_client: Callable[..., Any], kymppi: dict[str, str], offices: OfficesStandIn
) -> None:
    """The places, the deadlines and the accessibility first; then each place's hours and
    each leased office's leases (a slow call of a round delays the round, not each call)."""
    for path in ("offices", "leases/upcoming", "accessibility"):
        offices.slow[f"/v1/areas/kymppi/{path}"] = 0.15
    for office_id in (1, 2, 3, 4):
        offices.slow[f"/v1/areas/kymppi/offices/{office_id}/hours"] = 0.15
    started = time.monotonic()
    section = by_key(await plan(plan_client, kymppi))["offices"]
    elapsed = time.monotonic() - started
    assert section["status"] == "ok"
    assert elapsed < 0.6  # two rounds of 0.15 s, not eight calls one after another
    assert sorted(p for p in offices.paths() if "/offices/" in p) == [
        "/v1/areas/kymppi/offices/1/hours",
        "/v1/areas/kymppi/offices/1/leases",
        "/v1/areas/kymppi/offices/2/hours",
        "/v1/areas/kymppi/offices/2/leases",
        "/v1/areas/kymppi/offices/3/hours",
        "/v1/areas/kymppi/offices/4/hours",
    ]


async def test_an_area_with_nothing_recorded_prints_not_yet_recorded(
    plan_client: Callable[..., Any], kymppi: dict[str, str], offices: OfficesStandIn
) -> None:
    offices.recorded = set()
    body = await plan(plan_client, kymppi)
    section = by_key(body)["offices"]
    assert section["status"] == "ok"
    assert (section["data"]["places"], section["data"]["leases"]) == ([], [])
    assert section["data"]["accessibility"]["places"] == []
    assert body["complete"] is True
    four = text(chapter(await document(plan_client, kymppi), 4))
    assert "Työllisyysalueen toimipaikkoja ei ole vielä kirjattu." in four
    assert "Vuokrasopimuksia, joiden irtisanomisen määräpäivä" in four
    assert "Saavutettavuutta ei voida arvioida" in four
    assert "Kuva" not in four  # no places, no map


async def test_an_office_gone_between_calls_has_no_hours_recorded(
    plan_client: Callable[..., Any], kymppi: dict[str, str], offices: OfficesStandIn
) -> None:
    offices.gone = {1}
    body = await plan(plan_client, kymppi)
    section = by_key(body)["offices"]
    assert section["status"] == "ok"
    assert section["data"]["places"][0]["hours"] is None
    # Its lease is still listed by the deadlines, without the terms of its record.
    assert section["data"]["leases"][0]["record"] is None
    assert "ei kirjattu" in text(chapter(await document(plan_client, kymppi), 4))


async def test_without_the_members_coordinates_the_tables_print_without_the_map(
    plan_client: Callable[..., Any], kymppi: dict[str, str], areas: AreasStandIn
) -> None:
    areas.failing["/v1/municipalities"] = 500
    section = by_key(await plan(plan_client, kymppi))["offices"]
    assert section["status"] == "ok"
    assert section["data"]["map_members"] is None
    four = chapter(await document(plan_client, kymppi), 4)
    assert 'class="member-map"' not in four
    assert "<h3>Palvelujen saavutettavuus</h3>" in four


# The opening hours in short.


def weekly(*rules: tuple[int, str, str]) -> list[WeeklyHours]:
    return [WeeklyHours(weekday=d, opens=a, closes=b) for d, a, b in rules]


def test_hours_in_short_group_the_days_with_the_same_times() -> None:
    week = weekly(*((d, "09:00", "15:00") for d in range(1, 6)))
    assert hours_summary(week) == f"ma{NDASH}pe 9.00{NDASH}15.00"
    assert hours_summary(weekly((2, "09:00", "14:00"), (4, "09:00", "14:00"))) == (
        f"ti, to 9.00{NDASH}14.00"
    )
    split = weekly((1, "12:00", "16:00"), (1, "08:00", "11:30"), (2, "08:00", "11:30"))
    split += weekly((2, "12:00", "16:00"), (3, "08:00", "24:00"), (5, "10:00", "12:00"))
    assert hours_summary(split) == (
        f"ma{NDASH}ti 8.00{NDASH}11.30, 12.00{NDASH}16.00; ke 8.00{NDASH}24.00; "
        f"pe 10.00{NDASH}12.00"
    )
    weekend = weekly((1, "09:00", "15:00"), (6, "10:00", "14:00"), (7, "10:00", "14:00"))
    assert hours_summary(weekend) == f"ma 9.00{NDASH}15.00; la{NDASH}su 10.00{NDASH}14.00"
    assert hours_summary([]) is None
    assert hours_groups(weekend) == [f"ma 9.00{NDASH}15.00", f"la{NDASH}su 10.00{NDASH}14.00"]


def test_exceptions_in_short_are_the_plan_years() -> None:
    exceptions = [
        HoursException(date=dt.date(2025, 12, 24), closed=False, opens="09:00", closes="12:00"),
        HoursException(date=dt.date(2025, 6, 20), closed=True),
        HoursException(date=dt.date(2026, 6, 19), closed=True),
    ]
    assert exceptions_summary(exceptions, 2025) == f"20.6. suljettu, 24.12. 9.00{NDASH}12.00"
    assert exceptions_summary(exceptions, 2027) is None


# The map: section 1's drawing, with places over it.


POINTS = [
    charts.MapPoint("005", "Alajärvi", 63.0, 23.817, 9000.0),
    charts.MapPoint("233", "Kauhava", 63.1, 23.07, 15000.0),
]


def test_places_over_the_map_leave_the_members_where_section_1_draws_them() -> None:
    plain = charts.member_map(title="Kartta", points=POINTS, links=[("005", "233")])
    places = [
        charts.MapPlace("Toimipaikka A", 63.0, 23.817, "office"),
        charts.MapPlace("Piste B", 63.05, 23.4, "local_service_point"),
    ]
    drawn = charts.member_map(title="Kartta", points=POINTS, links=[("005", "233")], places=places)
    circles = re.findall(r'<circle cx="[^"]+" cy="[^"]+" r="[^"]+" fill="#1f4e79"', plain)
    assert len(circles) == 2
    assert all(c in drawn for c in circles)
    assert "<g><title>Toimipaikka A</title><rect" in drawn
    assert "<g><title>Piste B</title><polygon" in drawn
    assert "Lähipalvelutoimipaikka</text>" in drawn
    assert "legend" not in plain


def test_a_place_beyond_the_members_widens_the_frame_to_hold_it() -> None:
    far = [charts.MapPlace("Kaukana", 64.0, 25.0, "office")]
    drawn = charts.member_map(title="Kartta", points=POINTS, links=[], places=far)
    x, y = (float(v) for v in re.findall(r'<rect x="([^"]+)" y="([^"]+)" width="16', drawn)[0])
    # Inside the drawing's square (the padding of 60 to 460), the symbol's corner 8 off.
    assert 60 - 8 <= x <= 460
    assert 60 - 8 <= y <= 460


# Its overview columns.


async def test_the_overview_shows_the_places_of_service_and_the_share_within_30_minutes(
    make_gateway_settings: SettingsFactory,
) -> None:
    areas = OverviewStandIn(areas=2)
    offices = OfficesStandIn()
    offices.recorded = {"alue-00"}
    settings = make_gateway_settings(
        {"areas": "http://areas.test", "offices": "http://offices.test"}
    )
    token = mint_token(settings, sub="r", roles=["reviewer"], areas=[])
    headers = {"Authorization": f"Bearer {token}"}
    async with gateway_client(settings, transport=by_host(areas, offices=offices)) as client:
        response = await client.get("/v1/plans", params=ON, headers=headers)
        page = await client.get("/v1/plans.html", params=ON, headers=headers)
    assert response.status_code == 200, response.text
    rows = {r["area_id"]: r for r in response.json()["items"]}
    assert rows["alue-00"]["values"]["places_of_service"] == 2
    assert rows["alue-00"]["values"]["population_within_30_min"] == round(2 / 3, 4)
    # An area with no place recorded: no figures, which is not a failure.
    assert rows["alue-01"]["values"]["places_of_service"] is None
    assert rows["alue-01"]["sections"]["offices"] == "ok"
    assert f"66,7{NBSP}%" in page.text

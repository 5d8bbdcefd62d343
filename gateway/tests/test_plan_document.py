"""The printable plan, `GET /v1/plans/{area_id}.html`: its content, and in a real Chromium
its screenshot and its PDF, read back with pypdf."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from pypdf import PdfReader

from gateway.config import GatewaySettings
from gateway.plan.funding_testing import FundingStandIn
from gateway.plan.testing import AreasStandIn, by_host
from gateway.testing import gateway_client
from servicekit.auth import mint_token

SettingsFactory = Callable[..., GatewaySettings]
DOCUMENT = "/v1/plans/kymppi.html"
ON = {"year": "2025", "on": "2025-06-01"}
CHAPTERS = [
    "1. Työllisyysalueen järjestäytyminen",
    "2. Taloudelliset ja henkilöstövoimavarat",
    "3. Palvelujen tuottaminen ja kohdentaminen",
    "4. Toimipisteiden määrä ja sijoittuminen",
    "5. Yhteistyötahot ja -muodot",
    "6. Työperäinen maahanmuutto, kohtaanto ja liikkuvuus",
    "7. Varautuminen rakennemuutostilanteisiin",
    "8. Alueellinen työllisyyden hoidon ekosysteemi",
]


@pytest.fixture
def areas() -> AreasStandIn:
    return AreasStandIn()


@pytest.fixture
def kymppi(make_gateway_settings: SettingsFactory) -> dict[str, str]:
    token = mint_token(make_gateway_settings({}), sub="v", roles=["viewer"], areas=["kymppi"])
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def plan_client(areas: AreasStandIn, make_gateway_settings: SettingsFactory) -> Callable[..., Any]:
    @asynccontextmanager
    async def client() -> AsyncIterator[httpx.AsyncClient]:
        settings = make_gateway_settings({"areas": "http://areas.test"})
        async with gateway_client(settings, transport=areas.transport()) as c:
            yield c

    return client


async def document(plan_client: Callable[..., Any], headers: dict[str, str]) -> httpx.Response:
    async with plan_client() as client:
        response: httpx.Response = await client.get(DOCUMENT, params=ON, headers=headers)
    assert response.status_code == 200, response.text
    return response


async def test_the_document_is_finnish_html_with_numbered_chapters_figures_and_tables(
    plan_client: Callable[..., Any], kymppi: dict[str, str]
) -> None:
    response = await document(plan_client, kymppi)
    html = response.text
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="fi">' in html
    for chapter in CHAPTERS:
        assert chapter in html
    assert "Kuva 1." in html
    assert "Kuva 3." in html
    assert "Taulukko 5." in html
    assert html.count("<svg") == 3  # labour force by member, the map, the forecast
    assert "<title>Työvoimaennuste ja 20 000 hengen raja</title>" in html
    assert "kaavamainen" in html.lower()
    assert "Luvun tunnusluvut tulevat palvelusta toimipisteet (offices)" in html
    # Chapter 2's parts from funding, not in this system, each say so under its heading.
    assert "Tämän osan tunnusluvut tulevat palvelusta rahoitus (funding)" in html


async def test_the_document_runs_no_script_and_escapes_the_planners_html(
    plan_client: Callable[..., Any], kymppi: dict[str, str]
) -> None:
    html = (await document(plan_client, kymppi)).text
    assert "<script" not in html
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in html
    assert "<strong>kolme</strong>" in html  # the Markdown itself is rendered


async def test_an_unavailable_section_prints_a_notice_naming_the_service(
    plan_client: Callable[..., Any], kymppi: dict[str, str], areas: AreasStandIn
) -> None:
    areas.failing["/v1/areas/kymppi/profile"] = 503
    html = (await document(plan_client, kymppi)).text
    assert "Tietoa ei saatu palvelusta alueet (areas)" in html
    assert "Lain kriteerit" not in html  # nothing of the section's content without its data
    assert "Vajaa" in html or "vajaa" in html


async def test_accept_html_on_the_plan_gives_the_document_and_its_own_etag(
    plan_client: Callable[..., Any], kymppi: dict[str, str]
) -> None:
    async with plan_client() as client:
        html = await client.get(
            "/v1/plans/kymppi", params=ON, headers=kymppi | {"Accept": "text/html"}
        )
        data = await client.get("/v1/plans/kymppi", params=ON, headers=kymppi)
        again = await client.get(
            DOCUMENT, params=ON, headers=kymppi | {"If-None-Match": html.headers["etag"]}
        )
    assert html.headers["content-type"].startswith("text/html")
    assert html.headers["vary"] == "Accept"
    assert html.headers["etag"] != data.headers["etag"]
    assert again.status_code == 304


def find_chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    reason = "no Chromium on PATH (Debian: apt-get install -y chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must have it")
    pytest.skip(reason)


def chromium(browser: str, profile: Path, *args: str) -> None:
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
    command += [f"--user-data-dir={profile}", *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]


async def test_the_document_prints_in_chromium_to_a4_pages_with_its_headings(
    plan_client: Callable[..., Any], kymppi: dict[str, str], tmp_path: Path
) -> None:
    browser = find_chromium()
    page = tmp_path / "plan.html"
    page.write_text((await document(plan_client, kymppi)).text, encoding="utf-8")
    screenshot, pdf = tmp_path / "plan.png", tmp_path / "plan.pdf"
    profile = tmp_path / "profile"
    chromium(
        browser, profile, "--window-size=900,2400", f"--screenshot={screenshot}", page.as_uri()
    )
    chromium(browser, profile, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())

    assert screenshot.read_bytes().startswith(b"\x89PNG")
    reader = PdfReader(pdf)
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    texts = [p.extract_text() for p in reader.pages]
    # A page break before each chapter: every chapter heading starts a page of its own.
    starts = [" ".join(t.split()) for t in texts]
    for chapter in CHAPTERS:
        assert any(chapter in s[:200] for s in starts), chapter
    everything = " ".join(starts)
    assert "Kuva 1." in everything
    assert "Kympin työllisyysalue · järjestämissuunnitelma 2025" in starts[1]
    assert f"Sivu 2 / {len(reader.pages)}" in starts[1]


async def test_the_funding_parts_print_in_chromium_under_their_headings_with_their_charts(
    areas: AreasStandIn,
    make_gateway_settings: SettingsFactory,
    kymppi: dict[str, str],
    tmp_path: Path,
) -> None:
    browser = find_chromium()
    services = {"areas": "http://areas.test", "funding": "http://funding.test"}
    settings = make_gateway_settings(services)
    async with gateway_client(
        settings, transport=by_host(areas, funding=FundingStandIn())
    ) as client:
        response = await client.get(DOCUMENT, params=ON, headers=kymppi)
    assert response.status_code == 200, response.text
    page, pdf = tmp_path / "plan.html", tmp_path / "plan.pdf"
    page.write_text(response.text, encoding="utf-8")
    chromium(
        browser,
        tmp_path / "profile",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        page.as_uri(),
    )

    pages = [" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages]
    parts = [
        "2. Taloudelliset ja henkilöstövoimavarat",
        "2.1 Taloudelliset voimavarat",
        "2.2 Työttömyysturvan kannustava rahoitusmalli",
        "2.3 Henkilöstövoimavarat",
        "7. Varautuminen rakennemuutostilanteisiin",
        "Muutosturvan määräraha talousarviossa",
    ]
    # From chapter 1's page on: the contents before it list the numbered parts too.
    first = next(i for i, p in enumerate(pages) if "1. Työllisyysalueen" in p[:200])
    body = " ".join(pages[first:])
    positions = [body.index(p) for p in parts]
    assert positions == sorted(positions)
    assert "1 234 567,89 €" in body  # Alajärvi's preliminary subsidy, as Finnish money
    assert "Kuva 7." in body  # the area's three figures, 2.1's two and 2.2's two

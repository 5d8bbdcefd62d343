"""`alue publish ptv` and `alue import kela` run as a person runs them, against the real
system (every service and the gateway as processes, demo data loaded) and, for PTV, the
PTV stand-in served over HTTP. What the commands report is checked against what the
gateway and the stand-in hold, and Kela's figures against the file read with the csv
module alone."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from typer.testing import CliRunner, Result

from alue.cli import app as cli
from alue.system import System
from funding.kela_testing import KYMPPI_YEAR, MONTHLY_SAMPLE, detail_sum, kela_rows
from simulators.ptv.app import DEMO_ORGANIZATION_ID, Catalogue, PtvSimulatorSettings, build_app
from simulators.ptv.testing import served

pytestmark = pytest.mark.system

TokenFactory = Callable[..., str]

CLIENT_ID = "alue-system-test"
CLIENT_SECRET = secrets.token_urlsafe(24)
# What an office is written with (the offices service's OfficeWrite, README "The offices
# service").
WRITTEN = (
    "kind", "name", "municipality_code", "address", "lat", "lon", "status", "services",
    "accessibility_notes", "ptv_id", "opened_on", "closed_on", "note",
)  # fmt: skip


@pytest.fixture(scope="module")
def ptv() -> Iterator[tuple[str, FastAPI]]:
    """The PTV stand-in under uvicorn on a loopback port, and its app (to see what it holds)."""
    app = build_app(PtvSimulatorSettings(client_id=CLIENT_ID, client_secret=CLIENT_SECRET))
    with served(app) as url:
        yield url, app


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def ptv_options(url: str, *, secret: str = CLIENT_SECRET) -> list[str]:
    return [
        "--ptv-url", url,
        "--token-url", f"{url}/api/auth/connect/token",
        "--client-id", CLIENT_ID,
        "--client-secret", secret,
        "--organization-id", DEMO_ORGANIZATION_ID,
    ]  # fmt: skip


def gateway_options(system: System, mint: TokenFactory, *roles: str) -> list[str]:
    return ["--gateway", system.gateway_url, "--token", mint(*(roles or ("admin",)))]


def offices(system: System, mint: TokenFactory) -> list[dict[str, Any]]:
    headers = {"Authorization": f"Bearer {mint('admin')}"}
    answer = httpx.get(
        f"{system.gateway_url}/offices/v1/areas/kymppi/offices?limit=500", headers=headers
    )
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def replace_office(system: System, mint: TokenFactory, office_id: int, **changes: Any) -> None:
    url = f"{system.gateway_url}/offices/v1/areas/kymppi/offices/{office_id}"
    headers = {"Authorization": f"Bearer {mint('admin')}"}
    current = httpx.get(url, headers=headers)
    read = current.json()
    body = {k: read[k] for k in WRITTEN if k in read}
    answer = httpx.put(
        url, json={**body, **changes}, headers={**headers, "If-Match": current.headers["ETag"]}
    )
    assert answer.status_code == 200, answer.text


def one_line_error(result: Result) -> str:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


def test_publish_ptv_creates_then_updates_the_areas_channels_and_keeps_their_ids(
    system: System, mint: TokenFactory, ptv: tuple[str, FastAPI]
) -> None:
    url, app = ptv
    catalogue: Catalogue = app.state.catalogue
    before = offices(system, mint)
    assert before
    assert all(o["ptv_id"] is None for o in before)
    tokens = catalogue.token_requests

    dry = run(
        "publish",
        "ptv",
        "--area",
        "kymppi",
        "--dry-run",
        *gateway_options(system, mint),
        *ptv_options(url),
    )
    assert dry.exit_code == 0, dry.output
    planned = json.loads(dry.stdout)
    assert [(p["office_id"], p["method"]) for p in planned] == [(o["id"], "POST") for o in before]
    assert [p["body"]["serviceChannelNames"][0]["value"] for p in planned] == [
        o["name"]["fi"] for o in before
    ]
    assert all(p["body"]["organizationId"] == DEMO_ORGANIZATION_ID for p in planned)
    assert catalogue.token_requests == tokens
    assert catalogue.channels == {}

    created = run(
        "publish",
        "ptv",
        "--area",
        "kymppi",
        "--json",
        *gateway_options(system, mint),
        *ptv_options(url),
    )
    assert created.exit_code == 0, created.output
    report = json.loads(created.stdout)
    assert report["counts"] == {"created": len(before)}
    after = {o["id"]: o for o in offices(system, mint)}
    assert {o["ptv_id"] for o in after.values()} == set(catalogue.channels)
    for office in after.values():
        channel = catalogue.channels[office["ptv_id"]]
        assert channel["serviceChannelNames"][0]["value"] == office["name"]["fi"]
        assert (
            channel["addresses"][0]["streetAddress"]["municipality"] == office["municipality_code"]
        )
    published = httpx.get(f"{url}/api/v11/ServiceChannel/{after[before[0]['id']]['ptv_id']}")
    assert published.status_code == 200
    assert catalogue.token_requests == tokens + 1  # one token for every write of the run

    # A closed office is archived in PTV; one whose id was lost is found by its sourceId.
    closing, forgotten = before[0]["id"], before[1]["id"]
    replace_office(system, mint, closing, status="closed", closed_on="2026-06-30")
    replace_office(system, mint, forgotten, ptv_id=None)
    again = run(
        "publish",
        "ptv",
        "--area",
        "kymppi",
        "--json",
        *gateway_options(system, mint),
        *ptv_options(url),
    )
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["counts"] == {"updated": len(before)}
    assert len(catalogue.channels) == len(before)
    closed_channel = catalogue.channels[after[closing]["ptv_id"]]
    assert closed_channel["publishingStatus"] == "Deleted"
    assert httpx.get(f"{url}/api/v11/ServiceChannel/{closed_channel['id']}").status_code == 404
    assert {o["id"]: o["ptv_id"] for o in offices(system, mint)} == {
        i: o["ptv_id"] for i, o in after.items()
    }


def test_publish_ptv_with_a_wrong_secret_fails_in_one_line(
    system: System, mint: TokenFactory, ptv: tuple[str, FastAPI]
) -> None:
    url, _ = ptv
    result = run(
        "publish",
        "ptv",
        "--area",
        "kymppi",
        *gateway_options(system, mint),
        *ptv_options(url, secret="wrong"),
    )
    assert "invalid_client" in one_line_error(result)


def test_publish_ptv_reports_what_ptv_refuses_and_exits_non_zero(
    system: System, mint: TokenFactory, ptv: tuple[str, FastAPI]
) -> None:
    url, _ = ptv
    options = [*ptv_options(url)[:-1], "7d4f1c1e-0000-4000-8000-000000000001"]
    result = run("publish", "ptv", "--area", "kymppi", *gateway_options(system, mint), *options)
    line = one_line_error(result)
    assert "offices not published" in line
    assert "OrganizationId" in line


def test_publish_ptv_without_an_organisation_or_for_an_unknown_area_fails_in_one_line(
    system: System, mint: TokenFactory, ptv: tuple[str, FastAPI]
) -> None:
    url, _ = ptv
    no_organization = run(
        "publish", "ptv", "--area", "kymppi", *gateway_options(system, mint), *ptv_options(url)[:-2]
    )
    assert "PTV_ORGANIZATION_ID" in one_line_error(no_organization)
    unknown = run("publish", "ptv", "--area", "nosuch", "--dry-run", *gateway_options(system, mint))
    assert "404" in one_line_error(unknown)


def test_import_kela_streams_the_file_and_reports_its_checks(
    system: System, mint: TokenFactory
) -> None:
    first = run("import", "kela", str(MONTHLY_SAMPLE), "--json", *gateway_options(system, mint))
    assert first.exit_code == 0, first.output
    document = json.loads(first.stdout)
    rows = kela_rows(MONTHLY_SAMPLE.read_bytes())
    assert document["new"] is True
    report = document["import"]
    assert report["rows"] == len(rows)
    assert report["municipalities"] == len({r["kunta_nro"] for r in rows})
    assert Decimal(report["municipal_share_eur"]) == detail_sum(MONTHLY_SAMPLE)
    assert report["checks"]["mismatches"] is not None

    again = run("import", "kela", str(MONTHLY_SAMPLE), *gateway_options(system, mint))
    assert again.exit_code == 0, again.output
    assert f"Kela import {report['id']}: already imported" in again.stdout


def test_import_kela_for_an_area_reports_its_members_costs(
    system: System, mint: TokenFactory
) -> None:
    result = run(
        "import",
        "kela",
        str(KYMPPI_YEAR),
        "--area",
        "kymppi",
        "--json",
        *gateway_options(system, mint),
    )
    assert result.exit_code == 0, result.output
    area = json.loads(result.stdout)["area"]
    codes = sorted({r["kunta_nro"] for r in kela_rows(KYMPPI_YEAR.read_bytes())})
    assert area["members"] == codes
    (year,) = area["years"]
    # The year's figures are Kela's year to date through December (the monthly sample has
    # only October, so it does not make a year).
    assert (year["year"], year["basis"]) == (2025, "year_to_date")
    assert Decimal(year["total_eur"]) == detail_sum(KYMPPI_YEAR)
    by_code = {m["code"]: Decimal(m["cost_eur"]) for m in year["municipalities"]}
    assert by_code == {code: detail_sum(KYMPPI_YEAR, kunta_nro=code) for code in codes}


def test_import_kela_of_a_bad_file_fails_in_one_line_and_stores_nothing(
    system: System, mint: TokenFactory, tmp_path: Path
) -> None:
    headers = {"Authorization": f"Bearer {mint('admin')}"}
    imports = f"{system.gateway_url}/funding/v1/unemployment-benefit/kela-imports?limit=500"
    before = len(httpx.get(imports, headers=headers).json()["items"])
    content = MONTHLY_SAMPLE.read_text(encoding="utf-8").splitlines()
    content[3] = content[3].rsplit(";", 1)[0] + ";12,5x"
    bad = tmp_path / "kela.csv"
    bad.write_text("\n".join(content) + "\n", encoding="utf-8")
    line = one_line_error(run("import", "kela", str(bad), *gateway_options(system, mint)))
    assert "line.4" in line
    assert len(httpx.get(imports, headers=headers).json()["items"]) == before


def test_import_kela_as_a_planner_is_refused_in_one_line(
    system: System, mint: TokenFactory
) -> None:
    result = run("import", "kela", str(MONTHLY_SAMPLE), *gateway_options(system, mint, "planner"))
    assert "403" in one_line_error(result)

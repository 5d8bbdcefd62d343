"""`alue import statfin` and `alue import borders` run as a user runs them: against the
PxWeb stand-in (answering from the recorded table in services/areas/tests/fixtures/pxweb)
and the whole system started as `alue run` starts it, writing through the gateway."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner, Result

from alue.cli import app as cli
from alue.processes import free_port
from alue.system import System
from simulators.ptv.testing import served
from simulators.pxweb.app import PxWebStandIn, build_app, load_recordings

TABLE = "statfin_tyonv_pxt_12r5"
TokenFactory = Callable[..., str]


@pytest.fixture(scope="module")
def pxweb() -> Iterator[tuple[str, PxWebStandIn]]:
    """The stand-in on a port of its own, with a cell limit small enough that an area's
    year (10 municipalities x 12 months x 2 measures = 240 cells) must be split."""
    stand_in = PxWebStandIn(
        tables=load_recordings(), max_cells=100, max_requests=10, window_seconds=1
    )
    with served(build_app(stand_in)) as url:
        yield url, stand_in


def run(system: System, mint: TokenFactory, *args: str, **env: str) -> Result:
    gateway = ["--gateway", system.gateway_url, "--token", mint("admin")]
    return CliRunner().invoke(cli, ["import", *args, *gateway], env=env)


def read(system: System, mint: TokenFactory, path: str, **params: Any) -> Any:
    headers = {"Authorization": f"Bearer {mint('viewer')}"}
    response = httpx.get(f"{system.gateway_url}{path}", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def statistic(system: System, mint: TokenFactory, code: str, indicator: str, month: str) -> Any:
    items = read(
        system,
        mint,
        f"/areas/v1/municipalities/{code}/statistics",
        indicator=indicator,
        **{"from": month, "to": month},
    )["items"]
    return items[0] if items else None


def statfin_options(url: str, **limits: int) -> list[str]:
    options = ["--table", TABLE, "--from", "2023M01", "--to", "2023M12"]
    options += ["--base-url", f"{url}/PxWeb/api/v1/fi/StatFin", "--max-requests", "10"]
    options += ["--window-seconds", "1", "--max-cells", str(limits.get("max_cells", 100))]
    return options


def test_an_areas_year_is_split_written_and_its_missing_cell_reported(
    system: System, mint: TokenFactory, pxweb: tuple[str, PxWebStandIn]
) -> None:
    url, stand_in = pxweb
    before = len(stand_in.answered)
    result = run(system, mint, "statfin", *statfin_options(url), "--area", "kymppi", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    asked = stand_in.answered[before:]
    assert report["queries"] == len(asked) >= 3
    assert all(len(q["Alue"]) * len(q["Kuukausi"]) * len(q["Tiedot"]) <= 100 for q in asked)
    assert len(report["municipalities"]) == 10
    assert (report["cells"], report["written"]) == (240, 239)
    assert report["missing"] == [
        {
            "municipality_code": "052",
            "indicator": "labour_force",
            "period": "2023-03",
            "status": "..",
        }
    ]
    # The recording's figures, through the areas service.
    figure = statistic(system, mint, "005", "unemployed_jobseekers", "2023-06")
    assert figure["value"] == 246
    assert TABLE in figure["source"]
    assert "updated 2024-01-24T06:00:00Z" in figure["source"]
    assert figure["source_url"] == f"{url}/PxWeb/api/v1/fi/StatFin/{TABLE}.px"
    assert statistic(system, mint, "989", "labour_force", "2023-12")["value"] == 2171
    # The missing cell was not made a figure, let alone 0.
    missing = statistic(system, mint, "052", "labour_force", "2023-03")
    assert missing is None or TABLE not in missing["source"]


def test_api_2_and_a_list_of_codes(
    system: System, mint: TokenFactory, pxweb: tuple[str, PxWebStandIn]
) -> None:
    url, _ = pxweb
    env = {"ALUE_STATFIN_API": "v2", "ALUE_STATFIN_URL": f"{url}/api/v2"}
    options = ["--table", TABLE, "--from", "2023M11", "--to", "2023M12", "--codes", "005,010"]
    result = run(system, mint, "statfin", *options, "--max-cells", "100", **env)
    assert result.exit_code == 0, result.output
    assert "1 query, 8 cells, 8 statistics written." in result.stdout
    figure = statistic(system, mint, "010", "labour_force", "2023-12")
    assert figure["source_url"] == f"{url}/api/v2/tables/{TABLE}"


def test_a_refused_query_fails_with_one_line(
    system: System, mint: TokenFactory, pxweb: tuple[str, PxWebStandIn]
) -> None:
    url, _ = pxweb
    options = statfin_options(url, max_cells=1000)
    result = run(system, mint, "statfin", *options, "--area", "kymppi")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: PxWeb answered 403 to a query of 240 cells: 403 - Forbidden: Access is denied.\n"
    )
    unknown = run(system, mint, "statfin", *statfin_options(url), "--area", "nowhere")
    assert unknown.exit_code == 1
    assert unknown.stderr.startswith("error: members of nowhere: 404")
    assert unknown.stderr.count("\n") == 1


def test_pxweb_out_of_reach_fails_with_one_line() -> None:
    closed = f"http://127.0.0.1:{free_port()}/PxWeb/api/v1/fi/StatFin"
    options = ["--table", TABLE, "--from", "2023M01", "--to", "2023M01", "--codes", "005"]
    # No gateway is asked before PxWeb answers (the token is never sent).
    options += ["--base-url", closed, "--token", "unused"]
    result = CliRunner().invoke(cli, ["import", "statfin", *options])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: ConnectError on {closed}/{TABLE}.px")
    assert result.stderr.count("\n") == 1


# Squares of ETRS-TM35FIN metres near Helsinki (the codes are real, the shapes are not):
# 091|049 share an edge, 092 sits on 049 and touches 091 at a corner only, 235 lies 2 m
# off 049 (a sliver), 753 is an island.
SQUARES = {
    "091": (0, 0, 1000, 1000),
    "049": (1000, 0, 2000, 1000),
    "092": (1000, 1000, 2000, 2000),
    "235": (2002, 0, 3000, 1000),
    "753": (10_000, 10_000, 11_000, 11_000),
}


def polygons(path: Path, crs: bool = True) -> Path:
    features = []
    for code, (x0, y0, x1, y1) in SQUARES.items():
        ring = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
        coordinates = [[[380_000 + x, 6_670_000 + y] for x, y in ring]]
        features.append(
            {
                "type": "Feature",
                "properties": {"kunta": code},
                "geometry": {"type": "Polygon", "coordinates": coordinates},
            }
        )
    document: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    if crs:
        document["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3067"}}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_borders_and_coordinates_from_polygons(
    system: System, mint: TokenFactory, tmp_path: Path
) -> None:
    file = polygons(tmp_path / "kunnat.geojson")
    result = run(system, mint, "borders", str(file), "--set-coordinates", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    pairs = {(b["municipality_code"], b["neighbour_code"]) for b in report["borders"]}
    assert pairs == {("049", "091"), ("049", "092"), ("049", "235")}
    assert report["written"] == 3
    assert [(t["municipality_code"], t["neighbour_code"]) for t in report["touches"]] == [
        ("091", "092"),
        ("092", "235"),
    ]
    assert report["isolated"] == ["753"]
    assert report["coordinates"] == {"updated": 5, "unchanged": 0}

    recorded = read(system, mint, "/areas/v1/borders", codes=",".join(SQUARES))["borders"]
    assert {(b["municipality_code"], b["neighbour_code"]) for b in recorded} == pairs
    assert all("kunnat.geojson" in b["source"] for b in recorded)
    island = read(system, mint, "/areas/v1/municipalities/753")
    assert 60.2 < island["lat"] < 60.3
    assert 25.0 < island["lon"] < 25.05

    again = run(system, mint, "borders", str(file), "--set-coordinates")
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[:3] == [
        "kunnat.geojson: 5 features, 5 municipalities (EPSG:3067); 3 shared borders, 3 written.",
        "2 not borders (within 10 m but along 100 m or less): 091-092, 092-235",
        "1 bordering no other: 753",
    ]
    assert "Coordinates: 0 set, 5 unchanged." in again.stdout


def test_metres_without_a_crs_fail_with_one_line(
    system: System, mint: TokenFactory, tmp_path: Path
) -> None:
    file = polygons(tmp_path / "kunnat.geojson", crs=False)
    result = run(system, mint, "borders", str(file))
    assert result.exit_code == 1
    assert "no degrees" in result.stderr
    assert result.stderr.count("\n") == 1
    given = run(system, mint, "borders", str(file), "--crs", "EPSG:3067")
    assert given.exit_code == 0, given.output

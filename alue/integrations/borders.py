"""`alue import borders FILE`: shared borders (and coordinates) from municipal polygons.

The adapter (`areas.integrations.borders`) derives the pairs from the geometry; this
command writes them through the gateway's `PUT /areas/v1/borders` and, with
`--set-coordinates`, each municipality's representative point through
`PUT /areas/v1/municipalities/{code}` (If-Match, as any write of a municipality).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import httpx
import typer

from alue.client import DEFAULT_GATEWAY, AsJson, Gateway, Token, gateway_client
from alue.integrations.console import CommandFailed, print_json
from alue.integrations.gateway_calls import checked, failures_reported, get_all, progress
from areas.integrations.border_tolerance import DEFAULT_TOLERANCE_M, minimum_length
from areas.schemas.borders import MAX_BORDERS

if TYPE_CHECKING:
    from areas.integrations import borders as geometry

DEFAULT_SOURCE = "Statistics Finland, municipal division (CC BY 4.0)"


def import_borders(
    file: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, help="Municipality polygons as GeoJSON."),
    ],
    code_property: Annotated[
        str, typer.Option(help="The feature property that holds the municipality code.")
    ] = "kunta",
    crs: Annotated[
        str | None,
        typer.Option(help="The file's CRS when it names none, e.g. EPSG:3067 (default WGS84)."),
    ] = None,
    tolerance_m: Annotated[
        float, typer.Option(min=0, help="Gaps up to this many metres are bridged.")
    ] = DEFAULT_TOLERANCE_M,
    min_length_m: Annotated[
        float | None,
        typer.Option(min=0, help="A shared border is longer than this (default 10 tolerances)."),
    ] = None,
    set_coordinates: Annotated[
        bool, typer.Option(help="Also set each municipality's representative point as lat/lon.")
    ] = False,
    source: Annotated[
        str, typer.Option(help="Where the polygons come from, recorded with each border.")
    ] = DEFAULT_SOURCE,
    gateway: Gateway = DEFAULT_GATEWAY,
    token: Token = None,
    as_json: AsJson = False,
) -> None:
    """Derive the municipalities that share a border from their polygons and record them."""
    # numpy, shapely and pyproj load here, not with every `alue` command.
    from areas.integrations import borders as geometry

    with failures_reported():
        try:
            document = json.loads(file.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise CommandFailed(f"{file}: not JSON ({e})") from None
        try:
            municipalities = geometry.read_municipalities(
                document, code_property=code_property, crs=crs
            )
        except geometry.GeometryError as e:
            raise CommandFailed(f"{file}: {e}") from None
        analysis = geometry.shared_borders(
            municipalities, tolerance_m=tolerance_m, min_length_m=min_length_m
        )
        minimum = minimum_length(tolerance_m, min_length_m)
        recorded = (
            f"{source}: {file.name}; boundaries within {tolerance_m:g} m of each other "
            f"for more than {minimum:g} m"
        )
        with gateway_client(gateway, token) as client:
            known = {
                m["code"] for m in get_all(client, "/areas/v1/municipalities", "municipalities")
            }
            unknown = sorted(set(municipalities.shapes) - known)
            borders = [
                b
                for b in analysis.borders
                if b.municipality_code in known and b.neighbour_code in known
            ]
            pairs = _write_borders(client, geometry.pairs_for_api(borders, recorded))
            coordinates = None
            if set_coordinates:
                points = geometry.representative_points(municipalities)
                coordinates = _set_coordinates(client, points, known, quiet=as_json)
    _report(
        file, municipalities, analysis, unknown, pairs, coordinates, tolerance_m, minimum, as_json
    )


def _write_borders(client: httpx.Client, rows: list[dict[str, str]]) -> int:
    pairs = 0
    for start in range(0, len(rows), MAX_BORDERS):
        response = client.put(
            "/areas/v1/borders", json={"borders": rows[start : start + MAX_BORDERS]}
        )
        pairs += checked(response, "writing the borders").json()["pairs"]
    return pairs


def _set_coordinates(
    client: httpx.Client,
    all_points: dict[str, tuple[float, float]],
    known: set[str],
    *,
    quiet: bool,
) -> dict[str, int]:
    points = {c: p for c, p in all_points.items() if c in known}
    counts = {"updated": 0, "unchanged": 0}
    with progress("Coordinates", quiet=quiet) as advance:
        for done, (code, (lat, lon)) in enumerate(sorted(points.items()), start=1):
            path = f"/areas/v1/municipalities/{code}"
            current = checked(client.get(path), f"reading municipality {code}")
            body: dict[str, Any] = current.json()
            if (body["lat"], body["lon"]) == (lat, lon):
                counts["unchanged"] += 1
            else:
                body.update(lat=lat, lon=lon)
                headers = {"If-Match": current.headers["ETag"]}
                checked(client.put(path, json=body, headers=headers), f"setting {code}'s point")
                counts["updated"] += 1
            advance(done, len(points))
    return counts


def _report(
    file: Path,
    municipalities: geometry.Municipalities,
    analysis: geometry.BorderAnalysis,
    unknown: list[str],
    pairs: int,
    coordinates: dict[str, int] | None,
    tolerance_m: float,
    min_length_m: float,
    as_json: bool,
) -> None:
    report = {
        "file": str(file),
        "crs": municipalities.source_crs,
        "features": municipalities.features,
        "municipalities": len(municipalities.shapes),
        "tolerance_m": tolerance_m,
        "min_length_m": min_length_m,
        "borders": [asdict(b) for b in analysis.borders],
        "written": pairs,
        "touches": [asdict(t) for t in analysis.touches],
        "isolated": analysis.isolated,
        "unknown_codes": unknown,
        "coordinates": coordinates,
    }
    lines = [
        f"{file.name}: {municipalities.features} features, {len(municipalities.shapes)} "
        f"municipalities ({municipalities.source_crs}); {len(analysis.borders)} shared borders, "
        f"{pairs} written.",
        f"{len(analysis.touches)} not borders (within {tolerance_m:g} m but along "
        f"{min_length_m:g} m or less): "
        + (
            ", ".join(f"{t.municipality_code}-{t.neighbour_code}" for t in analysis.touches)
            or "none"
        ),
        f"{len(analysis.isolated)} bordering no other: " + (", ".join(analysis.isolated) or "none"),
    ]
    if unknown:
        lines.append(
            f"{len(unknown)} not in the municipality registry, left out: " + ", ".join(unknown)
        )
    if coordinates is not None:
        lines.append(
            f"Coordinates: {coordinates['updated']} set, {coordinates['unchanged']} unchanged."
        )
    if as_json:
        print_json(report)
    else:
        for line in lines:
            typer.echo(line)

"""Shared municipal borders and representative points from the municipalities' polygons.

The input is GeoJSON as Statistics Finland publishes the municipal division (CC BY 4.0):
one feature (or several) per municipality, its code in a property (`kunta` there). Two
municipalities share a border when a stretch of positive length of one's boundary lies
on the other's (DOMAIN.md §1: contiguity is the graph of shared borders); touching at a
single point, as at a corner where four meet, is no shared border.

Distances are measured in metres in ETRS-TM35FIN (EPSG:3067), the national projected
system the division is published in. A file in another system is reprojected first with
pyproj: GeoJSON without a `crs` member is WGS84 longitude/latitude (RFC 7946 §4), whose
degrees are no unit for a tolerance, and a web-Mercator metre is about two real ones here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray
from pyproj import CRS, Transformer
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from areas.integrations.border_tolerance import DEFAULT_TOLERANCE_M, minimum_length

METRIC_CRS = CRS.from_epsg(3067)
WGS84 = CRS.from_epsg(4326)


class GeometryError(ValueError):
    """The file is not GeoJSON municipalities this module can read."""


@dataclass(frozen=True)
class Border:
    municipality_code: str
    neighbour_code: str
    length_m: float


@dataclass
class BorderAnalysis:
    borders: list[Border] = field(default_factory=list)
    # Within the tolerance of each other, but along less than the minimum length.
    touches: list[Border] = field(default_factory=list)
    isolated: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Municipalities:
    """Each municipality's geometry in EPSG:3067 metres."""

    shapes: Mapping[str, BaseGeometry]
    features: int
    source_crs: str


def read_municipalities(
    document: Any, *, code_property: str, crs: str | None = None
) -> Municipalities:
    """The municipalities of a GeoJSON FeatureCollection, several features of one code
    (a municipality given part by part) joined into one geometry."""
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise GeometryError("not a GeoJSON FeatureCollection")
    source = _source_crs(document, crs)
    to_metric = Transformer.from_crs(source, METRIC_CRS, always_xy=True)
    parts: dict[str, list[BaseGeometry]] = {}
    features = document.get("features") or []
    for number, feature in enumerate(features):
        code = _code(feature, code_property, number)
        geometry = _polygonal(feature, number)
        if source.is_geographic:
            _check_degrees(geometry, number)
        parts.setdefault(code, []).append(_transformed(geometry, to_metric))
    if not parts:
        raise GeometryError("the file has no municipality features")
    shapes = {code: shapely.make_valid(shapely.union_all(geoms)) for code, geoms in parts.items()}
    return Municipalities(shapes=shapes, features=len(features), source_crs=source.to_string())


def shared_borders(
    municipalities: Municipalities,
    *,
    tolerance_m: float = DEFAULT_TOLERANCE_M,
    min_length_m: float | None = None,
) -> BorderAnalysis:
    """The pairs whose boundaries run together, within `tolerance_m` of each other, for
    more than `min_length_m` (default: ten tolerances; with no tolerance, any positive
    length). A pair's length is the shorter of the two boundaries' stretches that lie
    within the tolerance of the other municipality."""
    minimum = minimum_length(tolerance_m, min_length_m)
    codes = sorted(municipalities.shapes)
    geoms = [municipalities.shapes[c] for c in codes]
    reach = [g.buffer(tolerance_m) if tolerance_m > 0 else g for g in geoms]
    tree = shapely.STRtree(geoms)
    analysis = BorderAnalysis()
    bordered: set[str] = set()
    for i, geom in enumerate(geoms):
        for j in sorted(int(j) for j in tree.query(reach[i], predicate="intersects")):
            if j <= i:
                continue
            length = min(
                geom.boundary.intersection(reach[j]).length,
                geoms[j].boundary.intersection(reach[i]).length,
            )
            pair = Border(codes[i], codes[j], round(length, 1))
            if length > minimum:
                analysis.borders.append(pair)
                bordered.update((codes[i], codes[j]))
            else:
                analysis.touches.append(pair)
    analysis.isolated = [c for c in codes if c not in bordered]
    return analysis


def representative_points(municipalities: Municipalities) -> dict[str, tuple[float, float]]:
    """Each municipality's (lat, lon) in WGS84: a point surely inside it (its
    representative point; a centroid may fall outside a crescent or in a lake's bay)."""
    to_wgs84 = Transformer.from_crs(METRIC_CRS, WGS84, always_xy=True)
    points: dict[str, tuple[float, float]] = {}
    for code, geometry in municipalities.shapes.items():
        point = geometry.representative_point()
        lon, lat = to_wgs84.transform(point.x, point.y)
        points[code] = (round(lat, 6), round(lon, 6))
    return points


def _source_crs(document: Mapping[str, Any], given: str | None) -> CRS:
    named = given or ((document.get("crs") or {}).get("properties") or {}).get("name")
    try:
        return CRS.from_user_input(named) if named else WGS84
    except Exception as e:  # pyproj raises CRSError, or TypeError for a non-string
        raise GeometryError(f"unknown coordinate reference system {named!r}: {e}") from None


def _code(feature: Any, code_property: str, number: int) -> str:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    value = (properties or {}).get(code_property)
    text = str(value).strip() if value is not None else ""
    if not text.isdigit() or len(text) > 3:
        raise GeometryError(
            f"feature {number}: property {code_property!r} is {value!r}, not a municipality "
            "code (three digits; give --code-property)"
        )
    return text.zfill(3)


def _polygonal(feature: Mapping[str, Any], number: int) -> BaseGeometry:
    body = feature.get("geometry")
    if not isinstance(body, dict):
        raise GeometryError(f"feature {number}: no geometry")
    try:
        geometry = shape(body)
    except Exception as e:  # shapely raises GeometryTypeError, or errors of a malformed body
        raise GeometryError(f"feature {number}: unreadable geometry: {e}") from None
    if geometry.geom_type not in ("Polygon", "MultiPolygon") or geometry.is_empty:
        raise GeometryError(f"feature {number}: a {geometry.geom_type}, not a polygon")
    return geometry


def _check_degrees(geometry: BaseGeometry, number: int) -> None:
    minx, miny, maxx, maxy = geometry.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise GeometryError(
            f"feature {number}: coordinates such as {minx:.0f}, {miny:.0f} are no degrees; "
            "the file names no CRS, give it (--crs EPSG:3067)"
        )


def _transformed(geometry: BaseGeometry, transformer: Transformer) -> BaseGeometry:
    if transformer.source_crs == transformer.target_crs:
        return geometry

    def project(xy: NDArray[np.float64]) -> NDArray[np.float64]:
        x, y = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geometry, project)


def pairs_for_api(borders: Iterable[Border], source: str) -> list[dict[str, str]]:
    return [
        {
            "municipality_code": b.municipality_code,
            "neighbour_code": b.neighbour_code,
            "source": source,
        }
        for b in borders
    ]

"""Shared borders from polygons (areas.integrations.borders) on small sets made for the
test, in ETRS-TM35FIN metres near Helsinki (the codes are real, the shapes are not):

    y
 2000 +------+------+  +------+          753: an island, 9 km off
      |      | 092  |  | 257  |
 1000 +------+------+--+------+    092-257: a 50 m gap, wider than the tolerance
      | 091  | 049  |  | 235  |    049-235: a 2 m sliver gap, bridged
    0 +------+------+--+------+    091-092: one corner only; 092-235: corners 2 m apart
      0     1000   2000 2002   3000 x (2050 for 257)
"""

from typing import Any

import pytest
from pyproj import Transformer
from shapely.geometry import Point, shape

from areas.integrations.borders import (
    GeometryError,
    read_municipalities,
    representative_points,
    shared_borders,
)

X0, Y0 = 380_000, 6_670_000
SQUARES = {
    "091": (0, 0, 1000, 1000),
    "049": (1000, 0, 2000, 1000),
    "092": (1000, 1000, 2000, 2000),
    "235": (2002, 0, 3000, 1000),
    "257": (2050, 1000, 3000, 2000),
    "753": (10_000, 10_000, 11_000, 11_000),
}
ETRS_TM35FIN = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3067"}}


def square(x0: float, y0: float, x1: float, y1: float) -> dict[str, Any]:
    ring = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
    return {"type": "Polygon", "coordinates": [[[X0 + x, Y0 + y] for x, y in ring]]}


def collection(geometries: dict[str, dict[str, Any]], **extra: Any) -> dict[str, Any]:
    features = [
        {"type": "Feature", "properties": {"kunta": code, "nimi": "?"}, "geometry": g}
        for code, g in geometries.items()
    ]
    return {"type": "FeatureCollection", **extra, "features": features}


def metric_file() -> dict[str, Any]:
    return collection({c: square(*s) for c, s in SQUARES.items()}, crs=ETRS_TM35FIN)


def wgs84_file() -> dict[str, Any]:
    """The same squares as RFC 7946 GeoJSON: longitude, latitude, no `crs`."""
    to_degrees = Transformer.from_crs(3067, 4326, always_xy=True)
    geometries = {}
    for code, s in SQUARES.items():
        ring = square(*s)["coordinates"][0]
        geometries[code] = {
            "type": "Polygon",
            "coordinates": [[list(to_degrees.transform(x, y)) for x, y in ring]],
        }
    return collection(geometries)


def pairs(document: dict[str, Any], **options: Any) -> set[tuple[str, str]]:
    analysis = shared_borders(read_municipalities(document, code_property="kunta"), **options)
    return {(b.municipality_code, b.neighbour_code) for b in analysis.borders}


EXPECTED = {("049", "091"), ("049", "092"), ("049", "235"), ("235", "257")}


@pytest.mark.parametrize("document", [metric_file(), wgs84_file()], ids=["EPSG:3067", "WGS84"])
def test_borders_of_positive_length_and_bridged_slivers_only(document: dict[str, Any]) -> None:
    municipalities = read_municipalities(document, code_property="kunta")
    analysis = shared_borders(municipalities)
    assert {(b.municipality_code, b.neighbour_code) for b in analysis.borders} == EXPECTED
    # The corner-only touch and the near corner are seen, and are no borders.
    assert {(t.municipality_code, t.neighbour_code) for t in analysis.touches} == {
        ("091", "092"),
        ("092", "235"),
    }
    assert analysis.isolated == ["753"]
    # A 1 km edge, give or take the tolerance at its ends.
    assert all(990 <= b.length_m <= 1030 for b in analysis.borders if b.neighbour_code != "257")


def test_without_a_tolerance_a_sliver_gap_is_no_border() -> None:
    assert pairs(metric_file(), tolerance_m=0) == EXPECTED - {("049", "235")}


def test_a_tolerance_wide_enough_bridges_the_wider_gap() -> None:
    assert pairs(metric_file(), tolerance_m=60) == EXPECTED | {("092", "257")}


def test_a_municipality_in_parts_is_one_and_its_island_borders_nothing() -> None:
    document = metric_file()
    # Helsinki's island, 300 m off 235's shore: a feature of its own with the same code.
    island = {
        "type": "Feature",
        "properties": {"kunta": 91},
        "geometry": square(2300, -900, 2600, -300),
    }
    document["features"].append(island)
    municipalities = read_municipalities(document, code_property="kunta")
    assert municipalities.features == 7
    assert sorted(municipalities.shapes) == sorted(SQUARES)
    assert pairs(document) == EXPECTED


def test_a_representative_point_lies_inside_its_municipality() -> None:
    municipalities = read_municipalities(wgs84_file(), code_property="kunta")
    points = representative_points(municipalities)
    degrees = wgs84_file()
    for feature in degrees["features"]:
        lat, lon = points[feature["properties"]["kunta"]]
        assert shape(feature["geometry"]).contains(Point(lon, lat))
        assert 60 < lat < 60.3
        assert 24.7 < lon < 25.1


def test_metres_without_a_crs_are_not_taken_for_degrees() -> None:
    document = metric_file()
    del document["crs"]
    with pytest.raises(GeometryError, match="no degrees"):
        read_municipalities(document, code_property="kunta")
    given = read_municipalities(document, code_property="kunta", crs="EPSG:3067")
    assert given.source_crs == "EPSG:3067"


@pytest.mark.parametrize(
    ("properties", "message"),
    [({"nimi": "Helsinki"}, "'kunta' is None"), ({"kunta": "KU091"}, "not a municipality code")],
)
def test_a_feature_without_a_code_is_named(properties: dict[str, Any], message: str) -> None:
    document = metric_file()
    document["features"][2]["properties"] = properties
    with pytest.raises(GeometryError, match=f"feature 2: .*{message}"):
        read_municipalities(document, code_property="kunta")


def test_the_code_property_is_configurable() -> None:
    document = metric_file()
    for feature in document["features"]:
        feature["properties"] = {"KUNTA_KOODI": feature["properties"]["kunta"]}
    municipalities = read_municipalities(document, code_property="KUNTA_KOODI")
    assert sorted(municipalities.shapes) == sorted(SQUARES)

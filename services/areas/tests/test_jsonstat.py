"""The JSON-stat 2.0 reader (areas.integrations.jsonstat) on datasets written for the test
from the format's specification (json-stat.org/full)."""

from typing import Any

import pytest

from areas.integrations.jsonstat import JsonStatError, parse_dataset


def dataset(**overrides: Any) -> dict[str, Any]:
    """Two areas by three months; each value names its own cell, so order is checked."""
    document: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": "Test table",
        "updated": "2024-01-24T06:00:00Z",
        "id": ["Alue", "Kuukausi"],
        "size": [2, 3],
        "dimension": {
            "Alue": {"label": "Alue", "category": {"index": {"KU005": 0, "KU010": 1}}},
            "Kuukausi": {"category": {"index": ["2023M01", "2023M02", "2023M03"]}},
        },
        "value": [501, 502, 503, 1001, 1002, 1003],
    }
    return {**document, **overrides}


def cells(document: dict[str, Any]) -> list[tuple[str, str, float | None, str | None]]:
    return [
        (c.categories["Alue"], c.categories["Kuukausi"], c.value, c.status)
        for c in parse_dataset(document).cells()
    ]


def test_the_last_dimension_varies_fastest() -> None:
    assert cells(dataset()) == [
        ("KU005", "2023M01", 501, None),
        ("KU005", "2023M02", 502, None),
        ("KU005", "2023M03", 503, None),
        ("KU010", "2023M01", 1001, None),
        ("KU010", "2023M02", 1002, None),
        ("KU010", "2023M03", 1003, None),
    ]


def test_an_index_object_gives_the_positions_whatever_its_key_order() -> None:
    document = dataset()
    document["dimension"]["Alue"]["category"]["index"] = {"KU010": 1, "KU005": 0}
    assert [c[0] for c in cells(document)][:3] == ["KU005"] * 3


def test_a_null_stays_missing_with_its_status_symbol() -> None:
    document = dataset(value=[501, None, 503, 1001, 1002, 0], status={"1": ".."})
    got = cells(document)
    assert got[1] == ("KU005", "2023M02", None, "..")
    # A real zero is a zero, and has no symbol.
    assert got[5] == ("KU010", "2023M03", 0, None)


def test_sparse_values_leave_the_cells_not_given_missing() -> None:
    document = dataset(value={"0": 501, "5": 1003}, status=["p", "", "", "", "", "p"])
    got = cells(document)
    assert [c[2] for c in got] == [501, None, None, None, None, 1003]
    assert got[0][3] == "p"


def test_one_status_string_is_every_cells() -> None:
    assert {c[3] for c in cells(dataset(status="e"))} == {"e"}


def test_a_single_category_may_come_without_an_index() -> None:
    document = dataset(id=["Alue", "Tiedot"], size=[2, 1], value=[5, 10])
    document["dimension"] = {
        "Alue": document["dimension"]["Alue"],
        "Tiedot": {"category": {"label": {"TYOVOIMATK": "Työvoima"}}},
    }
    parsed = parse_dataset(document)
    assert [(c.categories["Tiedot"], c.value) for c in parsed.cells()] == [
        ("TYOVOIMATK", 5),
        ("TYOVOIMATK", 10),
    ]
    assert parsed.label == "Test table"
    assert parsed.updated == "2024-01-24T06:00:00Z"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"class": "collection"}, "class"),
        ({"version": "1.0"}, "version"),
        ({"size": [2]}, "same length"),
        ({"size": [2, 4]}, "3 categories, size says 4"),
        ({"value": [1, 2, 3]}, "3 cells"),
        ({"value": {"6": 1}}, "no cell"),
        ({"value": [1, 2, 3, 4, 5, "6"]}, "number or null"),
        ({"status": [".", "."]}, "'status' has 2"),
        ({"dimension": {"Alue": {"category": {"index": ["KU005", "KU010"]}}}}, "Kuukausi"),
    ],
)
def test_a_document_that_is_no_dataset_says_why(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(JsonStatError, match=message):
        parse_dataset(dataset(**overrides))

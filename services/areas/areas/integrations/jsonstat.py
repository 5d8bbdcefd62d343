"""A JSON-stat 2.0 dataset reader: the cube's dimensions and every cell with its status.

Follows the JSON-stat 2.0 format (json-stat.org/full): `id` and `size` give the dimensions
in order, `dimension.<id>.category.index` each one's categories (an array of codes, or an
object of code → position), and `value` the cells in row-major order (the last dimension
varies fastest), as an array or as an object of flat index → value (sparse). `status` is
one symbol for every cell (a string), one per cell (an array), or some cells' (an object).
A `null` value is a missing figure, never zero: its status symbol says why.

Our own small reader rather than pyjstat: pyjstat builds a pandas DataFrame (pandas would
be a dependency of the areas service for this alone) and leaves `status` out of it, while
a missing cell's symbol is what the import must report.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any


class JsonStatError(ValueError):
    """The document is not a JSON-stat 2.0 dataset this reader can take."""


@dataclass(frozen=True)
class Dimension:
    id: str
    label: str
    codes: tuple[str, ...]
    labels: Mapping[str, str]


@dataclass(frozen=True)
class Cell:
    categories: Mapping[str, str]
    """Dimension id → the cell's category code."""
    value: float | None
    status: str | None


@dataclass(frozen=True)
class Dataset:
    label: str | None
    source: str | None
    updated: str | None
    dimensions: tuple[Dimension, ...]
    values: Sequence[float | None]
    statuses: Sequence[str | None]

    def cells(self) -> Iterator[Cell]:
        """Every cell of the cube, in the row-major order of `value`."""
        sizes = [len(d.codes) for d in self.dimensions]
        for flat, (value, status) in enumerate(zip(self.values, self.statuses, strict=True)):
            positions = _unflatten(flat, sizes)
            categories = {d.id: d.codes[p] for d, p in zip(self.dimensions, positions, strict=True)}
            yield Cell(categories=categories, value=value, status=status)


def parse_dataset(document: Any) -> Dataset:
    if not isinstance(document, dict) or document.get("class") != "dataset":
        raise JsonStatError("not a JSON-stat dataset (class must be 'dataset')")
    if document.get("version") != "2.0":
        raise JsonStatError(f"JSON-stat version {document.get('version')!r}, not '2.0'")
    ids, sizes = document.get("id"), document.get("size")
    if not isinstance(ids, list) or not isinstance(sizes, list) or len(ids) != len(sizes):
        raise JsonStatError("'id' and 'size' must be arrays of the same length")
    dimensions = tuple(
        _dimension(str(dim_id), document.get("dimension", {}).get(dim_id), size)
        for dim_id, size in zip(ids, sizes, strict=True)
    )
    count = math.prod(sizes)
    return Dataset(
        label=document.get("label"),
        source=document.get("source"),
        updated=document.get("updated"),
        dimensions=dimensions,
        values=_values(document.get("value"), count),
        statuses=_statuses(document.get("status"), count),
    )


def _dimension(dim_id: str, body: Any, size: Any) -> Dimension:
    if not isinstance(body, dict) or not isinstance(body.get("category"), dict):
        raise JsonStatError(f"dimension {dim_id!r}: missing, or without 'category'")
    category = body["category"]
    labels = category.get("label") or {}
    index = category.get("index")
    if isinstance(index, list):
        codes = tuple(str(c) for c in index)
    elif isinstance(index, dict):
        codes = tuple(code for code, _ in sorted(index.items(), key=lambda item: item[1]))
        if sorted(index.values()) != list(range(len(index))):
            raise JsonStatError(f"dimension {dim_id!r}: index positions must be 0…{size - 1}")
    elif index is None and len(labels) == 1:
        # The spec lets `index` be left out of a dimension of one category.
        codes = (next(iter(labels)),)
    else:
        raise JsonStatError(f"dimension {dim_id!r}: 'category.index' is missing")
    if len(codes) != size:
        raise JsonStatError(f"dimension {dim_id!r}: {len(codes)} categories, size says {size}")
    return Dimension(
        id=dim_id, label=str(body.get("label", dim_id)), codes=codes, labels=dict(labels)
    )


def _values(value: Any, count: int) -> list[float | None]:
    if isinstance(value, list):
        if len(value) != count:
            raise JsonStatError(f"'value' has {len(value)} cells, the sizes make {count}")
        return [_number(v) for v in value]
    if isinstance(value, dict):
        dense: list[float | None] = [None] * count
        for key, v in value.items():
            dense[_flat_index(key, count, "value")] = _number(v)
        return dense
    raise JsonStatError("'value' must be an array or an object")


def _statuses(status: Any, count: int) -> list[str | None]:
    if status is None:
        return [None] * count
    if isinstance(status, str):
        return [status] * count
    if isinstance(status, list):
        if len(status) == 1:
            return [status[0]] * count
        if len(status) != count:
            raise JsonStatError(f"'status' has {len(status)} cells, the sizes make {count}")
        return list(status)
    if isinstance(status, dict):
        dense: list[str | None] = [None] * count
        for key, symbol in status.items():
            dense[_flat_index(key, count, "status")] = symbol
        return dense
    raise JsonStatError("'status' must be a string, an array or an object")


def _number(v: Any) -> float | None:
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise JsonStatError(f"a cell value must be a number or null, not {v!r}")
    return float(v)


def _flat_index(key: str, count: int, member: str) -> int:
    if not key.isdigit() or int(key) >= count:
        raise JsonStatError(f"'{member}' key {key!r} is no cell of the {count}")
    return int(key)


def _unflatten(flat: int, sizes: Sequence[int]) -> list[int]:
    positions = [0] * len(sizes)
    for i in range(len(sizes) - 1, -1, -1):
        flat, positions[i] = divmod(flat, sizes[i])
    return positions

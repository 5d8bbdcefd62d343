"""Statistics Finland's PxWeb tables as municipal statistics (DOMAIN.md §6).

The interface is `PxWebTable.query(selection)`: one JSON-stat 2.0 answer for a selection of
value codes per variable. Two implementations speak the two PxWeb APIs, whichever is
configured: API v1's table query (`POST {base}/{table}.px` with a JSON query) and API 2.0's
`POST {base}/tables/{table}/data` (PxAPI-2.yml, `VariablesSelection`); both answer
JSON-stat2, read by the one parser (`areas.integrations.jsonstat`).

`fetch_statistics` builds the selection, splits it so that no query asks for more cells
than the API allows, paces the queries under its request limit, and turns the cells into
statistic rows for `PUT /v1/statistics`, each with its source (table id, title, `updated`),
`source_url` and `retrieved_at`. A missing cell (`null`, with its status symbol) is never
made 0: the statistics schema has no missing value, so it is left out and reported.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx
from aiolimiter import AsyncLimiter

from areas.integrations.jsonstat import JsonStatError, parse_dataset

# Statistics Finland's PxWeb limits (DOMAIN.md §6 [31]; `GET {v1 base}/?config` tells them
# as maxCells, maxCalls and timeWindow): 100,000 cells a query, 30 queries per 10 seconds.
MAX_CELLS = 100_000
MAX_REQUESTS = 30
WINDOW_SECONDS = 10.0

# StatFin has had no subject folders since 2022: a table is `{base}/{table}.px` (Statistics
# Finland's API help: .../api/v1/en/StatFin/statfin_kuol_pxt_12af.px); DOMAIN.md §6's
# address with `tyonv/` is the older form, which a base URL can still give.
V1_BASE_URL = "https://pxdata.stat.fi/PxWeb/api/v1/fi/StatFin"
MONTH_CODE = re.compile(r"^(\d{4})M(0[1-9]|1[0-2])$")


class PxWebError(Exception):
    """PxWeb refused a query or answered something that is not a JSON-stat 2.0 dataset."""


@dataclass(frozen=True)
class Measure:
    indicator: str
    unit: str


@dataclass(frozen=True)
class TableMapping:
    """Which variable of a table is the municipality, the month and the measure, and which
    of the table's measures are which of our indicators."""

    measures: Mapping[str, Measure]
    area_variable: str = "Alue"
    month_variable: str = "Kuukausi"
    measure_variable: str = "Tiedot"
    # A municipality's value code is `KU` + its three-digit code; `SSS` is the whole country.
    municipality_prefix: str = "KU"

    def area_code(self, municipality_code: str) -> str:
        return f"{self.municipality_prefix}{municipality_code}"

    def municipality(self, area_code: str) -> str | None:
        code = area_code.removeprefix(self.municipality_prefix)
        return code if code != area_code and re.fullmatch(r"\d{3}", code) else None


# statfin_tyonv_pxt_12r5, the employment service statistics by municipality and month
# (DOMAIN.md §6 [31]): variables `Alue` (KU + code), `Kuukausi` (2023M06) and `Tiedot`.
# Of its measures two are ours: TYOTTOMATLOPUSSA, the unemployed jobseekers at the end of
# the month, and TYOVOIMATK, the labour force. AVPAIKATLOPUSSA (open vacancies) has no
# indicator here, and TYOTOSUUS (the unemployment rate, %) is a ratio of the two we take.
TYONV_12R5 = TableMapping(
    measures={
        "TYOTTOMATLOPUSSA": Measure("unemployed_jobseekers", "persons"),
        "TYOVOIMATK": Measure("labour_force", "persons"),
    }
)
# From 8 June 2026 Statistics Finland renames its tables (`12r5`), identifies variables by
# new codes and prefixes some value codes of the measure variable (its instructions for
# updating interface queries): a table of that form needs a mapping of its own here.
MAPPINGS: Mapping[str, TableMapping] = {"statfin_tyonv_pxt_12r5": TYONV_12R5}

Selection = dict[str, list[str]]


class PxWebTable(Protocol):
    table_id: str

    @property
    def source_url(self) -> str:
        """The table's address, recorded with each figure."""

    async def query(self, selection: Selection) -> Any:
        """The JSON-stat 2.0 document PxWeb answers for these value codes per variable."""


@dataclass
class PxWebV1Table:
    """API v1: `POST {base}/{table}.px`, the query as DOMAIN.md §6 shows it."""

    http: httpx.AsyncClient
    base_url: str
    table_id: str

    @property
    def source_url(self) -> str:
        return f"{self.base_url.rstrip('/')}/{self.table_id}.px"

    async def query(self, selection: Selection) -> Any:
        body = {
            "query": [
                {"code": code, "selection": {"filter": "item", "values": values}}
                for code, values in selection.items()
            ],
            "response": {"format": "json-stat2"},
        }
        return _answer(await self.http.post(self.source_url, json=body), selection)


@dataclass
class PxWebV2Table:
    """API 2.0: `POST {base}/tables/{id}/data?lang=&outputFormat=json-stat2` (PxAPI-2.yml)."""

    http: httpx.AsyncClient
    base_url: str
    table_id: str
    language: str = "fi"

    @property
    def source_url(self) -> str:
        return f"{self.base_url.rstrip('/')}/tables/{self.table_id}"

    async def query(self, selection: Selection) -> Any:
        body = {
            "selection": [
                {"variableCode": code, "valueCodes": values} for code, values in selection.items()
            ]
        }
        params = {"lang": self.language, "outputFormat": "json-stat2"}
        response = await self.http.post(f"{self.source_url}/data", params=params, json=body)
        return _answer(response, selection)


def _answer(response: httpx.Response, selection: Selection) -> Any:
    cells = math.prod(len(v) for v in selection.values())
    if response.status_code != 200:
        # v1 answers its errors as text or an HTML page, API 2.0 as problem+json.
        reason = _problem_detail(response) or _page_title(response) or response.text
        reason = " ".join(reason.split())[:200]
        raise PxWebError(
            f"PxWeb answered {response.status_code} to a query of {cells} cells: {reason}"
        )
    try:
        return response.json()
    except ValueError:
        raise PxWebError(f"PxWeb answered {cells} cells with no JSON") from None


def _page_title(response: httpx.Response) -> str | None:
    if "html" not in response.headers.get("content-type", ""):
        return None
    title = re.search(r"<title>(.*?)</title>", response.text, re.IGNORECASE | re.DOTALL)
    return title[1] if title else None


def _problem_detail(response: httpx.Response) -> str | None:
    if "json" not in response.headers.get("content-type", ""):
        return None
    try:
        problem = response.json()
    except ValueError:
        return None
    if not isinstance(problem, dict):
        return None
    return " — ".join(str(problem[k]) for k in ("title", "detail") if problem.get(k)) or None


def months_between(first: str, last: str) -> list[str]:
    """PxWeb's month codes from `first` to `last` inclusive: 2023M11, 2023M12, 2024M01…"""
    start, end = _month(first), _month(last)
    if start > end:
        raise ValueError(f"{first} is after {last}")
    return [f"{m // 12}M{m % 12 + 1:02d}" for m in range(start, end + 1)]


def _month(code: str) -> int:
    match = MONTH_CODE.fullmatch(code)
    if match is None:
        raise ValueError(f"{code!r} is not a month YYYYMmm, e.g. 2023M01")
    return int(match[1]) * 12 + int(match[2]) - 1


def split_selection(selection: Selection, max_cells: int) -> list[Selection]:
    """The selection as queries of at most `max_cells` cells each, together asking for
    every cell once: the largest variable is cut into parts as large as the limit lets,
    and a part of one value still too large is split by the next variable."""
    cells = math.prod(len(v) for v in selection.values())
    if cells <= max_cells:
        return [selection]
    variable = max(selection, key=lambda code: len(selection[code]))
    values = selection[variable]
    if len(values) == 1:
        raise ValueError(f"one cell of each variable is already more than {max_cells} cells")
    size = max(1, max_cells // (cells // len(values)))
    queries: list[Selection] = []
    for start in range(0, len(values), size):
        part = {**selection, variable: values[start : start + size]}
        queries.extend(split_selection(part, max_cells))
    return queries


def request_pacer(
    max_requests: int = MAX_REQUESTS, window_seconds: float = WINDOW_SECONDS
) -> AsyncLimiter:
    """A limiter that lets no `window_seconds` see more than `max_requests` queries.

    aiolimiter's leaky bucket of capacity N admits N at once and then N per period, up to
    2N in one window; a capacity of one at (N - 1) per window spaces the queries evenly,
    so any window holds at most 1 + (N - 1) = N of them, however PxWeb counts its window.
    """
    return AsyncLimiter(1, window_seconds / max(max_requests - 1, 1))


@dataclass(frozen=True)
class MissingCell:
    municipality_code: str
    indicator: str
    period: str
    status: str | None


@dataclass
class StatfinImport:
    rows: list[dict[str, Any]] = field(default_factory=list)
    missing: list[MissingCell] = field(default_factory=list)
    queries: int = 0
    cells: int = 0
    not_municipal: int = 0


async def fetch_statistics(
    table: PxWebTable,
    mapping: TableMapping,
    *,
    municipality_codes: Sequence[str],
    months: Sequence[str],
    max_cells: int = MAX_CELLS,
    pacer: AsyncLimiter | None = None,
    on_query: Callable[[int, int], None] = lambda done, total: None,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> StatfinImport:
    """Every cell of the mapped measures for these municipalities and months, as rows."""
    selection: Selection = {
        mapping.area_variable: [mapping.area_code(c) for c in municipality_codes],
        mapping.month_variable: list(months),
        mapping.measure_variable: list(mapping.measures),
    }
    queries = split_selection(selection, max_cells)
    pacer = pacer or request_pacer()
    result = StatfinImport()
    for number, query in enumerate(queries, start=1):
        async with pacer:
            document = await table.query(query)
        _add_cells(result, table, mapping, document, retrieved_at=now())
        result.queries = number
        on_query(number, len(queries))
    return result


def _add_cells(
    result: StatfinImport,
    table: PxWebTable,
    mapping: TableMapping,
    document: Any,
    *,
    retrieved_at: dt.datetime,
) -> None:
    try:
        dataset = parse_dataset(document)
    except JsonStatError as e:
        raise PxWebError(f"PxWeb's answer is no JSON-stat 2.0 dataset: {e}") from None
    # One line of text, as the statistics schema takes it (PlainText, 2,000 characters).
    title = " ".join((dataset.label or "?").split())[:1500]
    source = f"Statistics Finland, StatFin table {table.table_id}: {title}"
    if dataset.updated:
        source += f" (updated {' '.join(dataset.updated.split())[:40]})"
    for cell in dataset.cells():
        result.cells += 1
        municipality = mapping.municipality(cell.categories[mapping.area_variable])
        measure = mapping.measures.get(cell.categories[mapping.measure_variable])
        if municipality is None or measure is None:
            result.not_municipal += 1
            continue
        month = cell.categories[mapping.month_variable]
        period = f"{month[:4]}-{month[5:]}"
        if cell.value is None:
            result.missing.append(MissingCell(municipality, measure.indicator, period, cell.status))
            continue
        result.rows.append(
            {
                "municipality_code": municipality,
                "indicator": measure.indicator,
                "period": period,
                "value": cell.value,
                "unit": measure.unit,
                "source": source,
                "source_url": table.source_url,
                "is_estimate": False,
                "retrieved_at": retrieved_at.isoformat(),
            }
        )

"""The PxWeb adapter (areas.integrations.statfin) against the PxWeb stand-in, in process,
answering from the recorded answer in tests/fixtures/pxweb (its README: synthetic figures
in the real format)."""

import datetime as dt
import math
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from areas.integrations import statfin
from simulators.pxweb.app import PxWebStandIn, build_app, load_recordings

KYMPPI = ["005", "010", "052", "233", "300", "403", "408", "759", "934", "989"]
TABLE = "statfin_tyonv_pxt_12r5"
RETRIEVED = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def stand_in() -> PxWebStandIn:
    return PxWebStandIn(tables=load_recordings(), max_requests=1000, window_seconds=1)


@pytest.fixture
async def http(stand_in: PxWebStandIn) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=build_app(stand_in))
    async with httpx.AsyncClient(transport=transport, base_url="http://pxweb.test") as client:
        yield client


def v1(http: httpx.AsyncClient) -> statfin.PxWebV1Table:
    return statfin.PxWebV1Table(http, "http://pxweb.test/PxWeb/api/v1/fi/StatFin", TABLE)


def v2(http: httpx.AsyncClient) -> statfin.PxWebV2Table:
    return statfin.PxWebV2Table(http, "http://pxweb.test/api/v2", TABLE)


async def fetch(table: statfin.PxWebTable, **options: Any) -> statfin.StatfinImport:
    return await statfin.fetch_statistics(
        table,
        statfin.TYONV_12R5,
        municipality_codes=options.pop("codes", KYMPPI),
        months=statfin.months_between("2023M01", "2023M12"),
        pacer=options.pop("pacer", statfin.request_pacer(1000, 1)),
        now=lambda: RETRIEVED,
        **options,
    )


def by_key(result: statfin.StatfinImport) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(r["municipality_code"], r["indicator"], r["period"]): r for r in result.rows}


async def test_a_table_query_becomes_statistics_with_their_source(
    http: httpx.AsyncClient,
) -> None:
    result = await fetch(v1(http))
    rows = by_key(result)
    # Figures of the recording (KU005 2023M06: 246 unemployed of a labour force of 3,877).
    assert rows["005", "unemployed_jobseekers", "2023-06"]["value"] == 246
    assert rows["005", "labour_force", "2023-06"]["value"] == 3877
    assert rows["989", "labour_force", "2023-12"]["value"] == 2171
    row = rows["005", "labour_force", "2023-06"]
    assert row["source"] == (
        "Statistics Finland, StatFin table statfin_tyonv_pxt_12r5: Työnhakijat ja avoimet "
        "työpaikat kuukauden lopussa muuttujina Alue, Kuukausi ja Tiedot "
        "(updated 2024-01-24T06:00:00Z)"
    )
    assert row["source_url"] == f"http://pxweb.test/PxWeb/api/v1/fi/StatFin/{TABLE}.px"
    assert row["retrieved_at"] == "2026-12-01T12:00:00+00:00"
    assert (row["unit"], row["is_estimate"]) == ("persons", False)
    # Ten municipalities, twelve months, two measures; one cell missing.
    assert (result.queries, result.cells, len(result.rows)) == (1, 240, 239)


async def test_a_missing_cell_is_reported_and_never_zero(http: httpx.AsyncClient) -> None:
    result = await fetch(v1(http))
    assert result.missing == [statfin.MissingCell("052", "labour_force", "2023-03", "..")]
    assert ("052", "labour_force", "2023-03") not in by_key(result)
    assert by_key(result)["052", "unemployed_jobseekers", "2023-03"]["value"] == 42


async def test_api_2_answers_the_same_cells(http: httpx.AsyncClient) -> None:
    first, second = await fetch(v1(http)), await fetch(v2(http))
    values = {k: r["value"] for k, r in by_key(first).items()}
    assert {k: r["value"] for k, r in by_key(second).items()} == values
    assert second.missing == first.missing
    assert second.rows[0]["source_url"] == f"http://pxweb.test/api/v2/tables/{TABLE}"


@pytest.mark.parametrize("table", [v1, v2])
async def test_a_query_over_the_cell_limit_is_split_and_loses_no_cell(
    http: httpx.AsyncClient, stand_in: PxWebStandIn, table: Any
) -> None:
    stand_in.max_cells = 50
    result = await fetch(table(http), max_cells=50)
    assert result.queries == len(stand_in.answered) > 240 / 50
    assert all(math.prod(len(v) for v in q.values()) <= 50 for q in stand_in.answered)
    whole = await fetch(table(http), max_cells=50)
    assert len(result.rows) == 239
    assert by_key(result) == by_key(whole)
    assert result.missing == [statfin.MissingCell("052", "labour_force", "2023-03", "..")]


@pytest.mark.parametrize(
    ("table", "reason"),
    [
        (v1, "403 to a query of 240 cells: 403 - Forbidden: Access is denied.$"),
        (v2, "403 to a query of 240 cells: Forbidden"),
    ],
)
async def test_pxweb_refuses_an_unsplit_query_over_its_limit(
    http: httpx.AsyncClient, stand_in: PxWebStandIn, table: Any, reason: str
) -> None:
    stand_in.max_cells = 50
    with pytest.raises(statfin.PxWebError, match=reason):
        await fetch(table(http), max_cells=1000)


async def test_the_queries_keep_under_the_request_limit(
    http: httpx.AsyncClient, stand_in: PxWebStandIn
) -> None:
    stand_in.max_cells, stand_in.max_requests, stand_in.window_seconds = 10, 5, 0.5
    started = time.monotonic()
    result = await fetch(
        v1(http), max_cells=10, codes=["005", "010"], pacer=statfin.request_pacer(5, 0.5)
    )
    # 2 x 12 x 2 cells, at most 10 a query: more queries than the stand-in takes in one
    # window, and none refused.
    assert result.queries == len(stand_in.answered) > 5
    assert time.monotonic() - started > 0.5


async def test_a_client_faster_than_the_limit_is_refused(
    http: httpx.AsyncClient, stand_in: PxWebStandIn
) -> None:
    stand_in.max_cells, stand_in.max_requests, stand_in.window_seconds = 10, 3, 5
    with pytest.raises(statfin.PxWebError, match="429"):
        await fetch(v1(http), max_cells=10, codes=["005", "010"])


async def test_an_unknown_municipality_is_pxwebs_bad_request(http: httpx.AsyncClient) -> None:
    with pytest.raises(statfin.PxWebError, match="400 to a query of 24 cells: Bad Request"):
        await fetch(v1(http), codes=["999"])
    with pytest.raises(statfin.PxWebError, match="KU999 is not a value code of Alue"):
        await fetch(v2(http), codes=["999"])


def test_months_run_across_the_year() -> None:
    assert statfin.months_between("2023M11", "2024M02") == [
        "2023M11",
        "2023M12",
        "2024M01",
        "2024M02",
    ]
    with pytest.raises(ValueError, match="after"):
        statfin.months_between("2024M01", "2023M12")
    with pytest.raises(ValueError, match="not a month"):
        statfin.months_between("2023-01", "2023M12")


@pytest.mark.parametrize(
    ("sizes", "limit"), [((309, 12, 2), 100), ((3, 400, 2), 7), ((1, 1, 5), 1)]
)
def test_a_split_asks_for_every_cell_once_within_the_limit(
    sizes: tuple[int, int, int], limit: int
) -> None:
    selection = {
        name: [f"{name}{i}" for i in range(n)] for name, n in zip("ABC", sizes, strict=True)
    }
    queries = statfin.split_selection(selection, limit)
    asked = [(a, b, c) for q in queries for a in q["A"] for b in q["B"] for c in q["C"]]
    assert all(math.prod(len(v) for v in q.values()) <= limit for q in queries)
    assert sorted(asked) == sorted(
        (a, b, c) for a in selection["A"] for b in selection["B"] for c in selection["C"]
    )

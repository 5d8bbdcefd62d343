"""GET /v1/unemployment-benefit/costs, the area's benefit compensation and its balance.

Expected figures are computed here from Kela's files with the csv module, and checked
against the reference data's per-municipality totals (areas' demo
`kymppi_municipalities.csv`: `kela_municipal_share_eur_2025`, `kela_cofinanced_recipients_2025`).
"""

import csv
from collections.abc import AsyncIterator, Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from funding.kela_testing import (
    CSV,
    KELA_TOTAL,
    KYMPPI_YEAR,
    MONTHLY_SAMPLE,
    detail_sum,
    subtotal_recipients,
)
from servicekit.peers import Peers

Auth = Callable[..., dict[str, str]]
REFERENCE = Path(__file__).parents[2] / "areas" / "areas" / "demo" / "kymppi_municipalities.csv"
IMPORTS = "/v1/unemployment-benefit/kela-imports"
COSTS = "/v1/unemployment-benefit/costs"
KYMPPI = ["005", "010", "052", "233", "300", "403", "408", "759", "934", "989"]
TOTAL = KELA_TOTAL
subtotal = subtotal_recipients


def reference_totals() -> dict[str, tuple[Decimal, int]]:
    with REFERENCE.open(encoding="utf-8") as f:
        return {
            r["code"]: (
                Decimal(r["kela_municipal_share_eur_2025"]),
                int(r["kela_cofinanced_recipients_2025"]),
            )
            for r in csv.DictReader(f)
        }


@pytest.fixture
async def kymppi_year(client: httpx.AsyncClient, auth: Auth) -> dict[str, Any]:
    answer = await client.post(
        IMPORTS, content=KYMPPI_YEAR.read_bytes(), headers={**auth("admin"), **CSV}
    )
    assert answer.status_code == 201
    body: dict[str, Any] = answer.json()
    return body


@pytest.fixture
async def monthly_sample(client: httpx.AsyncClient, auth: Auth) -> None:
    answer = await client.post(
        IMPORTS, content=MONTHLY_SAMPLE.read_bytes(), headers={**auth("admin"), **CSV}
    )
    assert answer.status_code == 201


async def test_kymppis_2025_costs_match_kelas_file_and_the_reference_totals(
    client: httpx.AsyncClient, auth: Auth, kymppi_year: dict[str, Any]
) -> None:
    answer = await client.get(
        COSTS,
        params={"area_id": "kymppi", "year": 2025},
        headers=auth("viewer", areas=["kymppi"]),
    )
    assert answer.status_code == 200, answer.text
    costs = answer.json()
    assert costs["codes"] == KYMPPI
    assert costs["on"] == "2025-12-31"
    assert costs["basis"] == "year_to_date"
    reference = reference_totals()
    groups = {g["key"]: g for g in costs["groups"]}
    assert sorted(groups) == KYMPPI
    for code in KYMPPI:
        assert Decimal(groups[code]["cost_eur"]) == detail_sum(KYMPPI_YEAR, kunta_nro=code)
        assert Decimal(groups[code]["cost_eur"]) == reference[code][0]
        assert groups[code]["recipients"] == reference[code][1]
    assert Decimal(costs["total_eur"]) == detail_sum(KYMPPI_YEAR)
    assert costs["recipients"] == sum(r for _, r in reference.values())
    assert {b["import_id"] for b in costs["bases"]} == {kymppi_year["id"]}


async def test_costs_by_benefit_and_class_take_recipients_from_the_subtotal_rows(
    client: httpx.AsyncClient, auth: Auth, kymppi_year: dict[str, Any]
) -> None:
    params: dict[str, str | int] = {"codes": "005,010", "year": 2025}
    by_benefit = await client.get(
        COSTS, params={**params, "group_by": "benefit"}, headers=auth("viewer")
    )
    groups = {g["key"]: g for g in by_benefit.json()["groups"]}
    subsidy = groups["labour_market_subsidy"]
    assert Decimal(subsidy["cost_eur"]) == detail_sum(
        KYMPPI_YEAR, etuus="Työmarkkinatuki", kunta_nro="005"
    ) + detail_sum(KYMPPI_YEAR, etuus="Työmarkkinatuki", kunta_nro="010")
    assert subsidy["recipients"] == subtotal(KYMPPI_YEAR, "005", "Työmarkkinatuki") + subtotal(
        KYMPPI_YEAR, "010", "Työmarkkinatuki"
    )
    by_class = await client.get(
        COSTS, params={**params, "group_by": "day_class"}, headers=auth("viewer")
    )
    classes = {g["key"]: g for g in by_class.json()["groups"]}
    assert sorted(classes) == ["101-200", "201-300", "301-400", "401-700", "701-"]
    assert classes["701-"]["recipients"] == subtotal(KYMPPI_YEAR, "005", TOTAL, "701-") + subtotal(
        KYMPPI_YEAR, "010", TOTAL, "701-"
    )
    class_counts = sum(g["recipients"] for g in classes.values())
    assert by_class.json()["recipients"] == subtotal(KYMPPI_YEAR, "005") + subtotal(
        KYMPPI_YEAR, "010"
    )
    assert class_counts > by_class.json()["recipients"]  # people are in several classes
    assert by_class.json()["total_eur"] == by_benefit.json()["total_eur"]


async def test_a_month_and_the_year_never_add_the_year_to_date_to_the_months(
    client: httpx.AsyncClient, auth: Auth, kymppi_year: dict[str, Any], monthly_sample: None
) -> None:
    # 005 has October's monthly rows (the sample) and the year to date through December.
    october = await client.get(
        COSTS, params={"codes": "005", "year": 2025, "month": 10}, headers=auth("viewer")
    )
    assert october.json()["basis"] == "monthly"
    assert Decimal(october.json()["total_eur"]) == detail_sum(MONTHLY_SAMPLE, kunta_nro="005")
    assert october.json()["recipients"] == subtotal(MONTHLY_SAMPLE, "005")
    year = await client.get(COSTS, params={"codes": "005", "year": 2025}, headers=auth("viewer"))
    assert year.json()["basis"] == "year_to_date"
    assert Decimal(year.json()["total_eur"]) == detail_sum(KYMPPI_YEAR, kunta_nro="005")
    by_month = await client.get(
        COSTS,
        params={"codes": "005,009", "year": 2025, "group_by": "month"},
        headers=auth("viewer"),
    )
    body = by_month.json()
    assert body["basis"] == "mixed"
    assert [g["key"] for g in body["groups"]] == ["2025-01/2025-12", "2025-10"]
    assert body["without_figures"] == []


async def test_municipalities_without_figures_are_named(
    client: httpx.AsyncClient, auth: Auth, kymppi_year: dict[str, Any]
) -> None:
    answer = await client.get(
        COSTS, params={"codes": "005,091", "year": 2024}, headers=auth("viewer")
    )
    body = answer.json()
    assert (body["total_eur"], body["basis"], body["groups"]) == ("0.00", None, [])
    assert body["without_figures"] == ["005", "091"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"year": 2025}, "area_id"),
        ({"year": 2025, "codes": "005", "area_id": "kymppi"}, "area_id"),
        ({"year": 2025, "codes": "5"}, "codes"),
        ({"year": 2025, "codes": "005", "on": "2025-01-01"}, "on"),
        # Not a Unix time (pydantic's reading of a number), only YYYY-MM-DD.
        ({"year": 2025, "area_id": "kymppi", "on": "0"}, "on"),
        ({"year": 2025, "codes": "005", "month": 13}, "month"),
        ({"year": 2025, "codes": "005", "group_by": "person"}, "group_by"),
    ],
)
async def test_bad_cost_queries_are_422(
    client: httpx.AsyncClient, auth: Auth, params: dict[str, str | int], field: str
) -> None:
    answer = await client.get(COSTS, params=params, headers=auth("viewer"))
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == [field]


async def test_another_areas_reader_gets_404(client: httpx.AsyncClient, auth: Auth) -> None:
    answer = await client.get(
        COSTS,
        params={"area_id": "kymppi", "year": 2025},
        headers=auth("planner", areas=["suupohja"]),
    )
    assert answer.status_code == 404
    balance = await client.get(
        "/v1/areas/kymppi/unemployment-benefit/balance",
        params={"year": 2025},
        headers=auth("planner", areas=["suupohja"]),
    )
    assert balance.status_code == 404


async def test_a_balance_on_a_number_instead_of_a_date_is_422(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    answer = await client.get(
        "/v1/areas/kymppi/unemployment-benefit/balance",
        params={"year": 2025, "on": "0"},
        headers=auth("planner", areas=["kymppi"]),
    )
    assert answer.status_code == 422, answer.text
    assert [e["field"] for e in answer.json()["errors"]] == ["on"]


@pytest.fixture
async def areas_down(app: FastAPI) -> AsyncIterator[None]:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    working = app.state.peers
    app.state.peers = Peers(
        {"areas": "http://areas.test"},
        timeout=0.5,
        transports={"areas": httpx.MockTransport(refuse)},
    )
    try:
        yield
    finally:
        await app.state.peers.aclose()
        app.state.peers = working


async def test_an_unreachable_areas_service_is_502_naming_it(
    client: httpx.AsyncClient, auth: Auth, areas_down: None
) -> None:
    answer = await client.get(
        COSTS, params={"area_id": "kymppi", "year": 2025}, headers=auth("viewer", areas=["kymppi"])
    )
    assert answer.status_code == 502
    problem = answer.json()
    assert problem["type"] == "/problems/dependency-unavailable"
    assert problem["service"] == "areas"
    assert "areas service" in problem["detail"]


COMPENSATION = "/v1/areas/kymppi/years/2025/benefit-compensation"


def compensations(**amounts: str) -> dict[str, Any]:
    return {
        "compensations": [
            {"municipality_code": code, "amount_eur": amount, "source": "estimate for the test"}
            for code, amount in amounts.items()
        ]
    }


async def test_compensation_is_created_then_replaced_only_with_its_etag(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    planner = auth("planner", areas=["kymppi"])
    created = await client.put(
        COMPENSATION, json=compensations(**{"005": "600000.00"}), headers=planner
    )
    assert created.status_code == 201, created.text
    etag = created.headers["ETag"]
    assert created.json()["total_eur"] == "600000.00"
    unconditional = await client.put(COMPENSATION, json=compensations(), headers=planner)
    assert unconditional.status_code == 428
    create_only = await client.put(
        COMPENSATION, json=compensations(), headers={**planner, "If-None-Match": "*"}
    )
    assert create_only.status_code == 412
    replaced = await client.put(
        COMPENSATION,
        json=compensations(**{"010": "1.50", "005": "2.25"}),
        headers={**planner, "If-Match": etag},
    )
    assert replaced.status_code == 200
    assert [c["municipality_code"] for c in replaced.json()["compensations"]] == ["005", "010"]
    assert replaced.json()["total_eur"] == "3.75"
    stale = await client.put(
        COMPENSATION, json=compensations(), headers={**planner, "If-Match": etag}
    )
    assert stale.status_code == 412
    read = await client.get(COMPENSATION, headers=auth("viewer", areas=["kymppi"]))
    assert read.headers["ETag"] == replaced.headers["ETag"]
    assert read.json() == replaced.json()


async def test_compensation_tenancy_and_bad_input(client: httpx.AsyncClient, auth: Auth) -> None:
    other = await client.put(
        COMPENSATION, json=compensations(), headers=auth("planner", areas=["suupohja"])
    )
    assert other.status_code == 404
    other_read = await client.get(COMPENSATION, headers=auth("planner", areas=["suupohja"]))
    assert other_read.status_code == 404
    viewer = await client.put(
        COMPENSATION, json=compensations(), headers=auth("viewer", areas=["kymppi"])
    )
    assert viewer.status_code == 403
    twice = await client.put(
        COMPENSATION,
        json=compensations(**{"005": "1.00"})
        | {
            "compensations": [
                {"municipality_code": "005", "amount_eur": "1.00", "source": "a"},
                {"municipality_code": "005", "amount_eur": "2.00", "source": "b"},
            ]
        },
        headers=auth("planner", areas=["kymppi"]),
    )
    assert twice.status_code == 422
    assert [e["field"] for e in twice.json()["errors"]] == ["compensations.1.municipality_code"]
    cents = await client.put(
        COMPENSATION,
        json=compensations(**{"005": "1.001"}),
        headers=auth("planner", areas=["kymppi"]),
    )
    assert cents.status_code == 422
    none_yet = await client.get(COMPENSATION, headers=auth("viewer", areas=["kymppi"]))
    assert none_yet.status_code == 404


async def test_the_balance_sets_compensation_against_kelas_cost_per_member(
    client: httpx.AsyncClient, auth: Auth, kymppi_year: dict[str, Any]
) -> None:
    planner = auth("planner", areas=["kymppi"])
    written = await client.put(
        COMPENSATION,
        json=compensations(**{"005": "700000.00", "010": "1000000.00"}),
        headers=planner,
    )
    assert written.status_code == 201
    answer = await client.get(
        "/v1/areas/kymppi/unemployment-benefit/balance",
        params={"year": 2025, "employ": 2, "day_class": "401-700"},
        headers=planner,
    )
    assert answer.status_code == 200, answer.text
    balance = answer.json()
    members = {m["municipality_code"]: m for m in balance["members"]}
    assert sorted(members) == KYMPPI
    cost_005 = detail_sum(KYMPPI_YEAR, kunta_nro="005")
    assert Decimal(members["005"]["cost_eur"]) == cost_005
    assert Decimal(members["005"]["difference_eur"]) == Decimal("700000.00") - cost_005
    cost_233 = detail_sum(KYMPPI_YEAR, kunta_nro="233")
    assert members["233"]["compensation_eur"] is None
    assert Decimal(members["233"]["difference_eur"]) == -cost_233
    assert Decimal(balance["cost_total_eur"]) == detail_sum(KYMPPI_YEAR)
    assert balance["compensation_total_eur"] == "1700000.00"
    difference = Decimal("1700000.00") - detail_sum(KYMPPI_YEAR)
    assert Decimal(balance["difference_total_eur"]) == difference
    # Two people who have just reached day 401, a year of 260 benefit days at 37.21 €:
    # days 401-660, all at 40 % (DOMAIN.md §2).
    (saving,) = balance["savings"]
    per_person = (260 * Decimal("37.21") * Decimal("0.40")).quantize(Decimal("0.01"))
    assert (saving["day_class"], saving["persons"]) == ("401-700", 2)
    assert Decimal(saving["per_person_eur"]) == per_person
    assert Decimal(saving["saving_eur"]) == 2 * per_person
    assert Decimal(saving["difference_total_after_eur"]) == difference + 2 * per_person
    every_class = await client.get(
        "/v1/areas/kymppi/unemployment-benefit/balance", params={"year": 2025}, headers=planner
    )
    assert [s["day_class"] for s in every_class.json()["savings"]] == [
        "101-200",
        "201-300",
        "301-400",
        "401-700",
        "701-",
    ]
    bad_class = await client.get(
        "/v1/areas/kymppi/unemployment-benefit/balance",
        params={"year": 2025, "day_class": "1-100"},
        headers=planner,
    )
    assert bad_class.status_code == 422

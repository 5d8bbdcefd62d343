"""The caseload analysis through the API, on data written through the API."""

from collections.abc import Callable
from typing import Any

import httpx

AREA = "/v1/areas/kymppi"
Auth = Callable[..., dict[str, str]]


def staff(line: str | None, **changes: Any) -> dict[str, Any]:
    body = {
        "fte": 1,
        "function": "customer_service" if line else "common_services",
        "service_line": line,
        "origin": "state_transfer",
        "start_date": "2025-01-01",
        "title": "Asiantuntija",
    }
    return {**body, **changes}


async def test_each_line_against_its_target_with_totals_offices_segments_and_trend(
    client: httpx.AsyncClient, planner: dict[str, str], viewer: dict[str, str]
) -> None:
    for body in [
        staff("competence_services", office_id=1),
        staff("competence_services", end_date="2025-06-15"),
        staff("multi_sectoral_services", fte=0.8, office_id=1),
        staff(None),
    ]:
        response = await client.post(f"{AREA}/staff", json=body, headers=planner)
        assert response.status_code == 201, response.text
    counts = [
        {
            "municipality_code": "233",
            "service_line": "competence_services",
            "segment": "all",
            "customers": 340,
        },
        {
            "municipality_code": "233",
            "service_line": "competence_services",
            "segment": "over_50",
            "customers": 100,
        },
        {
            "municipality_code": "005",
            "service_line": "multi_sectoral_services",
            "segment": "all",
            "customers": 200,
        },
        {
            "municipality_code": "005",
            "service_line": "multi_sectoral_services",
            "segment": "under_25",
            "customers": 30,
        },
        {"municipality_code": "005", "service_line": "youth", "segment": "all", "customers": 40},
    ]
    for month in ("2025-05", "2025-06"):
        put = await client.put(
            f"{AREA}/customers/{month}", json={"counts": counts}, headers=planner
        )
        assert put.status_code == 201, put.text

    response = await client.get(f"{AREA}/caseload?month=2025-06&uniform_target=130", headers=viewer)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert (answer["month"], answer["customers_recorded"]) == ("2025-06", True)
    lines = {line["service_line"]: line for line in answer["lines"]}
    # 1 FTE all June + 1 FTE to the 15th of 30 days = 1.5; 340 / 170 = 2.00 needed.
    assert lines["competence_services"] == {
        "service_line": "competence_services",
        "name_fi": "Osaamispalvelut",
        "customers": 340,
        "fte": 1.5,
        "customers_per_fte": 226.67,
        "target": 170,
        "fte_needed": 2.0,
        "fte_gap": -0.5,
        "status": "over_target",
    }
    # 200 / 130 = 1.538 -> 1.54.
    assert (
        lines["multi_sectoral_services"]["fte_needed"],
        lines["multi_sectoral_services"]["status"],
    ) == (1.54, "over_target")
    assert (lines["youth"]["status"], lines["youth"]["fte_needed"]) == ("no_staff", None)
    assert (lines["job_matching"]["customers"], lines["job_matching"]["status"]) == (0, "no_target")
    assert answer["totals"] == {"customers": 580, "fte": 2.3, "fte_needed": 3.54}
    assert answer["by_office"] == [
        {
            "office_id": 1,
            "fte": 1.8,
            "lines": [
                {"service_line": "competence_services", "fte": 1.0},
                {"service_line": "multi_sectoral_services", "fte": 0.8},
            ],
        }
    ]
    segments = {s["segment"]: s["customers"] for s in answer["segments"]}
    assert segments == {
        "all": 580,
        "long_term_unemployed": 0,
        "under_25": 30,
        "over_50": 100,
        "foreign_language": 0,
    }
    assert [p["month"] for p in answer["trend"]][0::11] == ["2024-07", "2025-06"]
    trend = {p["month"]: p for p in answer["trend"]}
    assert trend["2025-04"]["customers"] is None
    assert trend["2024-12"]["fte"] == 0.0
    assert trend["2025-05"] == {
        "month": "2025-05",
        "customers": 580,
        "fte": 2.8,
        "fte_needed": 3.54,
    }
    # 580 / 130 = 4.46 against all 2.3 customer-service FTE.
    assert answer["uniform"] == {
        "target": 130,
        "customers": 580,
        "fte_needed": 4.46,
        "fte": 2.3,
        "fte_gap": -2.16,
        "status": "over_target",
    }


async def test_a_month_without_counts_or_staff_answers_zeros_and_says_so(
    client: httpx.AsyncClient, viewer: dict[str, str]
) -> None:
    response = await client.get(f"{AREA}/caseload?month=2030-01", headers=viewer)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["customers_recorded"] is False
    assert answer["uniform"] is None
    assert {line["status"] for line in answer["lines"]} == {"within_target", "no_target"}
    assert answer["totals"] == {"customers": 0, "fte": 0.0, "fte_needed": 0.0}


async def test_bad_queries_and_other_areas(
    client: httpx.AsyncClient, viewer: dict[str, str], auth: Auth
) -> None:
    for query in ("month=2025-13", "month=1999-12", "month=2025-6", "uniform_target=0"):
        response = await client.get(f"{AREA}/caseload?{query}", headers=viewer)
        assert response.status_code == 422, query
    outsider = auth("viewer", areas=["porvoo"])
    assert (await client.get(f"{AREA}/caseload", headers=outsider)).status_code == 404
    assert (await client.get(f"{AREA}/caseload")).status_code == 401

"""What the system's gates need to know of the caseload service."""

from typing import Any

from servicekit.contract import BulkWrite, MutableResource

# The Kymppi members (the areas service's demo area), whose customers the bulk write counts.
KYMPPI_CODES = ("005", "010", "052", "233", "300", "403", "408", "759", "934", "989")


def _position(n: int) -> dict[str, Any]:
    return {
        "fte": 1,
        "function": "customer_service",
        "service_line": "job_matching",
        "origin": "municipal",
        "start_date": "2025-01-01",
        "title": f"Portti {n}",
    }


def _customers(mark: int) -> dict[str, Any]:
    line = {"service_line": "job_matching", "segment": "all", "customers": mark}
    counts = [{**line, "municipality_code": code} for code in KYMPPI_CODES]
    return {"counts": counts, "source": "concurrency gate"}


# The concurrency gate's resource (servicekit.contract.MutableResource): a staff position,
# and a month's customer counts, one row per member (a month no demo count has).
MUTABLE_RESOURCE = MutableResource(
    collection="/v1/areas/kymppi/staff",
    new=_position,
    replaced=lambda body, i: {**body, "title": f"Kierros {i}"},
    bulk=BulkWrite(
        path="/v1/areas/kymppi/customers/2039-01",
        body=_customers,
        marks=lambda answer: [row["customers"] for row in answer["counts"]],
        rows=len(KYMPPI_CODES),
    ),
    areas=("kymppi",),
)

"""What the system's gates need to know of the funding service."""

from typing import Any

from servicekit.contract import BulkWrite, MutableResource

# The Kymppi members (the areas service's demo area), whose subsidies the bulk write sets.
KYMPPI_CODES = ("005", "010", "052", "233", "300", "403", "408", "759", "934", "989")


def _subsidies(mark: int) -> dict[str, Any]:
    row = {"te_subsidy_eur": f"{mark}.00", "kind": "final", "source": "concurrency gate"}
    return {"subsidies": [{**row, "municipality_code": code} for code in KYMPPI_CODES]}


# The concurrency gate's resource (servicekit.contract.MutableResource): a budget of a year
# no demo budget has, its lines replaced; and a year's subsidies, one row per member.
MUTABLE_RESOURCE = MutableResource(
    collection="/v1/areas/kymppi/budgets",
    new=lambda n: {"year": 2040 + n, "cap_share": "0.95"},
    put_path="{resource}/lines",
    replaced=lambda body, i: {
        "lines": [{"category": "personnel", "amount_eur": f"{1000 + i}.00", "note": f"{i}"}],
        "planning_years": [
            {
                "year": body["year"] + 1,
                "contributions_total_eur": "5400000.00",
                "expenditure_eur": "5000000.00",
            }
        ],
    },
    bulk=BulkWrite(
        path="/v1/areas/kymppi/years/2039/subsidies",
        body=_subsidies,
        marks=lambda answer: [row["te_subsidy_eur"] for row in answer["subsidies"]],
        rows=len(KYMPPI_CODES),
    ),
    areas=("kymppi",),
)

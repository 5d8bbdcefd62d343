"""What the KEHA stand-in serves: Kymppi's demo figures, as the caseload service's demo has them.

Customer counts: June 2023 is the organisation plan's 3,762 jobseekers (plan §2.3) and
2024-2026 month by month the caseload demo's estimate (June 2023 x its assumed seasonal
factor, the same every year), split over members, lines and segments as that demo splits
them; so importing 2025 into the demo data changes nothing, and 2024 or 2026 is new. The
staff transfer list is the demo's 40 positions from the state, each with the platform id
the demo gives it (`caseload.demo.transfer_id`). Estimates all: see `caseload.demo`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from caseload.demo import (
    AREA_ID,
    PLAN_JOBSEEKERS,
    PLAN_MONTH,
    SEASONAL_2025,
    demo_positions,
    member_weights,
    split_customers,
    transfer_id,
)
from caseload.rules.caseload import half_up
from caseload.rules.months import Month

YEARS = (2024, 2025, 2026)


def monthly_total(month: Month) -> int:
    if month == PLAN_MONTH:
        return PLAN_JOBSEEKERS
    factor = SEASONAL_2025[month.month - 1]
    return int(half_up(Fraction(PLAN_JOBSEEKERS * factor, 100), 0))


def customer_counts() -> dict[str, list[dict[str, Any]]]:
    """Month `YYYY-MM` -> its rows, sorted as the platform answers them."""
    weights = member_weights()
    months = [PLAN_MONTH, *Month(YEARS[0], 1).until(Month(YEARS[-1], 12))]
    served: dict[str, list[dict[str, Any]]] = {}
    for month in months:
        rows = [
            {"month": str(month), **row} for row in split_customers(monthly_total(month), weights)
        ]
        served[str(month)] = sorted(rows, key=row_order)
    return served


def row_order(row: dict[str, Any]) -> tuple[str, str, str, str]:
    return (row["month"], row["municipality_code"], row["service_line"], row["segment"])


def staff_transfers() -> list[dict[str, Any]]:
    return [
        {
            "position_id": transfer_id(index),
            "fte": float(position.fte),
            "function": position.function,
            "service_line": position.service_line,
            "origin": position.origin,
            "start_date": position.start_date.isoformat(),
            "title": position.title,
        }
        for index, position in enumerate(demo_positions())
    ]


@dataclass
class AreaData:
    counts: dict[str, list[dict[str, Any]]] = field(default_factory=customer_counts)
    positions: list[dict[str, Any]] = field(default_factory=staff_transfers)

    def counts_between(self, first: str, last: str) -> list[dict[str, Any]]:
        return [row for month in sorted(self.counts) if first <= month <= last
                for row in self.counts[month]]  # fmt: skip

    def positions_starting(self, first: dt.date, last: dt.date) -> list[dict[str, Any]]:
        chosen = [
            p for p in self.positions if first <= dt.date.fromisoformat(p["start_date"]) <= last
        ]
        return sorted(chosen, key=lambda p: str(p["position_id"]))


def demo_areas() -> dict[str, AreaData]:
    """The areas the platform knows, by the code it knows them by."""
    return {AREA_ID: AreaData()}

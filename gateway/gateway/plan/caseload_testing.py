"""A caseload service for the plan's tests, behind `httpx.MockTransport`, in the contract's JSON.

It answers as the README's section "The caseload service" shows, with the demo's figures
for Kymppi: the default service lines (competence services 170, multi-sectoral services
130, the others without a target), 40 positions from the state from 1.1.2025 (30 FTE of
customer service over the lines, 10 of common services), June 2023 and every month of
2025 with the same 3,762 customers over the lines and segments, and the scenario
"Kauhava +270". The analysis is worked out here from those figures the way the contract
says (customers / target, two decimals, half up), so a test can change the lines, the
months recorded or the scenarios and get a consistent answer. Any area but `area`
(Kymppi, unless a test says otherwise) has nothing recorded: the default lines, no staff,
no customers and no scenarios, as the service answers reads for it. Every request is
recorded, and any path can be made to fail or to take its time.
"""

from __future__ import annotations

import asyncio
import json
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import httpx

AREA = "kymppi"
LINES: list[tuple[str, str, int | None]] = [
    ("competence_services", "Osaamispalvelut", 170),
    ("multi_sectoral_services", "Monialaiset palvelut", 130),
    ("job_matching", "Työnvälityspalvelut", None),
    ("employer_services", "Työnantajapalvelut", None),
    ("integration", "Kotoutumispalvelut", None),
    ("youth", "Nuorten palvelut", None),
    ("career_guidance", "Ammatinvalinta- ja uraohjaus", None),
]
# June 2023's 3,762 jobseekers (plan §2.3) by line, as the demo splits them.
CUSTOMERS = {
    "competence_services": 940,
    "multi_sectoral_services": 753,
    "job_matching": 1316,
    "employer_services": 0,
    "integration": 226,
    "youth": 339,
    "career_guidance": 188,
}
SEGMENTS = {"long_term_unemployed": 1128, "under_25": 453, "over_50": 1502}
SEGMENTS |= {"foreign_language": 259}
# Customer-service FTE by line from 1.1.2025 (30 in all), and 10 of common services.
FTE = {"competence_services": 9, "multi_sectoral_services": 7, "job_matching": 8}
FTE |= {"employer_services": 2, "integration": 2, "youth": 1, "career_guidance": 1}
COMMON_SERVICES = 10
STAFF_FROM = "2025-01"
SOURCE = "Estimate: June 2023's 3,762 jobseekers (plan section 2.3), split by assumed shares"
SCENARIO = "Kauhava +270 monialaisten palvelujen asiakasta"
SCENARIO_NOTE = "Plan §7: the air force academy's 270 jobs, as multi-sectoral customers."
ANNUAL_COST = Decimal("60000.00")
_AREA_PATH = re.compile(r"^/v1/areas/([a-z0-9-]+)/(.+)$")
_CENT = Decimal("0.01")


def months_2025() -> set[str]:
    return {f"2025-{n:02d}" for n in range(1, 13)}


def shifted(month: str, months: int) -> str:
    year, number = (int(p) for p in month.split("-"))
    index = year * 12 + number - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def hundredths(value: Decimal) -> float:
    return float(value.quantize(_CENT, rounding=ROUND_HALF_UP))


def needed(customers: int, target: int | None) -> float | None:
    """customers / target, two decimals, half up (DOMAIN.md §3)."""
    return None if target is None else hundredths(Decimal(customers) / Decimal(target))


def _status(customers: int, fte: float, need: float | None) -> str:
    if customers and not fte:
        return "no_staff"
    if need is None:
        return "no_target"
    return "within_target" if fte >= need else "over_target"


def _not_found(detail: str) -> tuple[int, Any]:
    return 404, {"type": "/problems/not-found", "title": "Not Found", "status": 404} | {
        "detail": detail
    }


class CaseloadStandIn:
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.failing: dict[str, int] = {}  # path -> status it answers instead
        self.slow: dict[str, float] = {}  # path -> seconds it waits first
        self.unreachable = False
        self.lines = list(LINES)
        self.recorded = {"2023-06"} | months_2025()  # Kymppi's months with customer counts
        self.scenarios = True  # whether Kymppi has the Kauhava scenario
        self.area = AREA  # the area with these figures

    def targets(self) -> dict[str, int | None]:
        return {key: target for key, _, target in self.lines}

    def staffed(self, area_id: str, month: str) -> bool:
        return area_id == self.area and month >= STAFF_FROM

    def line_fte(self, area_id: str, month: str) -> dict[str, float]:
        return {k: float(FTE.get(k, 0) if self.staffed(area_id, month) else 0) for k, *_ in LINES}

    def customers(self, area_id: str, month: str) -> dict[str, int] | None:
        if area_id != self.area or month not in self.recorded:
            return None
        return dict(CUSTOMERS)

    # GET /v1/areas/{id}/service-lines

    def service_lines(self) -> list[dict[str, Any]]:
        return [{"key": k, "name_fi": n, "target_customers_per_fte": t} for k, n, t in self.lines]

    # GET /v1/areas/{id}/staff/summary?on=

    def summary(self, area_id: str, on: str) -> dict[str, Any]:
        staffed = self.staffed(area_id, on[:7])
        customer = sum(FTE.values()) if staffed else 0
        common = COMMON_SERVICES if staffed else 0
        total = customer + common
        functions = [("customer_service", customer), ("common_services", common)]
        functions += [("management", 0)]
        origins = [("state_transfer", total), ("municipal", 0), ("new_hire", 0)]
        lines = [(k, FTE.get(k, 0) if staffed else 0) for k, *_ in self.lines]
        return {
            "area_id": area_id,
            "on": on,
            "positions": total,
            "fte": float(total),
            "by_function": [{"function": f, "positions": n, "fte": float(n)} for f, n in functions],
            "by_origin": [{"origin": o, "positions": n, "fte": float(n)} for o, n in origins],
            "by_service_line": [
                {"service_line": k, "positions": n, "fte": float(n)} for k, n in lines if n
            ],
            "by_office": [{"office_id": None, "positions": total, "fte": float(total)}]
            if total
            else [],
        }

    # GET /v1/areas/{id}/caseload?month=&uniform_target=

    def caseload(self, area_id: str, month: str, uniform_target: int | None) -> dict[str, Any]:
        counts = self.customers(area_id, month) or {}
        fte = self.line_fte(area_id, month)
        names = {k: n for k, n, _ in self.lines}
        lines: list[dict[str, Any]] = []
        for key, target in self.targets().items():
            customers, staff = counts.get(key, 0), fte.get(key, 0.0)
            need = needed(customers, target)
            lines.append(
                {
                    "service_line": key,
                    "name_fi": names[key],
                    "customers": customers,
                    "fte": staff,
                    "customers_per_fte": hundredths(Decimal(customers) / Decimal(staff))
                    if staff
                    else None,
                    "target": target,
                    "fte_needed": need,
                    "fte_gap": None if need is None else round(staff - need, 2),
                    "status": _status(customers, staff, need),
                }
            )
        total = sum(counts.values())
        staff_total = sum(fte.values())
        need_total = round(sum(line["fte_needed"] or 0 for line in lines), 2)
        segments = [{"segment": "all", "customers": total}]
        segments += [{"segment": s, "customers": n if counts else 0} for s, n in SEGMENTS.items()]
        body: dict[str, Any] = {
            "area_id": area_id,
            "month": month,
            "customers_recorded": bool(counts),
            "lines": lines,
            "totals": {"customers": total, "fte": staff_total, "fte_needed": need_total},
            "segments": segments,
            "by_office": [],
            "trend": [self._trend_point(area_id, shifted(month, -n)) for n in range(11, -1, -1)],
            "uniform": None,
        }
        if uniform_target is not None:
            need = needed(total, uniform_target) or 0.0
            body["uniform"] = {
                "target": uniform_target,
                "customers": total,
                "fte_needed": need,
                "fte": staff_total,
                "fte_gap": round(staff_total - need, 2),
                "status": _status(total, staff_total, need),
            }
        return body

    def _trend_point(self, area_id: str, month: str) -> dict[str, Any]:
        counts = self.customers(area_id, month)
        fte = sum(self.line_fte(area_id, month).values())
        if counts is None:
            return {"month": month, "customers": None, "fte": fte, "fte_needed": None}
        need = sum(needed(counts[k], t) or 0 for k, t in self.targets().items() if k in counts)
        return {
            "month": month,
            "customers": sum(counts.values()),
            "fte": fte,
            "fte_needed": round(need, 2),
        }

    # GET /v1/areas/{id}/customers/{month}

    def customer_month(self, area_id: str, month: str) -> tuple[int, Any]:
        counts = self.customers(area_id, month)
        if counts is None:
            return _not_found(f"No customer counts for {month}.")
        rows = [
            {"municipality_code": "233", "service_line": k, "segment": "all", "customers": n}
            for k, n in counts.items()
        ]
        return 200, {
            "area_id": area_id,
            "month": month,
            "source": SOURCE,
            "is_estimate": True,
            "counts": rows,
            "updated_at": "2025-07-01T08:00:00Z",
        }

    # GET /v1/areas/{id}/scenarios, .../scenarios/1, .../scenarios/1/result

    def has_scenario(self, area_id: str) -> bool:
        return area_id == self.area and self.scenarios

    def scenario_summary(self, area_id: str) -> dict[str, Any]:
        return {
            "id": 1,
            "area_id": area_id,
            "name": SCENARIO,
            "base_month": "2025-06",
            "months": 12,
            "annual_cost_per_fte_eur": str(ANNUAL_COST),
            "uniform_target": 130,
            "created_at": "2025-06-01T08:00:00Z",
        }

    def scenario(self, area_id: str) -> dict[str, Any]:
        change: dict[str, Any] = {"municipality_code": "233"}
        change |= {"service_line": "multi_sectoral_services"}
        change |= {"customers": 270, "from_month": "2025-06", "to_month": None}
        return self.scenario_summary(area_id) | {
            "note": SCENARIO_NOTE,
            "changes": [change],
            "created_by": "planner",
        }

    def result(self, area_id: str) -> dict[str, Any]:
        monthly = [self._scenario_month(area_id, shifted("2025-06", n)) for n in range(12)]
        total = sum((Decimal(m["totals"]["cost_eur"]) for m in monthly), Decimal(0))
        uniform = sum((Decimal(m["uniform"]["cost_eur"]) for m in monthly), Decimal(0))
        return {
            "scenario_id": 1,
            "area_id": area_id,
            "name": SCENARIO,
            "base_month": "2025-06",
            "months": 12,
            "annual_cost_per_fte_eur": str(ANNUAL_COST),
            "uniform_target": 130,
            "monthly": monthly,
            "total_cost_eur": str(total),
            "uniform_total_cost_eur": str(uniform),
        }

    def _scenario_month(self, area_id: str, month: str) -> dict[str, Any]:
        base = self.customers(area_id, "2025-06") or {}
        fte = self.line_fte(area_id, month)
        lines: list[dict[str, Any]] = []
        for key, target in self.targets().items():
            before = base.get(key, 0)
            after = before + (270 if key == "multi_sectoral_services" else 0)
            need = needed(after, target)
            gap = None if need is None else round(fte[key] - need, 2)
            lines.append(
                {
                    "service_line": key,
                    "baseline_customers": before,
                    "customers": after,
                    "target": target,
                    "baseline_fte_needed": needed(before, target),
                    "fte_needed": need,
                    "fte": fte[key],
                    "fte_gap": gap,
                    "cost_eur": str(self._cost(gap)),
                }
            )
        before_total = sum(line["baseline_customers"] for line in lines)
        after_total = sum(line["customers"] for line in lines)
        staff = sum(fte.values())
        uniform_need = needed(after_total, 130) or 0.0
        uniform_gap = round(staff - uniform_need, 2)
        return {
            "month": month,
            "lines": lines,
            "totals": {
                "baseline_customers": before_total,
                "customers": after_total,
                "baseline_fte_needed": round(
                    sum(line["baseline_fte_needed"] or 0 for line in lines), 2
                ),
                "fte_needed": round(sum(line["fte_needed"] or 0 for line in lines), 2),
                "fte": staff,
                "cost_eur": str(sum((Decimal(line["cost_eur"]) for line in lines), Decimal(0))),
            },
            "uniform": {
                "target": 130,
                "baseline_customers": before_total,
                "customers": after_total,
                "baseline_fte_needed": needed(before_total, 130),
                "fte_needed": uniform_need,
                "fte": staff,
                "fte_gap": uniform_gap,
                "cost_eur": str(self._cost(uniform_gap)),
            },
        }

    @staticmethod
    def _cost(gap: float | None) -> Decimal:
        """Closing a shortage for a month: shortfall x annual cost / 12, to the cent."""
        if gap is None or gap >= 0:
            return Decimal("0.00")
        shortfall = Decimal(repr(-gap))
        return (shortfall * ANNUAL_COST / 12).quantize(_CENT, rounding=ROUND_HALF_UP)

    def answers(self, path: str, params: httpx.QueryParams) -> tuple[int, Any]:
        match = _AREA_PATH.match(path)
        if match is None:
            return _not_found(f"No {path}.")
        area_id, rest = match.groups()
        if rest == "service-lines":
            return 200, self.service_lines()
        if rest == "staff/summary":
            return 200, self.summary(area_id, params["on"])
        if rest == "caseload":
            uniform = params.get("uniform_target")
            return 200, self.caseload(area_id, params["month"], int(uniform) if uniform else None)
        if rest.startswith("customers/"):
            return self.customer_month(area_id, rest.removeprefix("customers/"))
        if rest == "scenarios":
            items = [self.scenario_summary(area_id)] if self.has_scenario(area_id) else []
            return 200, {"items": items, "next_cursor": None}
        if rest == "scenarios/1" and self.has_scenario(area_id):
            return 200, self.scenario(area_id)
        if rest == "scenarios/1/result" and self.has_scenario(area_id):
            return 200, self.result(area_id)
        return _not_found(f"No {path}.")

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        if self.unreachable:
            raise httpx.ConnectError("refused", request=request)
        if path in self.slow:
            await asyncio.sleep(self.slow[path])
        if path in self.failing:
            status = self.failing[path]
            problem = {"type": "about:blank", "title": "Broken", "status": status}
            status, body = status, problem | {"detail": "caseload broke"}
        else:
            status, body = self.answers(path, request.url.params)
        # A stream, as a real transport gives: the gateway reads replies with `aiter_raw`.
        return httpx.Response(status, stream=httpx.ByteStream(json.dumps(body).encode()))

    def asked(self) -> list[tuple[str, str]]:
        return [(r.url.path, str(r.url.params)) for r in self.requests]

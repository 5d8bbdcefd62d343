"""A funding service for the plan's tests, behind `httpx.MockTransport`, in the contract's JSON.

It answers for the areas in `recorded` (default: Kymppi, with the members of the areas
stand-in, 005, 010 and 233) and the year 2025: subsidies of both kinds, an approved
budget under the cap with two planning years, the calendar, the costs of unemployment
benefits by member and by day class (Kela's 2025 year-to-date figures of those members,
`kela_share_2025_kymppi_year.csv`) and the balance against a compensation. Another year,
or another area, has no subsidies, budget or compensation (404) and no Kela figures.
Every request is recorded, and any path can be made to fail or to take its time.
"""

from __future__ import annotations

import asyncio
import json
import re
from decimal import Decimal
from typing import Any

import httpx

YEAR = 2025
CAP_SHARE = Decimal("0.95")
# code -> (preliminary_spring, final or None)
SUBSIDIES = {
    "005": (Decimal("1234567.89"), Decimal("1240000.00")),
    "010": (Decimal("1456789.01"), None),
    "233": (Decimal("1987654.32"), Decimal("1990000.50")),
}
SUBSIDY_SOURCE = "Estimate: allocation run over the members' demo statistics"
LINES = [
    ("personnel", "2800000.00", "about 40 FTE from the state"),
    ("premises", "350000.00", ""),
    ("ict", "420000.00", ""),
    ("procured_services", "600000.00", ""),
    ("change_security_reserve", "120000.00", "sudden structural change"),
    ("other", "50000.00", ""),
]
# Kela 2025, Vuosikertymä, etuus Yhteensä: code -> {class: (recipients, euros)}
KELA = {
    "005": {
        "101-200": (198, "33998.42"),
        "201-300": (147, "56044.33"),
        "301-400": (113, "71729.05"),
        "401-700": (122, "150126.21"),
        "701-": (132, "346371.52"),
        "Yhteensä": (440, "658269.53"),
    },
    "010": {
        "101-200": (275, "55524.55"),
        "201-300": (233, "101124.78"),
        "301-400": (173, "107938.17"),
        "401-700": (156, "215802.75"),
        "701-": (190, "599569.15"),
        "Yhteensä": (633, "1079959.40"),
    },
    "233": {
        "101-200": (255, "49063.05"),
        "201-300": (207, "81782.53"),
        "301-400": (165, "111506.34"),
        "401-700": (196, "321811.85"),
        "701-": (202, "587618.93"),
        "Yhteensä": (650, "1151782.70"),
    },
}
PLANNING_YEARS = [(2026, "4750000.00", "4500000.00"), (2027, "4800000.00", "4560000.00")]
_AREA_PATH = re.compile(r"^/v1/areas/([a-z0-9-]+)/(.+)$")
COMPENSATION = {"005": "700000.00", "010": "1000000.00", "233": "1200000.00"}


def eur(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


def subsidies(area_id: str = "kymppi") -> dict[str, Any]:
    rows: list[dict[str, Any]] = [
        {"municipality_code": code, "te_subsidy_eur": eur(amount), "kind": kind}
        | {"source": SUBSIDY_SOURCE, "allocation_id": None}
        for code, (spring, final) in SUBSIDIES.items()
        for kind, amount in (("preliminary_spring", spring), ("final", final))
        if amount is not None
    ]
    contributions = [
        {"municipality_code": code, "contribution_eur": eur(final or spring)}
        | {"kind": "final" if final is not None else "preliminary_spring"}
        for code, (spring, final) in SUBSIDIES.items()
    ]
    total = sum((Decimal(c["contribution_eur"]) for c in contributions), Decimal(0))
    return {
        "area_id": area_id,
        "year": YEAR,
        "subsidies": rows,
        "contributions": contributions,
        "contributions_total_eur": eur(total),
    }


def budget(area_id: str = "kymppi", lines: list[tuple[str, str, str]] = LINES) -> dict[str, Any]:
    read = subsidies(area_id)
    expenditure = sum((Decimal(a) for _, a, _ in lines), Decimal(0))
    preliminary = sum((spring for spring, _ in SUBSIDIES.values()), Decimal(0))
    cap = (CAP_SHARE * preliminary).quantize(Decimal("0.01"))
    reserve = sum((Decimal(a) for c, a, _ in lines if c == "change_security_reserve"), Decimal(0))
    findings = []
    if not reserve:
        detail = "The budget has no change-security reserve line (plan §7)."
        findings.append({"code": "no_change_security_reserve", "blocking": True})
        findings[-1] |= {"detail": detail, "municipality_code": None}
    return {
        "area_id": area_id,
        "year": YEAR,
        "version": 1,
        "status": "approved",
        "cap_share": str(CAP_SHARE),
        "proposed_on": "2024-08-20",
        "approved_on": "2024-10-10",
        "amends_version": None,
        "lines": [{"category": c, "amount_eur": a, "note": n} for c, a, n in lines],
        "planning_years": [
            {"year": y, "contributions_total_eur": c, "expenditure_eur": e}
            for y, c, e in PLANNING_YEARS
        ],
        "expenditure_total_eur": eur(expenditure),
        "contributions": read["contributions"],
        "contributions_total_eur": read["contributions_total_eur"],
        "preliminary_subsidies_total_eur": eur(preliminary),
        "cap_eur": eur(cap),
        "headroom_eur": eur(cap - expenditure),
        "change_security_reserve_eur": eur(reserve),
        "change_security_reserve_share": str((reserve / expenditure).quantize(Decimal("0.0001"))),
        "findings": findings,
    }


def calendar(area_id: str, year: int, today: str, recorded: bool) -> dict[str, Any]:
    """The 2025 budget's deadlines are done (proposed and approved in time); others open."""
    deadlines = [
        ("preliminary_proposal", "Preliminary proposal to the members", "08-31", "2024-08-20"),
        ("approved_budget", "Budget and financial plan approved", "10-15", "2024-10-10"),
    ]
    rows: list[dict[str, Any]] = []
    for key, title, due, done_on in deadlines:
        done = recorded and year == YEAR
        rows.append(
            {"key": key, "title": title, "due": f"{year - 1}-{due}"}
            | {"status": "done" if done else "open", "done_on": done_on if done else None}
        )
    return {"area_id": area_id, "year": year, "today": today, "deadlines": rows}


def costs(area_id: str, year: int, group_by: str, recorded: bool) -> dict[str, Any]:
    codes = sorted(KELA)
    figures = recorded and year == YEAR
    totals = {c: KELA[c]["Yhteensä"] for c in codes} if figures else {}
    if group_by == "municipality":
        groups = [
            {"key": c, "cost_eur": euros, "recipients": recipients}
            for c, (recipients, euros) in totals.items()
        ]
    else:
        # In the service's order, which need not be the day classes' own: "701-" first.
        classes = ["701-", "101-200", "201-300", "301-400", "401-700"] if figures else []
        groups = [
            {
                "key": k,
                "cost_eur": eur(sum((Decimal(KELA[c][k][1]) for c in codes), Decimal(0))),
                "recipients": sum(KELA[c][k][0] for c in codes),
            }
            for k in classes
        ]
    total = sum((Decimal(euros) for _, euros in totals.values()), Decimal(0))
    return {
        "year": year,
        "month": None,
        "group_by": group_by,
        "codes": codes,
        "area_id": area_id,
        "groups": groups,
        "total_eur": eur(total),
        "recipients": sum(r for r, _ in totals.values()) if totals else None,
        "basis": "year_to_date" if figures else None,
    }


def balance(area_id: str = "kymppi", year: int = YEAR, recorded: bool = True) -> dict[str, Any]:
    members: list[dict[str, Any]] = []
    for code in sorted(KELA):
        if not recorded:
            members.append(
                {"municipality_code": code, "cost_eur": None, "compensation_eur": None}
                | {"difference_eur": None}
            )
            continue
        cost = Decimal(KELA[code]["Yhteensä"][1])
        compensation = Decimal(COMPENSATION[code])
        members.append(
            {"municipality_code": code, "cost_eur": eur(cost)}
            | {"compensation_eur": eur(compensation), "difference_eur": eur(compensation - cost)}
        )
    keys = ("cost_eur", "compensation_eur", "difference_eur")
    total = {k: sum((Decimal(m[k] or 0) for m in members), Decimal(0)) for k in keys}
    return {
        "area_id": area_id,
        "year": year,
        "members": members,
        "cost_total_eur": eur(total["cost_eur"]),
        "compensation_total_eur": eur(total["compensation_eur"]),
        "difference_total_eur": eur(total["difference_eur"]),
        "savings": [],
    }


def no_subsidies(area_id: str, year: int) -> dict[str, Any]:
    return {
        "area_id": area_id,
        "year": year,
        "subsidies": [],
        "contributions": [],
        "contributions_total_eur": "0.00",
    }


def _not_found(detail: str) -> tuple[int, Any]:
    return 404, {"type": "/problems/not-found", "title": "Not Found", "status": 404} | {
        "detail": detail
    }


class FundingStandIn:
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.failing: dict[str, int] = {}  # path -> status it answers instead
        self.slow: dict[str, float] = {}  # path -> seconds it waits first
        self.budget_lines = LINES
        self.recorded = {"kymppi"}  # the areas with figures; any other has none recorded
        self.unreachable = False

    def answers(self, path: str, params: httpx.QueryParams) -> tuple[int, Any]:
        year = params.get("year")
        if path == "/v1/unemployment-benefit/costs":
            area_id = params["area_id"]
            return 200, costs(area_id, int(params["year"]), params["group_by"], self.has(area_id))
        match = _AREA_PATH.match(path)
        if match is None:
            return _not_found(f"No {path}.")
        area_id, rest = match.groups()
        if rest == "calendar":
            return 200, calendar(area_id, int(params["year"]), params["today"], self.has(area_id))
        recorded = self.has(area_id)
        if rest.startswith("years/") and rest.endswith("/subsidies"):
            # The service answers a year with nothing recorded with empty lists, not 404.
            if recorded and rest == f"years/{YEAR}/subsidies":
                return 200, subsidies(area_id)
            return 200, no_subsidies(area_id, int(rest.split("/")[1]))
        if rest == "unemployment-benefit/balance":
            # Each member's figures are null where Kela's or the compensation are missing.
            return 200, balance(area_id, int(params["year"]), recorded and year == str(YEAR))
        if recorded and rest == f"budgets/{YEAR}":
            return 200, budget(area_id, self.budget_lines)
        return _not_found(f"Nothing recorded at {path}.")

    def has(self, area_id: str) -> bool:
        return area_id in self.recorded

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
            status, body = status, problem | {"detail": "funding broke"}
        else:
            status, body = self.answers(path, request.url.params)
        # A stream, as a real transport gives: the gateway reads replies with `aiter_raw`.
        return httpx.Response(status, stream=httpx.ByteStream(json.dumps(body).encode()))

    def paths(self) -> list[str]:
        return [r.url.path for r in self.requests]

"""An areas service with many areas for the overview's tests, behind `httpx.MockTransport`.

Area `alue-N` has N+1 members and a labour force of 21,000 (eligible), except where a
test says otherwise; even-numbered areas have a plan record for 2025 with two published
versions. Every request is recorded and takes `delay` seconds, and the stand-in counts
how many are in flight at once, so a test can see the bound on concurrent calls.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

import httpx

PUBLISHED_AT = ["2025-03-01T08:00:00Z", "2025-04-15T09:30:00Z"]


@dataclass
class OverviewStandIn:
    areas: int = 12
    delay: float = 0.005
    page_size: int = 5  # the area list comes in pages, so the overview must follow the cursor
    failing: set[str] = field(default_factory=set)  # area ids whose every call answers 500
    failing_paths: set[str] = field(default_factory=set)
    without_labour_force: set[str] = field(default_factory=set)  # area ids
    slow: dict[str, float] = field(default_factory=dict)  # path -> seconds instead of `delay`
    # The data generation it tells at /v1/generation (none: 404, as a service without one).
    generation: int | None = None
    requests: list[httpx.Request] = field(default_factory=list)
    in_flight: int = 0
    most_in_flight: int = 0

    def area_ids(self) -> list[str]:
        return [f"alue-{n:02d}" for n in range(self.areas)]

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.slow.get(request.url.path, self.delay))
            status, body = self.answer(request.url.path, request.url.params)
        finally:
            self.in_flight -= 1
        return httpx.Response(status, stream=httpx.ByteStream(json.dumps(body).encode()))

    def answer(self, path: str, params: httpx.QueryParams) -> tuple[int, Any]:
        parts = path.split("/")
        area_id = parts[3] if len(parts) > 3 else None
        if area_id in self.failing or path in self.failing_paths:
            return 500, {"title": "Internal Server Error", "status": 500, "detail": "it broke"}
        if path == "/v1/areas":
            return 200, self._area_page(params)
        if path == "/v1/generation" and self.generation is not None:
            return 200, {"generation": self.generation}
        n = self.area_ids().index(area_id) if area_id in self.area_ids() else None
        if n is None:
            return 404, {"title": "Not Found", "status": 404, "detail": f"no {path}"}
        if path.endswith("/eligibility"):
            return 200, self._eligibility(area_id or "", n)
        if path.endswith("/plans"):
            plans = [{"id": 100 + n, "year": 2025, "title": f"Suunnitelma {n}", "status": "draft"}]
            return 200, {"items": plans if n % 2 == 0 else [], "next_cursor": None}
        if path.endswith("/snapshots"):
            # One version a page, so the overview has to follow the cursor to the latest.
            version = 2 if params.get("cursor") else 1
            row = {"plan_id": 100 + n, "version": version, "sha256": "0" * 64}
            row |= {"plan_status": "draft", "created_by": "planner"}
            row |= {"created_at": PUBLISHED_AT[version - 1]}
            return 200, {"items": [row], "next_cursor": None if version == 2 else "more"}
        return 404, {"title": "Not Found", "status": 404, "detail": f"no {path}"}

    def _area_page(self, params: httpx.QueryParams) -> dict[str, Any]:
        start = int(params.get("cursor", "0"))
        ids = self.area_ids()[start : start + self.page_size]
        rows = [
            {"id": i, "name_fi": f"Alue {i[-2:]}", "name_sv": f"Område {i[-2:]}"}
            | {"organisation_form": "lead_municipality", "home_municipality_code": "091"}
            for i in ids
        ]
        more = start + self.page_size < self.areas
        return {"items": rows, "next_cursor": str(start + self.page_size) if more else None}

    def _eligibility(self, area_id: str, n: int) -> dict[str, Any]:
        codes = [f"{100 + n * 10 + i:03d}" for i in range(n % 5 + 1)]
        known = area_id not in self.without_labour_force
        figures = [
            {"municipality_code": c, "period": "2024", "value": 21_000 / len(codes)}
            | {"source": "test", "source_url": None, "is_estimate": False}
            for c in codes
        ]
        labour: dict[str, Any] = {"criterion": "labour_force_minimum"}
        if known:
            labour |= {"status": "passed", "detail": "21000 >= 20000", "figures": figures}
        else:
            labour |= {"status": "unknown", "detail": "no figures", "missing_codes": codes}
        contiguity = {"criterion": "contiguity", "status": "passed", "detail": "connected"}
        return {
            "municipality_codes": codes,
            "eligible": known,
            "threshold": 20_000,
            "labour_force_total": 21_000.0 if known else 0.0,
            "criteria": [labour, contiguity],
        }

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

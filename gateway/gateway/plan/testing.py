"""An areas service for the plan's tests, behind `httpx.MockTransport`.

Fixed answers for the Kymppi area with three of its members (its profile) and its plan for
2025 (another year has none); every request is recorded, and any path can be made to fail
or to take its time.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

FIGURE_SOURCE = "Estimate, not a statistic: the plan's figure split by population"
POPULATION_SOURCE = "Statistics Finland, population 2024"
MEMBERS = [("005", "Alajärvi", 63.0, 23.817), ("010", "Alavus", 62.5917, 23.617)]
MEMBERS += [("233", "Kauhava", 63.1, 23.07)]


def _figure(code: str, value: float, source: str, period: str, estimate: bool) -> dict[str, Any]:
    return {
        "municipality_code": code,
        "period": period,
        "value": value,
        "source": source,
        "source_url": None,
        "is_estimate": estimate,
    }


def _trajectory(rate: float) -> list[dict[str, Any]]:
    return [
        {"years_from_base": n, "year": 2023 + n, "labour_force": round(21_000 * (1 + rate) ** n)}
        for n in range(31)
    ]


def _forecast(rates: list[float]) -> dict[str, Any]:
    forecasts = []
    for rate in rates:
        trajectory = _trajectory(rate)
        below = next((p["years_from_base"] for p in trajectory if p["labour_force"] < 20_000), None)
        forecasts.append(
            {
                "annual_rate": rate,
                "years_until_below": below,
                "first_year_below": None if below is None else 2023 + below,
                "trajectory": trajectory,
            }
        )
    return {
        "base_period": "2023-06",
        "base_year": 2023,
        "base_labour_force": 21_000.0,
        "threshold": 20_000,
        "horizon_years": 30,
        "forecasts": forecasts,
    }


LABOUR_FORCE = {"005": 6_000.0, "010": 7_000.0, "233": 8_000.0}
NARRATIVE = "Alueella on **kolme** kuntaa.\n\n<script>alert('x')</script>"


def _eligibility() -> dict[str, Any]:
    figures = [_figure(c, v, FIGURE_SOURCE, "2023-06", True) for c, v in LABOUR_FORCE.items()]
    criteria = [
        {"criterion": "labour_force_minimum", "status": "passed", "detail": "21000 >= 20000"}
        | {"figures": figures},
        {"criterion": "contiguity", "status": "passed", "detail": "connected"},
    ]
    return {
        "eligible": True,
        "threshold": 20_000,
        "labour_force_total": 21_000.0,
        "criteria": criteria,
    }


def _borders() -> list[dict[str, Any]]:
    """As the service answers: each border among or around the members once."""
    links = [("005", "010", "wiki"), ("005", "233", "wiki"), ("233", "499", None)]
    return [{"municipality_code": a, "neighbour_code": b, "source": s} for a, b, s in links]


def _profile(area: dict[str, Any], rates: list[float]) -> dict[str, Any]:
    members = [
        {"code": c, "name_fi": n, "name_sv": n, "lat": lat, "lon": lon}
        | {"valid_from": "2025-01-01", "valid_to": None}
        | {"population": _figure(c, 9_000.0, POPULATION_SOURCE, "2024", False)}
        | {"labour_force": _figure(c, LABOUR_FORCE[c], FIGURE_SOURCE, "2023-06", True)}
        for c, n, lat, lon in MEMBERS
    ]
    return {
        "area": area,
        "home_municipality": {"code": "233", "name_fi": "Kauhava", "name_sv": "Kauhava"},
        "members": members,
        "borders": _borders(),
        "eligibility": _eligibility(),
        "forecast": _forecast(rates),
    }


PLAN: dict[str, Any] = {"id": 7, "area_id": "kymppi", "year": 2025, "status": "draft"}
PLAN |= {"title": "Kympin suunnitelma"}
TEXT: dict[str, Any] = {"key": "1-alue", "title": "Työllisyysalueen järjestäytyminen"}
TEXT |= {"language": "fi", "body": NARRATIVE, "plan_id": 7}


def answers(path: str, params: httpx.QueryParams) -> tuple[int, Any]:
    """The answer of the areas service to `GET path?params`, as status and JSON."""
    area = {"id": "kymppi", "name_fi": "Kympin työllisyysalue", "name_sv": "Kymppi"}
    area |= {"organisation_form": "joint_municipal_authority", "home_municipality_code": "233"}
    area |= {"created_at": "2025-01-01T00:00:00Z"}
    if path == "/v1/areas/kymppi":
        return 200, area
    if path == "/v1/municipalities":
        codes = params["codes"].split(",") if "codes" in params else [c for c, *_ in MEMBERS]
        known = [
            {"code": c, "name_fi": n, "name_sv": n, "region": "Etelä-Pohjanmaa"}
            | {"lat": lat, "lon": lon}
            for c, n, lat, lon in MEMBERS
            if c in codes
        ]
        return 200, {"items": known, "next_cursor": None}
    if path == "/v1/borders":
        codes = params["codes"].split(",")
        return 200, {"borders": [b for b in _borders() if b["municipality_code"] in codes]}
    if path.startswith("/v1/areas/") and path.count("/") == 3:
        return 404, {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "none"}
    if path == "/v1/areas/kymppi/profile":
        return 200, _profile(area, [float(r) for r in params["annual_rates"].split(",")])
    if path == "/v1/areas/kymppi/plans":
        return 200, {"items": [PLAN], "next_cursor": None}
    if path.startswith("/v1/areas/kymppi/plans/by-year/"):
        year = path.rsplit("/", 1)[-1]
        if year == str(PLAN["year"]):
            return 200, PLAN | {"sections": [TEXT]}
        missing = {"type": "/problems/no-plan-for-year", "title": "Not Found", "status": 404}
        return 404, missing | {"detail": f"Area 'kymppi' has no plan for {year}."}
    return 404, {"title": "Not Found", "status": 404, "detail": f"no {path}"}


def _response(status: int, body: Any) -> httpx.Response:
    # A stream, as a real transport gives: the gateway reads replies with `aiter_raw`.
    return httpx.Response(status, stream=httpx.ByteStream(json.dumps(body).encode()))


class AreasStandIn:
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.failing: dict[str, int] = {}  # path -> status it answers instead
        self.slow: dict[str, float] = {}  # path -> seconds it waits first
        self.unreachable = False
        # The data generation it tells at /v1/generation (none: 404, as a service without one).
        self.generation: int | None = None
        # path -> the ETag it sends with its 200 and answers If-None-Match with 304 for.
        self.etags: dict[str, str] = {}

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        generation = self.generation  # read as it arrives; a slow answer is on its way back
        if self.unreachable:
            raise httpx.ConnectError("refused", request=request)
        if path in self.slow:
            await asyncio.sleep(self.slow[path])
        if path in self.failing:
            status = self.failing[path]
            problem = {"type": "about:blank", "title": "Broken", "status": status}
            return _response(status, problem | {"detail": "it broke"})
        if path == "/v1/generation" and generation is not None:
            return _response(200, {"generation": generation})
        if path in self.etags:
            etag = self.etags[path]
            if request.headers.get("if-none-match") == etag:
                return httpx.Response(304, headers={"ETag": etag}, stream=httpx.ByteStream(b""))
            status, body = answers(path, request.url.params)
            response = _response(status, body)
            response.headers["ETag"] = etag
            return response
        return _response(*answers(path, request.url.params))

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    def paths(self) -> list[str]:
        return [r.url.path for r in self.requests]


StandIn = Callable[[httpx.Request], Awaitable[httpx.Response]]


def by_host(areas: StandIn, **services: StandIn) -> httpx.MockTransport:
    """One transport for an areas stand-in and other services' ones, by host: `<name>.test`
    is the service `name` (`by_host(areas, funding=funding)`), the rest areas."""
    hosts = {f"{name}.test": service for name, service in services.items()}

    async def route(request: httpx.Request) -> httpx.Response:
        return await hosts.get(request.url.host, areas)(request)

    return httpx.MockTransport(route)

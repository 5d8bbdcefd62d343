"""A local stand-in for Statistics Finland's PxWeb, both of its APIs (DOMAIN.md §6).

It holds one recorded JSON-stat 2.0 answer per table, the whole table (see the recordings'
README), and answers any query of it with the cells the query selects, as PxWeb does:
- API v1: `POST /PxWeb/api/v1/{lang}/StatFin/{table}.px` with
  `{"query": [{"code", "selection": {"filter": "item", "values"}}], "response": {"format":
  "json-stat2"}}`; a variable left out of the query gives all its values;
- API 2.0: `POST /api/v2/tables/{table}/data?lang=&outputFormat=json-stat2` with
  `{"selection": [{"variableCode", "valueCodes"}]}` (PxAPI-2.yml).

PxWeb's limits and error answers: more cells than `max_cells` is 403 (v1: Statistics
Finland's web server answers an HTML page "403 - Forbidden: Access is denied."; 2.0: a
problem), more than `max_requests` queries in any `window_seconds` is 429, and an unknown
variable or value code is 400 (v1: plain text "Bad Request"; 2.0: a problem).

This slices the recording with its own index arithmetic, not with the adapter's parser, so
that a fault in one is not hidden by the same fault in the other.
"""

from __future__ import annotations

import json
import math
import os
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse

RECORDINGS = Path(__file__).parents[2] / "services/areas/tests/fixtures/pxweb"

# Statistics Finland's IIS answers an over-large v1 query with its standard 403 page.
V1_FORBIDDEN_PAGE = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN">
<html><head><title>403 - Forbidden: Access is denied.</title></head>
<body><h2>403 - Forbidden: Access is denied.</h2>
<h3>You do not have permission to view this directory or page using the credentials that you
supplied.</h3></body></html>
"""


class QueryRefused(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


@dataclass
class PxWebStandIn:
    tables: dict[str, dict[str, Any]]
    max_cells: int = 100_000
    max_requests: int = 30
    window_seconds: float = 10.0
    # Every query answered, as {variable: values} with its cell count, for the tests.
    answered: list[dict[str, list[str]]] = field(default_factory=list)
    _recent: deque[float] = field(default_factory=deque)

    def admit(self) -> None:
        """A sliding window: no `window_seconds` holds more than `max_requests` queries."""
        now = time.monotonic()
        while self._recent and now - self._recent[0] >= self.window_seconds:
            self._recent.popleft()
        if len(self._recent) >= self.max_requests:
            raise QueryRefused(
                429, f"more than {self.max_requests} queries in {self.window_seconds:g} s"
            )
        self._recent.append(now)

    def answer(self, table_id: str, selection: dict[str, list[str]]) -> dict[str, Any]:
        table = self.tables.get(table_id)
        if table is None:
            raise QueryRefused(404, f"no table {table_id}")
        chosen: dict[str, list[str]] = {}
        for variable in table["id"]:
            codes = _codes(table, variable)
            values = selection.pop(variable, None) or codes
            unknown = [v for v in values if v not in codes]
            if unknown:
                raise QueryRefused(400, f"{unknown[0]} is not a value code of {variable}")
            chosen[variable] = values
        if selection:
            raise QueryRefused(400, f"{next(iter(selection))} is no variable of {table_id}")
        cells = math.prod(len(v) for v in chosen.values())
        if cells > self.max_cells:
            raise QueryRefused(403, f"{cells} cells asked for; at most {self.max_cells}")
        self.answered.append(chosen)
        return _slice(table, chosen)


def _codes(table: dict[str, Any], variable: str) -> list[str]:
    index = table["dimension"][variable]["category"]["index"]
    return sorted(index, key=index.__getitem__)


def _slice(table: dict[str, Any], chosen: dict[str, list[str]]) -> dict[str, Any]:
    ids = table["id"]
    strides = [math.prod(table["size"][i + 1 :]) for i in range(len(ids))]
    positions = [table["dimension"][v]["category"]["index"] for v in ids]
    flat = [0]
    for variable, stride, index in zip(ids, strides, positions, strict=True):
        flat = [f + index[code] * stride for f in flat for code in chosen[variable]]
    status = table.get("status") or {}
    answer = {k: v for k, v in table.items() if k not in ("value", "status", "size", "dimension")}
    answer["size"] = [len(chosen[v]) for v in ids]
    answer["dimension"] = {v: _dimension(table["dimension"][v], chosen[v]) for v in ids}
    answer["value"] = [table["value"][f] for f in flat]
    kept = {str(i): status[str(f)] for i, f in enumerate(flat) if str(f) in status}
    if kept:
        answer["status"] = kept
    return answer


def _dimension(dimension: dict[str, Any], codes: list[str]) -> dict[str, Any]:
    category = dimension["category"]
    sliced: dict[str, Any] = {
        "index": {code: i for i, code in enumerate(codes)},
        "label": {code: category["label"][code] for code in codes},
    }
    if "unit" in category:
        sliced["unit"] = {c: u for c, u in category["unit"].items() if c in codes}
    return {**dimension, "category": sliced}


def build_app(stand_in: PxWebStandIn) -> FastAPI:
    app = FastAPI(title="PxWeb stand-in")
    app.state.stand_in = stand_in

    @app.post("/PxWeb/api/v1/{lang}/StatFin/{table}.px")
    async def v1_query(lang: str, table: str, request: Request) -> Response:
        try:
            stand_in.admit()
            body = await request.json()
            if (body.get("response") or {}).get("format") != "json-stat2":
                raise QueryRefused(400, "this stand-in answers json-stat2 only")
            selection = {
                q["code"]: list(q["selection"]["values"])
                for q in body["query"]
                if q["selection"]["filter"] == "item"
            }
            if len(selection) != len(body["query"]):
                raise QueryRefused(400, "this stand-in takes the filter 'item' only")
            return JSONResponse(stand_in.answer(table, selection))
        except QueryRefused as refused:
            if refused.status == 403:
                return Response(V1_FORBIDDEN_PAGE, status_code=403, media_type="text/html")
            if refused.status == 429:
                return PlainTextResponse("Too Many Requests", status_code=429)
            return PlainTextResponse(
                "Bad Request" if refused.status == 400 else "Not Found", status_code=refused.status
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return PlainTextResponse("Bad Request", status_code=400)

    @app.post("/api/v2/tables/{table}/data")
    async def v2_data(table: str, request: Request, outputFormat: str = "json-stat2") -> Response:  # noqa: N803  # PxAPI-2.yml's parameter name
        try:
            stand_in.admit()
            if outputFormat != "json-stat2":
                raise QueryRefused(400, "this stand-in answers json-stat2 only")
            body = await request.json()
            selection = {s["variableCode"]: list(s["valueCodes"]) for s in body["selection"]}
            return JSONResponse(stand_in.answer(table, selection))
        except QueryRefused as refused:
            return _problem(refused.status, refused.detail)
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            return _problem(400, f"not a VariablesSelection: {e}")

    @app.get("/readyz")
    async def readyz() -> dict[str, str]:
        """Ready: what `alue run --simulators` waits for, named as its registry entry."""
        return {"service": "pxweb"}

    return app


_TITLES = {400: "Bad Request", 403: "Forbidden", 404: "Not Found", 429: "Too many requests"}


def _problem(status: int, detail: str) -> JSONResponse:
    body = {"title": _TITLES[status], "status": status, "detail": detail}
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


def load_recordings(folder: Path = RECORDINGS) -> dict[str, dict[str, Any]]:
    """Each `{table id}.json` of the folder: the table's whole recorded answer."""
    return {
        p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))
    }


def create_app() -> FastAPI:
    """For uvicorn's `--factory`: limits from PXWEB_MAX_CELLS, PXWEB_MAX_REQUESTS and
    PXWEB_WINDOW_SECONDS (default PxWeb's own), recordings from PXWEB_RECORDINGS."""
    return build_app(
        PxWebStandIn(
            tables=load_recordings(Path(os.environ.get("PXWEB_RECORDINGS", RECORDINGS))),
            max_cells=int(os.environ.get("PXWEB_MAX_CELLS", "100000")),
            max_requests=int(os.environ.get("PXWEB_MAX_REQUESTS", "30")),
            window_seconds=float(os.environ.get("PXWEB_WINDOW_SECONDS", "10")),
        )
    )

"""A partners service for the plan's tests, behind `httpx.MockTransport`, in the contract's JSON.

It answers as the README's section "The partners service" describes (every field of the
service's answers, ids and dates as JSON), for Kymppi with the three members the areas
stand-in has (Alajärvi 005, Alavus 010, Kauhava 233) and a small version of the demo: the
partners the source plan names, its letter of intent, working group and networks, the
cooperation with the Seinäjoki-region area (its last day within 90 days of 30.6.2025),
an ended arrangement, services of the partners and one of Kauhava's own, and the two
projects the plan names. The cooperation, service and project lists filter and page as the
service does (`limit`, `cursor`; `page_size` makes pages smaller than the limit asked),
and the coverage and the ecosystem are worked out here from those records the way the
contract says, so a test can change the records and get a consistent answer. Any other
area has nothing recorded: empty lists, a coverage without services, an ecosystem of its
members. `missing` makes every area path 404. Every request is recorded, and any path can
be made to fail or to take its time.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import json
import re
from typing import Any

import httpx

AREA = "kymppi"
MEMBERS = {"005": "Alajärvi", "010": "Alavus", "233": "Kauhava"}
CODES = list(MEMBERS)
STAMP = "2025-01-02T08:00:00Z"
# The customer roles of plan §3.4 in its order: the coverage's rows.
TARGET_GROUPS = [
    "jobseekers",
    "activation",
    "multi_sectoral",
    "integration",
    "career_guidance",
    "training",
    "job_alternation_leave",
    "start_up",
    "employers",
    "young_people",
    "outside_labour_force",
    "employed",
]
_AREA_PATH = re.compile(r"^/v1/areas/([a-z0-9-]+)/(.+)$")


def partner(id_: int, name: str, kind: str, regional: bool, provides: list[str]) -> dict[str, Any]:
    return {
        "id": id_,
        "name": {"fi": name, "sv": None, "en": None},
        "kind": kind,
        "municipalities": CODES if regional else [],
        "business_id": None,
        "website": None,
        "ptv_id": None,
        "provided_services": provides,
        "created_at": STAMP,
        "updated_at": STAMP,
    }


PARTNERS = [
    partner(1, "Etelä-Pohjanmaan ELY-keskus", "ely_centre", True, ["yrityspalvelut"]),
    partner(2, "KEHA-keskus", "keha_centre", False, ["kansainvälinen rekrytointi"]),
    partner(3, "Etelä-Pohjanmaan hyvinvointialue", "wellbeing_services_county", True, []),
    partner(4, "Kela", "kela", False, ["monialainen yhteispalvelu"]),
    partner(5, "Sedu", "education_provider", False, ["ammatillinen koulutus"]),
    partner(6, "Jami", "education_provider", False, ["ammatillinen koulutus"]),
    partner(7, "Welcome2EP-hanke", "project", True, ["työlupaneuvonta"]),
    partner(8, "Business Finland", "state_agency", False, ["kansainvälinen rekrytointi"]),
    partner(9, "Etelä-Pohjanmaan liitto", "regional_council", True, ["AKKE-rahoitus"]),
    partner(10, "Alueen Ohjaamot", "ohjaamo", True, ["nuorten ohjaus"]),
    partner(11, "Sitra", "other", False, ["ennakointitieto"]),  # named by no record of Kymppi
]


def cooperation(id_: int, kind: str, title: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": id_,
        "area_id": AREA,
        "kind": kind,
        "title": title,
        "themes": fields.get("themes", []),
        "partner_ids": fields.get("partner_ids", []),
        "area_ids": fields.get("area_ids", []),
        "municipality_codes": fields.get("municipality_codes", []),
        "valid_from": fields.get("valid_from", "2023-09-01"),
        "valid_to": fields.get("valid_to"),
        "documents": fields.get("documents", []),
        "note": fields.get("note"),
        "created_at": STAMP,
        "updated_at": STAMP,
    }


COOPERATION = [
    cooperation(
        1,
        "letter_of_intent",
        "Aiesopimus Kympin työllisyysalueen muodostamisesta",
        municipality_codes=CODES,
        documents=[{"title": "Aiesopimus", "url": "https://example.fi/aiesopimus.pdf"}],
    ),
    cooperation(
        2,
        "working_group",
        "Asiakasryhmien palveluita käsittelevät työ- ja teemaryhmät",
        themes=["multi_sectoral", "employer_services", "youth"],
        partner_ids=[1, 5, 6],
    ),
    cooperation(
        3,
        "network",
        "Maahanmuutto- ja kotoutumistyön yhteistyöverkosto",
        themes=["immigration", "wellbeing", "training"],
        partner_ids=[3, 4, 7, 5],
    ),
    cooperation(
        4,
        "network",
        "Kansainvälinen rekrytointi",
        themes=["international_recruitment", "employer_services", "immigration"],
        partner_ids=[8, 2],
    ),
    cooperation(
        5,
        "co_development",
        "Yhteistyö Seinäjoen alueen työllisyysalueen kanssa",
        themes=["training", "change_security", "structural_change"],
        area_ids=["seinajoki-ilmajoki-isokyro"],
        valid_from="2025-01-01",
        valid_to="2025-08-31",
    ),
    cooperation(
        6,
        "agreement",
        "Ostopalvelusopimus: työnhakijoiden valmennus",
        themes=["training"],
        partner_ids=[6],
        valid_from="2024-01-01",
        valid_to="2025-03-31",
    ),
]


def service(
    id_: int, name: str, provider: dict[str, Any], groups: list[str], **fields: Any
) -> dict[str, Any]:
    return {
        "id": id_,
        "area_id": AREA,
        "name": name,
        "description": fields.get("description"),
        "provider": provider,
        "municipalities": fields.get("municipalities", CODES),
        "target_groups": groups,
        "channels": fields.get("channels", ["in_person"]),
        "status": fields.get("status", "active"),
        "valid_from": fields.get("valid_from"),
        "valid_to": fields.get("valid_to"),
        "created_at": STAMP,
        "updated_at": STAMP,
    }


SERVICES = [
    service(1, "Monialainen yhteispalvelu (TYP)", {"partner_id": 3}, ["multi_sectoral"]),
    service(
        2,
        "ELY-keskuksen kilpailuttamat valmennukset ja koulutukset",
        {"partner_id": 1},
        ["jobseekers", "training"],
    ),
    service(
        3,
        "Maahanmuuttajien ohjaus, neuvonta ja työlupaneuvonta",
        {"partner_id": 7},
        ["integration", "employers"],
        channels=["in_person", "online"],
    ),
    service(4, "Ohjaamo-toiminta", {"partner_id": 10}, ["young_people", "career_guidance"]),
    service(
        5,
        "Kauhavan työllisyyspalvelut",
        {"municipality_code": "233"},
        ["jobseekers", "start_up"],
        municipalities=["233"],
    ),
    service(
        6, "Kotoutumiskoulutus", {"partner_id": 5}, ["integration", "training"], status="ended"
    ),
    service(
        7, "Työnantajien rekrytointimessut", {"partner_id": 1}, ["employers"], status="planned"
    ),
]


def project(id_: int, name: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": id_,
        "area_id": AREA,
        "name": name,
        "funder": fields.get("funder"),
        "funder_partner_id": fields.get("funder_partner_id"),
        "amount_eur": fields.get("amount_eur"),
        "start_date": fields.get("start_date"),
        "end_date": fields.get("end_date"),
        "partner_ids": fields.get("partner_ids", []),
        "themes": fields.get("themes", []),
        "status": fields.get("status", "active"),
        "note": fields.get("note"),
        "created_at": STAMP,
        "updated_at": STAMP,
    }


PROJECTS = [
    project(1, "Kymppi-valmisteluhanke", funder="AKKE", funder_partner_id=9),
    project(
        2,
        "Welcome2EP",
        partner_ids=[7],
        themes=["immigration", "international_recruitment"],
        amount_eur="120000.00",
        start_date="2023-01-01",
        end_date="2026-12-31",
    ),
]


def _not_found(detail: str) -> tuple[int, Any]:
    return 404, {"type": "/problems/not-found", "title": "Not Found", "status": 404} | {
        "detail": detail
    }


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _active(item: dict[str, Any], day: dt.date) -> bool:
    """As the coverage counts a service: `active`, the day within its period."""
    start, end = _date(item["valid_from"]), _date(item["valid_to"])
    return (
        item["status"] == "active"
        and (start is None or start <= day)
        and (end is None or day <= end)
    )


class PartnersStandIn:
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.failing: dict[str, int] = {}  # path -> status it answers instead
        self.slow: dict[str, float] = {}  # path -> seconds it waits first
        self.unreachable = False
        self.missing = False  # every area path answers 404
        self.page_size = 500  # at most this many items a page, whatever `limit` asks
        self.area = AREA  # the area with these records
        self.partners = [dict(p) for p in PARTNERS]
        self.cooperation = [dict(c) for c in COOPERATION]
        self.services = [dict(s) for s in SERVICES]
        self.projects = [dict(p) for p in PROJECTS]

    def records(self, area_id: str, kind: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = getattr(self, kind)
        return [dict(r, area_id=area_id) for r in found] if area_id == self.area else []

    # The lists: GET /v1/areas/{id}/cooperation, .../services, .../projects

    def _page(self, items: list[dict[str, Any]], params: httpx.QueryParams) -> dict[str, Any]:
        """Items after the cursor's id, `limit` (and `page_size`) at most, ascending by id."""
        after = 0
        if "cursor" in params:
            after = json.loads(base64.urlsafe_b64decode(params["cursor"] + "=="))[0]
        limit = min(int(params.get("limit", "50")), self.page_size)
        rest = sorted((i for i in items if i["id"] > after), key=lambda i: i["id"])
        shown = rest[:limit]
        cursor = None
        if len(rest) > limit:
            cursor = base64.urlsafe_b64encode(json.dumps([shown[-1]["id"]]).encode()).decode()
            cursor = cursor.rstrip("=")
        return {"items": shown, "next_cursor": cursor}

    def list_cooperation(self, area_id: str, params: httpx.QueryParams) -> dict[str, Any]:
        items = self.records(area_id, "cooperation")
        if "kind" in params:
            items = [c for c in items if c["kind"] == params["kind"]]
        if "theme" in params:
            items = [c for c in items if params["theme"] in c["themes"]]
        if "expiring_within_days" in params:
            start = _date(params.get("on")) or dt.date.today()
            end = start + dt.timedelta(days=int(params["expiring_within_days"]))
            items = [c for c in items if start <= (_date(c["valid_to"]) or dt.date.max) <= end]
        return self._page(items, params)

    def list_services(self, area_id: str, params: httpx.QueryParams) -> dict[str, Any]:
        items = self.records(area_id, "services")
        if "status" in params:
            items = [s for s in items if s["status"] == params["status"]]
        if "target_group" in params:
            items = [s for s in items if params["target_group"] in s["target_groups"]]
        return self._page(items, params)

    def list_projects(self, area_id: str, params: httpx.QueryParams) -> dict[str, Any]:
        items = self.records(area_id, "projects")
        if "theme" in params:
            items = [p for p in items if params["theme"] in p["themes"]]
        if "status" in params:
            items = [p for p in items if p["status"] == params["status"]]
        return self._page(items, params)

    # GET /v1/areas/{id}/coverage?on=

    def coverage(self, area_id: str, on: dt.date) -> dict[str, Any]:
        active = [s for s in self.records(area_id, "services") if _active(s, on)]
        rows: list[dict[str, Any]] = []
        gaps: list[dict[str, str]] = []
        for group in TARGET_GROUPS:
            cells: list[dict[str, Any]] = []
            for code in CODES:
                ids = [
                    s["id"]
                    for s in active
                    if group in s["target_groups"] and code in s["municipalities"]
                ]
                cells.append({"municipality_code": code, "service_ids": sorted(ids)})
                if not ids:
                    gaps.append({"target_group": group, "municipality_code": code})
            distinct = {i for c in cells for i in c["service_ids"]}
            covered = sum(bool(c["service_ids"]) for c in cells)
            rows.append(
                {
                    "target_group": group,
                    "services": len(distinct),
                    "covered": covered,
                    "gaps": len(cells) - covered,
                    "cells": cells,
                }
            )
        columns = []
        for n, code in enumerate(CODES):
            column: list[list[int]] = [r["cells"][n]["service_ids"] for r in rows]
            covered = sum(bool(i) for i in column)
            columns.append(
                {
                    "municipality_code": code,
                    "services": len({i for c in column for i in c}),
                    "covered": covered,
                    "gaps": len(rows) - covered,
                }
            )
        used = {i for r in rows for c in r["cells"] for i in c["service_ids"]}
        services = [
            {"id": s["id"], "name": s["name"], "provider": s["provider"]}
            for s in active
            if s["id"] in used
        ]
        total = len(TARGET_GROUPS) * len(CODES)
        return {
            "area_id": area_id,
            "on": on.isoformat(),
            "target_groups": TARGET_GROUPS,
            "municipalities": [{"code": c, "name_fi": n} for c, n in MEMBERS.items()],
            "rows": rows,
            "columns": columns,
            "gaps": gaps,
            "services": services,
            "totals": {
                "cells": total,
                "covered": total - len(gaps),
                "gaps": len(gaps),
                "services": len(used),
            },
        }

    # GET /v1/areas/{id}/ecosystem?on=

    def ecosystem(self, area_id: str, on: dt.date) -> dict[str, Any]:
        """As the service builds it: the members, the services not ended, all arrangements and
        projects, the partners they name; `provides`, `serves`, `cooperates_in`, `funds`."""
        nodes: dict[str, dict[str, Any]] = {}
        edges: list[dict[str, str]] = []
        by_id = {p["id"]: p for p in self.partners}

        def node(id_: str, kind: str, label: str, type_: str | None = None) -> str:
            nodes.setdefault(id_, {"id": id_, "kind": kind, "label": label, "type": type_})
            return id_

        def edge(source: str, target: str, kind: str) -> None:
            found = {"source": source, "target": target, "kind": kind}
            if found not in edges:
                edges.append(found)

        def member(code: str) -> str:
            return node(f"municipality:{code}", "municipality", MEMBERS.get(code, code))

        def named(partner_id: int) -> str:
            p = by_id[partner_id]
            return node(f"partner:{partner_id}", "partner", p["name"]["fi"], p["kind"])

        for code in CODES:
            member(code)
        for s in self.records(area_id, "services"):
            if s["status"] == "ended":
                continue
            at = node(f"service:{s['id']}", "service", s["name"], s["status"])
            provider = s["provider"]
            if "partner_id" in provider:
                edge(named(provider["partner_id"]), at, "provides")
            else:
                edge(member(provider["municipality_code"]), at, "provides")
            for code in s["municipalities"]:
                edge(at, member(code), "serves")
        for c in self.records(area_id, "cooperation"):
            at = node(f"cooperation:{c['id']}", "cooperation", c["title"], c["kind"])
            for i in c["partner_ids"]:
                edge(named(i), at, "cooperates_in")
            for other in c["area_ids"]:
                edge(node(f"area:{other}", "area", other), at, "cooperates_in")
            for code in c["municipality_codes"]:
                edge(member(code), at, "cooperates_in")
        for p in self.records(area_id, "projects"):
            at = node(f"project:{p['id']}", "project", p["name"], p["status"])
            for i in p["partner_ids"]:
                edge(named(i), at, "cooperates_in")
            if p["funder_partner_id"] is not None:
                edge(named(p["funder_partner_id"]), at, "funds")
        return {
            "area_id": area_id,
            "on": on.isoformat(),
            "nodes": list(nodes.values()),
            "edges": edges,
        }

    def answers(self, path: str, params: httpx.QueryParams) -> tuple[int, Any]:
        match = _AREA_PATH.match(path)
        if match is None:
            return _not_found(f"No {path}.")
        if self.missing:
            return _not_found(f"Nothing recorded at {path}.")
        area_id, rest = match.groups()
        on = _date(params.get("on")) or dt.date.today()
        if rest == "cooperation":
            return 200, self.list_cooperation(area_id, params)
        if rest == "services":
            return 200, self.list_services(area_id, params)
        if rest == "projects":
            return 200, self.list_projects(area_id, params)
        if rest == "coverage":
            return 200, self.coverage(area_id, on)
        if rest == "ecosystem":
            return 200, self.ecosystem(area_id, on)
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
            status, body = status, problem | {"detail": "partners broke"}
        else:
            status, body = self.answers(path, request.url.params)
        # A stream, as a real transport gives: the gateway reads replies with `aiter_raw`.
        return httpx.Response(status, stream=httpx.ByteStream(json.dumps(body).encode()))

    def asked(self) -> list[tuple[str, str]]:
        return [(r.url.path, str(r.url.params)) for r in self.requests]

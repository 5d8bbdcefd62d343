"""What the plan reads from the partners service: the fields it declares, and one call each.

The partners sections (5 `cooperation`, 6 `matching`, 8 `ecosystem`) share these reads,
each a thin function over `Downstream.get` in the shape the README's "The partners
service" gives. Lists are cursor pages: a call follows `next_cursor` at 500 items a page
(an area has tens of arrangements, services and projects), each page within what is left
of the plan's deadline. Money stays the service's decimal string, read as `Decimal`.

The gateway has read the area and checked the token may read it before any section is
asked, so a 404 from the partners service cannot be about the caller: it means nothing is
recorded for the area there yet. A list then is empty and the coverage or the ecosystem
none, and the section prints "not yet recorded"; any other failure is the service's
problem and makes the section unavailable.

Partners are shared reference data, and the area's are the ones its own records name; the
ecosystem's partner nodes are exactly those (with each one's name and kind), so the
sections name partners from it instead of reading the whole registry. Other employment
areas are named through the areas service where the caller may read them, else by id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import TypeVar

from pydantic import BaseModel

from gateway.plan.area_record import AREAS
from gateway.plan.downstream import Downstream, DownstreamFailure

PARTNERS = "partners"
PAGE_SIZE = "500"  # the most one page holds (servicekit's `limit`)
M = TypeVar("M", bound=BaseModel)

# The themes of cooperation and projects (README, "The partners service"); chapter 6 reads
# the three of plan §6: work-based immigration, international recruitment and training.
MATCHING_THEMES = ("immigration", "international_recruitment", "training")
THEMES_FI = {
    "youth": "nuoret",
    "immigration": "maahanmuutto",
    "employer_services": "työnantajapalvelut",
    "multi_sectoral": "monialaiset palvelut",
    "structural_change": "rakennemuutos",
    "training": "koulutus",
    "wellbeing": "hyvinvointi",
    "international_recruitment": "kansainvälinen rekrytointi",
    "change_security": "muutosturva",
}
# The customer roles of plan §3.4 in its words, in its order (and the groups §3.4 adds for
# the coordinated services).
TARGET_GROUPS_FI = {
    "jobseekers": "Työnhakija-asiakkaat",
    "activation": "Aktivointiasiakkaat",
    "multi_sectoral": "Monialaisten palveluiden asiakkaat",
    "integration": "Kotoutuja-asiakkaat",
    "career_guidance": "Ammatinvalinta- ja uraohjausasiakkaat",
    "training": "Koulutusasiakkaat",
    "job_alternation_leave": "Vuorotteluvapaa-asiakkaat",
    "start_up": "Yrityksen perustamista suunnittelevat",
    "employers": "Työnantajat",
    "young_people": "Nuoret",
    "outside_labour_force": "Työvoiman ulkopuolella olevat työikäiset",
    "employed": "Työssä olevat",
}
PARTNER_KINDS_FI = {
    "education_provider": "Koulutuksen järjestäjät",
    "wellbeing_services_county": "Hyvinvointialue",
    "kela": "Kela",
    "ely_centre": "ELY-keskus",
    "keha_centre": "KEHA-keskus",
    "te_office": "TE-toimisto",
    "municipality_unit": "Kuntien yksiköt",
    "development_company": "Kehitysyhtiöt",
    "entrepreneur_association": "Yrittäjäjärjestöt",
    "new_business_centre": "Uusyrityskeskus",
    "workshop": "Työpajat",
    "ohjaamo": "Ohjaamot",
    "association": "Yhdistykset ja järjestöt",
    "project": "Hankkeet",
    "employment_area": "Työllisyysalueet",
    "state_agency": "Valtion virastot",
    "regional_council": "Maakunnan liitto",
    "company": "Yritykset",
    "other": "Muut",
}
COOPERATION_KINDS_FI = {
    "agreement": "Sopimukset",
    "letter_of_intent": "Aiesopimukset",
    "working_group": "Työryhmät",
    "joint_procurement": "Yhteishankinnat",
    "network": "Verkostot",
    "co_development": "Yhteiskehittäminen",
}
STATUSES_FI = {"active": "käynnissä", "planned": "suunnitteilla", "ended": "päättynyt"}
CHANNELS_FI = {"in_person": "lähipalvelu", "remote": "etäpalvelu", "online": "verkkopalvelu"}


# GET /v1/areas/{area_id}/cooperation


class DocumentLink(BaseModel):
    title: str | None
    url: str


class CooperationRead(BaseModel):
    id: int
    kind: str  # agreement | working_group | joint_procurement | network | co_development | ...
    title: str
    themes: list[str]
    partner_ids: list[int]
    area_ids: list[str]  # other employment areas
    municipality_codes: list[str]  # the municipalities party to it
    valid_from: dt.date
    valid_to: dt.date | None  # its last day; none: until further notice
    documents: list[DocumentLink]
    note: str | None


class CooperationPage(BaseModel):
    items: list[CooperationRead]
    next_cursor: str | None = None


# GET /v1/areas/{area_id}/services


class Provider(BaseModel):
    """`{partner_id}` or `{municipality_code}` of a member: one of the two is set."""

    partner_id: int | None = None
    municipality_code: str | None = None


class ServiceRead(BaseModel):
    id: int
    name: str
    description: str | None
    provider: Provider
    municipalities: list[str]
    target_groups: list[str]
    channels: list[str]
    status: str  # active | planned | ended
    valid_from: dt.date | None
    valid_to: dt.date | None


class ServicePage(BaseModel):
    items: list[ServiceRead]
    next_cursor: str | None = None


# GET /v1/areas/{area_id}/projects


class ProjectRead(BaseModel):
    id: int
    name: str
    funder: str | None  # as named: AKKE, ESF+
    funder_partner_id: int | None
    amount_eur: Decimal | None
    start_date: dt.date | None
    end_date: dt.date | None
    partner_ids: list[int]
    themes: list[str]
    status: str  # planned | active | ended
    note: str | None


class ProjectPage(BaseModel):
    items: list[ProjectRead]
    next_cursor: str | None = None


# GET /v1/areas/{area_id}/coverage?on=


class CoverageMunicipality(BaseModel):
    code: str
    name_fi: str | None


class CoverageCell(BaseModel):
    municipality_code: str
    service_ids: list[int]


class CoverageRow(BaseModel):
    target_group: str
    services: int
    covered: int
    gaps: int
    cells: list[CoverageCell]


class CoverageColumn(BaseModel):
    municipality_code: str
    services: int
    covered: int
    gaps: int


class CoverageGap(BaseModel):
    target_group: str
    municipality_code: str


class CoverageService(BaseModel):
    id: int
    name: str
    provider: Provider


class CoverageTotals(BaseModel):
    cells: int
    covered: int
    gaps: int
    services: int


class CoverageRead(BaseModel):
    on: dt.date
    target_groups: list[str]
    municipalities: list[CoverageMunicipality]
    rows: list[CoverageRow]
    columns: list[CoverageColumn]
    gaps: list[CoverageGap]
    services: list[CoverageService]
    totals: CoverageTotals


# GET /v1/areas/{area_id}/ecosystem?on=


class EcosystemNode(BaseModel):
    id: str  # <kind>:<id>
    kind: str  # partner | municipality | service | project | cooperation | area
    label: str
    type: str | None  # a partner's or cooperation's kind, a service's or project's status


class EcosystemEdge(BaseModel):
    source: str
    target: str
    kind: str  # provides | cooperates_in | serves | funds


class EcosystemRead(BaseModel):
    on: dt.date
    nodes: list[EcosystemNode]
    edges: list[EcosystemEdge]


class PartnerName(BaseModel):
    """A partner as the ecosystem names it."""

    id: int
    name_fi: str
    kind: str


def partners_of(ecosystem: EcosystemRead | None) -> dict[int, PartnerName]:
    """The area's partners (those its records name), by id, from the ecosystem's nodes."""
    if ecosystem is None:
        return {}
    return {
        int(node.id.removeprefix("partner:")): PartnerName(
            id=int(node.id.removeprefix("partner:")), name_fi=node.label, kind=node.type or "other"
        )
        for node in ecosystem.nodes
        if node.kind == "partner"
    }


def members_of(ecosystem: EcosystemRead | None) -> dict[str, str]:
    """The member municipalities' Finnish names by code, as the ecosystem names them."""
    if ecosystem is None:
        return {}
    return {
        node.id.removeprefix("municipality:"): node.label
        for node in ecosystem.nodes
        if node.kind == "municipality"
    }


# The calls, one function each.


P = TypeVar("P", CooperationPage, ServicePage, ProjectPage)


async def _all(
    downstream: Downstream, path: str, page: type[P], params: Mapping[str, str]
) -> list[P]:
    """Every page of a list; none when the service has nothing for the area (its 404)."""
    pages: list[P] = []
    cursor: str | None = None
    while True:
        query = {**params, "limit": PAGE_SIZE} | ({"cursor": cursor} if cursor else {})
        try:
            read = await downstream.get(PARTNERS, path, page, query)
        except DownstreamFailure as failure:
            if failure.problem.status == 404 and not pages:
                return []
            raise
        pages.append(read)
        if read.next_cursor is None:
            return pages
        cursor = read.next_cursor


async def fetch_cooperation(
    downstream: Downstream,
    area_id: str,
    *,
    theme: str | None = None,
    expiring_within_days: int | None = None,
    on: dt.date | None = None,
) -> list[CooperationRead]:
    """The area's arrangements; `expiring_within_days`: those whose last day is from `on` to
    that many days after it (the service's window, both ends included)."""
    params: dict[str, str] = {}
    if theme is not None:
        params["theme"] = theme
    if expiring_within_days is not None:
        params["expiring_within_days"] = str(expiring_within_days)
    if on is not None:
        params["on"] = on.isoformat()
    path = f"/v1/areas/{area_id}/cooperation"
    pages = await _all(downstream, path, CooperationPage, params)
    return [item for page in pages for item in page.items]


async def fetch_services(
    downstream: Downstream, area_id: str, *, target_group: str | None = None
) -> list[ServiceRead]:
    params = {"target_group": target_group} if target_group is not None else {}
    pages = await _all(downstream, f"/v1/areas/{area_id}/services", ServicePage, params)
    return [item for page in pages for item in page.items]


async def fetch_projects(
    downstream: Downstream, area_id: str, *, theme: str | None = None
) -> list[ProjectRead]:
    params = {"theme": theme} if theme is not None else {}
    pages = await _all(downstream, f"/v1/areas/{area_id}/projects", ProjectPage, params)
    return [item for page in pages for item in page.items]


async def _recorded(
    downstream: Downstream, path: str, model: type[M], params: dict[str, str]
) -> M | None:
    try:
        return await downstream.get(PARTNERS, path, model, params)
    except DownstreamFailure as failure:
        if failure.problem.status == 404:
            return None
        raise


async def fetch_coverage(downstream: Downstream, area_id: str, on: dt.date) -> CoverageRead | None:
    """Target groups x members on `on`; none: nothing recorded for the area (its 404)."""
    path = f"/v1/areas/{area_id}/coverage"
    return await _recorded(downstream, path, CoverageRead, {"on": on.isoformat()})


async def fetch_ecosystem(
    downstream: Downstream, area_id: str, on: dt.date
) -> EcosystemRead | None:
    path = f"/v1/areas/{area_id}/ecosystem"
    return await _recorded(downstream, path, EcosystemRead, {"on": on.isoformat()})


class AreaName(BaseModel):
    id: str
    name_fi: str


class AreaPage(BaseModel):
    items: list[AreaName]
    next_cursor: str | None = None


async def fetch_area_names(downstream: Downstream, area_ids: set[str]) -> dict[str, str]:
    """Finnish names of the other areas the caller may read (a reviewer: all; a planner or
    viewer: none but their own), from one page; empty when the areas service cannot say.
    They only label the arrangements, which print the id of an area without a name."""
    if not area_ids:
        return {}
    try:
        page = await downstream.get(AREAS, "/v1/areas", AreaPage, {"limit": PAGE_SIZE})
    except DownstreamFailure:
        return {}
    return {a.id: a.name_fi for a in page.items if a.id in area_ids}

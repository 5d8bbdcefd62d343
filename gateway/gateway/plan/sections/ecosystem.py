"""Section 8, the regional employment ecosystem (Alueellinen työllisyyden hoidon
ekosysteemi), from the partners service.

What the source plan's §8 sets (DOMAIN.md §5): the municipalities' service inventory
(palvelukartoitus) is the basis of the ecosystem, which coordinates the services, their
interfaces and the cooperation between the organisations; its gaps, a target group with
no service in a member municipality, matter for planning. The section shows the coverage
matrix on the plan's `on` (the plan's customer roles, §3.4, by member, each cell the
active services there) with its gaps highlighted and counted, the ecosystem graph
(partners, members, services, cooperation, projects and other areas, and who provides,
serves, takes part in and funds what) drawn as SVG with its numbers in tables, and the
area's projects. All of it as the partners service computes it: the gaps are its own.
Three calls at once, within the plan's deadline: the coverage and the ecosystem on `on`,
and the projects. Nothing recorded (the service's 404) is "not yet recorded".

Its overview column: the coverage's gaps, from one call an area (the coverage).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from pydantic import BaseModel

from gateway.plan import graph
from gateway.plan.document import Source
from gateway.plan.downstream import together
from gateway.plan.section import Column, OverviewColumns, PlanContext, Section, SectionData
from gateway.plan.sections.chapters import CHAPTERS_FI
from gateway.plan.sections.partners import (
    COOPERATION_KINDS_FI,
    PARTNER_KINDS_FI,
    PARTNERS,
    STATUSES_FI,
    TARGET_GROUPS_FI,
    THEMES_FI,
    CoverageRead,
    EcosystemRead,
    ProjectRead,
    fetch_coverage,
    fetch_ecosystem,
    fetch_projects,
    members_of,
    partners_of,
)

COVERAGE_SOURCE = "Työllisyysalueen palvelukartoitus (partners-palvelu)"
ECOSYSTEM_SOURCE = "Työllisyysalueen yhteistyötahot, yhteistyö ja hankkeet (partners-palvelu)"


class EcosystemData(SectionData):
    on: dt.date
    coverage: CoverageRead | None  # none: nothing recorded for the area yet
    ecosystem: EcosystemRead | None
    projects: list[ProjectRead]

    def sources(self) -> list[Source]:
        found = []
        if self.coverage is not None and self.coverage.services:
            found.append(Source(source=COVERAGE_SOURCE, period=self.on.isoformat()))
        if self.ecosystem is not None and len(self.ecosystem.nodes) > len(
            members_of(self.ecosystem)
        ):
            found.append(Source(source=ECOSYSTEM_SOURCE, period=self.on.isoformat()))
        return found


async def fetch(context: PlanContext) -> EcosystemData:
    downstream, area_id, on = context.downstream, context.area.id, context.on
    async with together() as group:
        coverage = group.create_task(fetch_coverage(downstream, area_id, on))
        ecosystem = group.create_task(fetch_ecosystem(downstream, area_id, on))
        projects = group.create_task(fetch_projects(downstream, area_id))
    return EcosystemData(
        on=on, coverage=coverage.result(), ecosystem=ecosystem.result(), projects=projects.result()
    )


class MatrixCell(BaseModel):
    services: int
    gap: bool
    names: list[str]  # the services, for the cell's title


class MatrixRow(BaseModel):
    target_group: str
    title_fi: str
    cells: list[MatrixCell]
    services: int
    covered: int
    gaps: int


class GapLine(BaseModel):
    title_fi: str
    municipalities: list[str]  # where the group has no service; all: every member


def matrix(coverage: CoverageRead) -> list[MatrixRow]:
    """The service's rows in its order, each cell under its column's member."""
    names = {s.id: s.name for s in coverage.services}
    rows = []
    for row in coverage.rows:
        cells = {c.municipality_code: c.service_ids for c in row.cells}
        rows.append(
            MatrixRow(
                target_group=row.target_group,
                title_fi=TARGET_GROUPS_FI.get(row.target_group, row.target_group),
                cells=[
                    MatrixCell(
                        services=len(cells.get(m.code, [])),
                        gap=not cells.get(m.code),
                        names=[names.get(i, str(i)) for i in cells.get(m.code, [])],
                    )
                    for m in coverage.municipalities
                ],
                services=row.services,
                covered=row.covered,
                gaps=row.gaps,
            )
        )
    return rows


def gap_lines(coverage: CoverageRead) -> list[GapLine]:
    """The gaps by target group, in the rows' order."""
    names = {m.code: m.name_fi or m.code for m in coverage.municipalities}
    lines: dict[str, list[str]] = {}
    for gap in coverage.gaps:
        lines.setdefault(gap.target_group, []).append(
            names.get(gap.municipality_code, gap.municipality_code)
        )
    return [
        GapLine(title_fi=TARGET_GROUPS_FI.get(group, group), municipalities=found)
        for group, found in lines.items()
    ]


class KeyRow(BaseModel):
    number: int
    kind_fi: str
    label: str
    type_fi: str
    links: int


def _type_fi(node: Any) -> str:
    labels = {
        "partner": PARTNER_KINDS_FI,
        "cooperation": COOPERATION_KINDS_FI,
        "service": STATUSES_FI,
        "project": STATUSES_FI,
    }.get(node.kind, {})
    return labels.get(node.type, node.type or "") if node.type else ""


def view(data: dict[str, Any]) -> dict[str, Any]:
    ecosystem = EcosystemData.model_validate(data)
    coverage, read = ecosystem.coverage, ecosystem.ecosystem
    nodes = [graph.Node(n.id, n.kind, n.label) for n in read.nodes] if read else []
    edges = [graph.Edge(e.source, e.target, e.kind) for e in read.edges] if read else []
    numbers = graph.numbered(nodes)
    degree: Counter[str] = Counter()
    for edge in edges:
        degree.update((edge.source, edge.target))
    key = sorted(
        (
            KeyRow(
                number=numbers[n.id],
                kind_fi=graph.NODE_KINDS_FI.get(n.kind, n.kind),
                label=n.label,
                type_fi=_type_fi(n),
                links=degree[n.id],
            )
            for n in (read.nodes if read else [])
        ),
        key=lambda row: row.number,
    )
    # A graph of the members alone says nothing: it is drawn once anything else is recorded.
    drawn = read is not None and len(nodes) > len(members_of(read))
    partners = partners_of(read)
    members = members_of(read)

    def provider(service: Any) -> str:
        if service.provider.partner_id is not None:
            found = partners.get(service.provider.partner_id)
            return found.name_fi if found else f"yhteistyötaho {service.provider.partner_id}"
        code = service.provider.municipality_code or ""
        return members.get(code, code)

    def partner(partner_id: int) -> str:
        found = partners.get(partner_id)
        return found.name_fi if found else f"yhteistyötaho {partner_id}"

    return {
        "ecosystem": ecosystem,
        "coverage": coverage,
        "matrix": matrix(coverage) if coverage else [],
        "gap_lines": gap_lines(coverage) if coverage else [],
        "graph": graph.ecosystem_svg(
            title=f"Työllisyyden hoidon ekosysteemi {ecosystem.on.day}.{ecosystem.on.month}."
            f"{ecosystem.on.year}",
            nodes=nodes,
            edges=edges,
        )
        if drawn
        else None,
        "key": key,
        "node_counts": [
            (name, sum(n.kind == kind for n in nodes))
            for kind, name in graph.NODE_KINDS_FI.items()
            if any(n.kind == kind for n in nodes)
        ],
        "edge_counts": [
            (name, sum(e.kind == kind for e in edges))
            for kind, name in graph.EDGE_KINDS_FI.items()
            if any(e.kind == kind for e in edges)
        ],
        "edges": len(edges),
        "provider": provider,
        "partner": partner,
        "themes": lambda values: ", ".join(THEMES_FI.get(t, t) for t in values),
        "statuses_fi": STATUSES_FI,
    }


# Its overview column: the coverage's gaps.


class CoverageOverviewData(SectionData):
    coverage: CoverageRead | None


async def fetch_overview(context: PlanContext) -> CoverageOverviewData:
    coverage = await fetch_coverage(context.downstream, context.area.id, context.on)
    return CoverageOverviewData(coverage=coverage)


def overview_values(data: CoverageOverviewData) -> dict[str, Any]:
    if data.coverage is None or not data.coverage.totals.services:
        return {}  # nothing in the inventory yet: no gaps to count
    return {"coverage_gaps": data.coverage.totals.gaps}


OVERVIEW = OverviewColumns(
    columns=(
        Column(
            "coverage_gaps",
            "Palveluaukot",
            "integer",
            "Target group x member cells with no active service on `on` (plan §8); "
            "null: no service recorded yet",
        ),
    ),
    values=overview_values,
    fetch=fetch_overview,
)


SECTION = Section(
    key="ecosystem",
    number=8,
    title_fi=CHAPTERS_FI[8],
    service=PARTNERS,
    fetch=fetch,
    template="ecosystem.html.j2",
    view=view,
    overview=OVERVIEW,
)

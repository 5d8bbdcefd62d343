"""Section 6, work-based immigration, matching and mobility (Työperäinen maahanmuutto,
kohtaanto ja liikkuvuus), from the partners service.

What the source plan's §6 sets: work-based immigration through the Welcome2EP project and
the employers' international recruitment (§6.1, with Business Finland and the KEHA centre
as §5 names them), and matching and mobility through training developed with the
education providers (§6.2). The section shows the area's cooperation arrangements and
projects with the immigration, international-recruitment or training theme, the services
for the customer roles those themes serve (§3.4: integration customers, kotoutujat, and
training customers; international recruitment has no role of its own, its services are
the employer services the arrangements and projects carry), and the partners all these
name. Calls at once, within the plan's deadline: the arrangements and the projects of each
theme, the services of each role, and the ecosystem on `on` for the partners' names.

Chapter 6 was the caseload service's placeholder; the caseload service has no figures
for it, and the partners service has these, so the chapter is this section.

Its overview takes part with no column: one call (the arrangements of one theme) says
whether the service answers for the area.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel

from gateway.plan.document import Source
from gateway.plan.downstream import together
from gateway.plan.section import OverviewColumns, PlanContext, Section, SectionData
from gateway.plan.sections.chapters import CHAPTERS_FI
from gateway.plan.sections.cooperation import partners_by_kind
from gateway.plan.sections.partners import (
    CHANNELS_FI,
    COOPERATION_KINDS_FI,
    MATCHING_THEMES,
    PARTNERS,
    STATUSES_FI,
    TARGET_GROUPS_FI,
    THEMES_FI,
    CooperationRead,
    PartnerName,
    ProjectRead,
    ServiceRead,
    fetch_cooperation,
    fetch_ecosystem,
    fetch_projects,
    fetch_services,
    members_of,
    partners_of,
)

# The customer roles of plan §3.4 the chapter's themes serve: immigration the integration
# customers (kotoutuja-asiakkaat), training the training customers (koulutusasiakkaat).
MATCHING_TARGET_GROUPS = {"immigration": "integration", "training": "training"}
SOURCE = "Työllisyysalueen yhteistyö, hankkeet ja palvelukartoitus (partners-palvelu)"


class MatchingData(SectionData):
    on: dt.date
    themes: list[str]
    arrangements: list[CooperationRead]  # with one of the themes, each once
    projects: list[ProjectRead]  # with one of the themes, each once
    services: list[ServiceRead]  # for one of the roles, not ended, each once
    partners: list[PartnerName]  # those the arrangements, projects and services name
    members: dict[str, str]  # member code -> its Finnish name (a member may provide a service)

    def sources(self) -> list[Source]:
        if not (self.arrangements or self.projects or self.services):
            return []
        return [Source(source=SOURCE, period=self.on.isoformat())]


def _once(items: list[Any]) -> list[Any]:
    """Each item once (an arrangement with two of the themes is in both lists), by id."""
    return sorted({item.id: item for item in items}.values(), key=lambda item: item.id)


async def fetch(context: PlanContext) -> MatchingData:
    downstream, area_id, on = context.downstream, context.area.id, context.on
    async with together() as group:
        cooperation = [
            group.create_task(fetch_cooperation(downstream, area_id, theme=t))
            for t in MATCHING_THEMES
        ]
        projects = [
            group.create_task(fetch_projects(downstream, area_id, theme=t)) for t in MATCHING_THEMES
        ]
        services = [
            group.create_task(fetch_services(downstream, area_id, target_group=g))
            for g in MATCHING_TARGET_GROUPS.values()
        ]
        ecosystem = group.create_task(fetch_ecosystem(downstream, area_id, on))
    arrangements = _once([c for task in cooperation for c in task.result()])
    found = _once([p for task in projects for p in task.result()])
    # An ended service is no longer part of the chapter's offer (as in the ecosystem).
    offered = _once([s for task in services for s in task.result() if s.status != "ended"])
    named = {i for c in arrangements for i in c.partner_ids}
    named |= {i for p in found for i in p.partner_ids}
    named |= {p.funder_partner_id for p in found if p.funder_partner_id is not None}
    named |= {s.provider.partner_id for s in offered if s.provider.partner_id is not None}
    graph = ecosystem.result()
    partners = partners_of(graph)
    return MatchingData(
        on=on,
        themes=list(MATCHING_THEMES),
        arrangements=arrangements,
        projects=found,
        services=offered,
        partners=[partners[i] for i in sorted(named) if i in partners],
        members=members_of(graph),
    )


class ThemeCount(BaseModel):
    theme: str
    title_fi: str
    arrangements: int
    projects: int
    services: int | None  # none: the theme has no customer role of its own


def theme_counts(data: MatchingData) -> list[ThemeCount]:
    return [
        ThemeCount(
            theme=theme,
            title_fi=THEMES_FI.get(theme, theme),
            arrangements=sum(theme in c.themes for c in data.arrangements),
            projects=sum(theme in p.themes for p in data.projects),
            services=sum(MATCHING_TARGET_GROUPS[theme] in s.target_groups for s in data.services)
            if theme in MATCHING_TARGET_GROUPS
            else None,
        )
        for theme in data.themes
    ]


def view(data: dict[str, Any]) -> dict[str, Any]:
    matching = MatchingData.model_validate(data)
    names = {p.id: p.name_fi for p in matching.partners}

    def partner(partner_id: int) -> str:
        return names.get(partner_id, f"yhteistyötaho {partner_id}")

    def partners(ids: list[int]) -> str:
        return ", ".join(partner(i) for i in ids)

    def provider(service: ServiceRead) -> str:
        if service.provider.partner_id is not None:
            return partner(service.provider.partner_id)
        code = service.provider.municipality_code or ""
        return matching.members.get(code, code)

    def themes(values: list[str]) -> str:
        return ", ".join(THEMES_FI.get(t, t) for t in values if t in matching.themes)

    def groups(values: list[str]) -> str:
        return ", ".join(TARGET_GROUPS_FI.get(g, g) for g in values)

    def channels(values: list[str]) -> str:
        return ", ".join(CHANNELS_FI.get(c, c) for c in values)

    return {
        "matching": matching,
        "counts": theme_counts(matching),
        "partner_kinds": partners_by_kind(matching.partners),
        "partner": partner,
        "partners": partners,
        "provider": provider,
        "themes": themes,
        "groups": groups,
        "channels": channels,
        "statuses_fi": STATUSES_FI,
        "cooperation_kinds_fi": COOPERATION_KINDS_FI,
        "members": len(matching.members),
    }


async def fetch_overview(context: PlanContext) -> SectionData:
    """Whether the service answers, for the overview's row: its lightest read."""
    await fetch_cooperation(context.downstream, context.area.id, theme=MATCHING_THEMES[0])
    return SectionData()


SECTION = Section(
    key="matching",
    number=6,
    title_fi=CHAPTERS_FI[6],
    service=PARTNERS,
    fetch=fetch,
    template="matching.html.j2",
    view=view,
    overview=OverviewColumns(columns=(), values=lambda _: {}, fetch=fetch_overview),
)

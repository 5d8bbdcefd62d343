"""Section 5, the partners and the forms of cooperation (Yhteistyötahot ja -muodot).

What the source plan's §5 and §5.1 set (DOMAIN.md §5): the area works with the ELY and
KEHA centres, the wellbeing services county, Kela, education providers, entrepreneur
associations and other stakeholders (as act 380/2023 requires; the plan's §5 misprints
it 308/2023), in working and theme groups, networks and agreements; and with other
employment areas, above all the one forming around Seinäjoki (§5.1). The section shows
the area's partners by kind, its arrangements by form, those whose last day falls
within 90 days of the plan's `on`, and those with other employment areas, as the
partners service records them. Calls at once, within the plan's deadline: every
arrangement, the expiring ones (the service's window), and the ecosystem on `on` for
the partners' names and kinds and the members' names; then the other areas' names from
the areas service, where the caller may read them.

Its overview columns: the number of arrangements and of those expiring within 90 days,
from the two cooperation lists.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel

from gateway.plan.document import Source
from gateway.plan.downstream import together
from gateway.plan.section import Column, OverviewColumns, PlanContext, Section, SectionData
from gateway.plan.sections.chapters import CHAPTERS_FI
from gateway.plan.sections.partners import (
    COOPERATION_KINDS_FI,
    PARTNER_KINDS_FI,
    PARTNERS,
    THEMES_FI,
    CooperationRead,
    PartnerName,
    fetch_area_names,
    fetch_cooperation,
    fetch_ecosystem,
    members_of,
    partners_of,
)

# The window (plan §5): arrangements whose last day is within 90 days of `on`.
EXPIRING_WITHIN_DAYS = 90
SOURCE = "Työllisyysalueen yhteistyötahot ja yhteistyömuodot (partners-palvelu)"


class CooperationData(SectionData):
    on: dt.date
    expiring_within_days: int
    arrangements: list[CooperationRead]
    expiring: list[CooperationRead]  # last day from `on` to `on` + the window
    partners: list[PartnerName]  # the area's partners: those its records name
    members: dict[str, str]  # member code -> its Finnish name, as the ecosystem named it
    area_names: dict[str, str]  # another area's id -> its name, where the caller may read it

    def sources(self) -> list[Source]:
        if not self.arrangements and not self.partners:
            return []
        return [Source(source=SOURCE, period=self.on.isoformat())]


async def fetch(context: PlanContext) -> CooperationData:
    downstream, area_id, on = context.downstream, context.area.id, context.on
    async with together() as group:
        arrangements = group.create_task(fetch_cooperation(downstream, area_id))
        expiring = group.create_task(
            fetch_cooperation(downstream, area_id, expiring_within_days=EXPIRING_WITHIN_DAYS, on=on)
        )
        ecosystem = group.create_task(fetch_ecosystem(downstream, area_id, on))
    others = {a for c in arrangements.result() for a in c.area_ids}
    graph = ecosystem.result()
    return CooperationData(
        on=on,
        expiring_within_days=EXPIRING_WITHIN_DAYS,
        arrangements=arrangements.result(),
        expiring=expiring.result(),
        partners=list(partners_of(graph).values()),
        members=members_of(graph),
        area_names=await fetch_area_names(downstream, others),
    )


class KindGroup(BaseModel):
    kind: str
    title_fi: str
    names: list[str]


def partners_by_kind(partners: list[PartnerName]) -> list[KindGroup]:
    """The partners grouped by kind in the vocabulary's order, names alphabetical."""
    order = list(PARTNER_KINDS_FI)
    kinds = sorted(
        {p.kind for p in partners}, key=lambda k: (order.index(k) if k in order else 99, k)
    )
    return [
        KindGroup(
            kind=kind,
            title_fi=PARTNER_KINDS_FI.get(kind, kind),
            names=sorted(p.name_fi for p in partners if p.kind == kind),
        )
        for kind in kinds
    ]


class Arrangement(BaseModel):
    """One arrangement as the document prints it: who is in it, by name."""

    cooperation: CooperationRead
    parties: list[str]  # partners, then other areas, then member municipalities
    areas: list[str]  # the other areas, by name where known
    themes_fi: list[str]


def _arrangement(data: CooperationData, item: CooperationRead) -> Arrangement:
    names = {p.id: p.name_fi for p in data.partners}
    parties = [names.get(i, f"yhteistyötaho {i}") for i in item.partner_ids]
    areas = [data.area_names.get(a, a) for a in item.area_ids]
    parties += areas
    if len(item.municipality_codes) == len(data.members) and data.members:
        parties.append(f"kaikki {len(data.members)} jäsenkuntaa")
    else:
        parties += [data.members.get(c, c) for c in item.municipality_codes]
    themes = [THEMES_FI.get(t, t) for t in item.themes]
    return Arrangement(cooperation=item, parties=parties, areas=areas, themes_fi=themes)


class FormGroup(BaseModel):
    kind: str
    title_fi: str
    arrangements: list[Arrangement]


def by_form(data: CooperationData) -> list[FormGroup]:
    """The arrangements by form: agreements and letters of intent, then working groups,
    the rest in the vocabulary's order."""
    order = list(COOPERATION_KINDS_FI)
    kinds = sorted(
        {c.kind for c in data.arrangements}, key=lambda k: (order.index(k) if k in order else 99, k)
    )
    return [
        FormGroup(
            kind=kind,
            title_fi=COOPERATION_KINDS_FI.get(kind, kind),
            arrangements=[_arrangement(data, c) for c in data.arrangements if c.kind == kind],
        )
        for kind in kinds
    ]


def view(data: dict[str, Any]) -> dict[str, Any]:
    cooperation = CooperationData.model_validate(data)
    return {
        "cooperation": cooperation,
        # The service's window: from `on` to `on` + the days, both included.
        "window_end": cooperation.on + dt.timedelta(days=cooperation.expiring_within_days),
        "partner_kinds": partners_by_kind(cooperation.partners),
        "forms": by_form(cooperation),
        "expiring": [_arrangement(cooperation, c) for c in cooperation.expiring],
        "with_areas": [
            _arrangement(cooperation, c) for c in cooperation.arrangements if c.area_ids
        ],
        "cooperation_kinds_fi": COOPERATION_KINDS_FI,
    }


# Its overview columns: the arrangements and those expiring.


class CooperationOverviewData(SectionData):
    arrangements: int
    expiring: int


async def fetch_overview(context: PlanContext) -> CooperationOverviewData:
    downstream, area_id = context.downstream, context.area.id
    async with together() as group:
        arrangements = group.create_task(fetch_cooperation(downstream, area_id))
        expiring = group.create_task(
            fetch_cooperation(
                downstream, area_id, expiring_within_days=EXPIRING_WITHIN_DAYS, on=context.on
            )
        )
    return CooperationOverviewData(
        arrangements=len(arrangements.result()), expiring=len(expiring.result())
    )


def overview_values(data: CooperationOverviewData) -> dict[str, Any]:
    return {"cooperation_arrangements": data.arrangements, "cooperation_expiring": data.expiring}


OVERVIEW = OverviewColumns(
    columns=(
        Column(
            "cooperation_arrangements",
            "Yhteistyömuodot",
            "integer",
            "The area's cooperation arrangements (agreements, working groups, networks, ...)",
        ),
        Column(
            "cooperation_expiring",
            "Päättyy 90 pv",
            "integer",
            "Arrangements whose last day is within 90 days of `on`",
        ),
    ),
    values=overview_values,
    fetch=fetch_overview,
)


SECTION = Section(
    key="cooperation",
    number=5,
    title_fi=CHAPTERS_FI[5],
    service=PARTNERS,
    fetch=fetch,
    template="cooperation.html.j2",
    view=view,
    overview=OVERVIEW,
)

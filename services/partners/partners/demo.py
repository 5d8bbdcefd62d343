"""Demo data for the Kympin työllisyysalue (`alue run`), loaded idempotently.

From the source organisation plan (September 2023; DOMAIN.md §5), each record saying where:
the partners it names (§3, §5-§8), Kymppi's cooperation (the letter of intent between
the ten municipalities, §1.2; the preparation working group, §3.2; the working and theme
groups, §3.2, §3.6, §5; the networks of §3.7 and §5; the cooperation with the Seinäjoki-
region area and the neighbouring areas, §5.1, §6.2), a service inventory of the services
the plan's text names (§3.6, §3.8, §3.11, §6.1) and the two projects it names (the Kymppi
preparation project funded by AKKE, §3; Welcome2EP, §6.1).

No source gives a business ID, website, amount or project period for any of them, so none
is recorded. Where a field needs a day the plan does not give, the record's `note` says
which day stands in and why. The municipalities a regional partner serves are the ten
members, which the plan places in South Ostrobothnia (§1.2); national ones list none. The
plan's municipal inventory itself (its figure 9 and appendix 1) is an image, so each
service reaches all ten members as the plan describes it for the area; the target groups
for which the plan's text names no service are the inventory's gaps.
Loading again adds only what is missing and never overwrites an edit made through the API.
"""

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from partners.models import Cooperation, Partner, Project, Service
from partners.repository import areas as area_repository
from partners.vocabulary import CooperationKind, PartnerKind, Theme

AREA_ID = "kymppi"
# The areas demo's id of the area forming around Seinäjoki (plan §5.1), and the other
# neighbours the plan names that the areas demo has (§5.1, §6.2).
SEINAJOKI_REGION = "seinajoki-ilmajoki-isokyro"
NEIGHBOUR_AREAS = (SEINAJOKI_REGION, "suupohja", "keski-pohjanmaa")
MEMBERS = ("005", "010", "052", "233", "300", "403", "408", "759", "934", "989")
# The plan was written in September 2023 (§1.2): what it describes as in place was so then.
PLAN_DATE = dt.date(2023, 9, 1)
AREAS_START = dt.date(2025, 1, 1)

K = PartnerKind
T = Theme
# (Finnish name, kind, serves the members?, what it provides, the plan's section)
PARTNERS: tuple[tuple[str, PartnerKind, bool, tuple[str, ...]], ...] = (
    (
        "Etelä-Pohjanmaan ELY-keskus",
        K.ely_centre,
        True,
        ("yrityspalvelut", "valmennukset ja koulutukset"),
    ),
    (
        "KEHA-keskus",
        K.keha_centre,
        False,
        ("valtakunnallinen tietovaranto ja asiakastietojärjestelmä", "kansainvälinen rekrytointi"),
    ),
    (
        "Etelä-Pohjanmaan TE-toimisto",
        K.te_office,
        True,
        ("työvoimapalvelut siirtymävaiheessa", "työmarkkinatieto"),
    ),
    (
        "Etelä-Pohjanmaan hyvinvointialue",
        K.wellbeing_services_county,
        True,
        ("sosiaali- ja terveyspalvelut", "monialainen yhteispalvelu"),
    ),
    ("Kela", K.kela, False, ("monialainen yhteispalvelu", "etuudet")),
    ("Jami", K.education_provider, False, ("ammatillinen koulutus",)),
    ("Sedu", K.education_provider, False, ("ammatillinen koulutus",)),
    ("SeAMK", K.education_provider, False, ("ammattikorkeakoulutus",)),
    ("Maakuntakorkeakoulu", K.education_provider, False, ("korkeakoulutus",)),
    ("Alueen yrittäjäyhdistykset", K.entrepreneur_association, True, ("yrittäjien edunvalvonta",)),
    ("Uusyrityskeskus", K.new_business_centre, True, ("yrityksen perustamisneuvonta",)),
    ("Kuntien kehitysyhtiöt", K.development_company, True, ("elinkeinopalvelut",)),
    ("Alueen työpajatoimijat", K.workshop, True, ("nuorten työpaja", "etsivä nuorisotyö")),
    ("Alueen Ohjaamot", K.ohjaamo, True, ("nuorten ohjaus ja neuvonta",)),
    (
        "Työllisyyttä edistävät yhdistykset ja järjestöt",
        K.association,
        True,
        ("työllistymistä tukevat palvelut",),
    ),
    (
        "Welcome2EP-hanke",
        K.project,
        True,
        ("maahanmuuttajien ohjaus ja neuvonta", "työlupaneuvonta"),
    ),
    ("Business Finland", K.state_agency, False, ("kansainvälinen rekrytointi",)),
    ("Etelä-Pohjanmaan liitto", K.regional_council, True, ("AKKE-rahoitus", "ennakointi")),
    ("Sitra", K.other, False, ("ennakointitieto",)),
    ("Työ- ja elinkeinoministeriö", K.state_agency, False, ("ennakointi",)),
    ("Opetushallitus, jatkuvan oppimisen palvelukeskus", K.state_agency, False, ("ennakointi",)),
    ("Kuntaliitto", K.association, False, ("ennakointi",)),
    ("Pohjanmaan työllisyysalueet", K.employment_area, False, ("työllisyysalueiden yhteistyö",)),
)


async def _partners(session: AsyncSession) -> tuple[dict[str, int], int]:
    """The partners by Finnish name, added where none of that name exists."""
    existing = {
        name: id_
        for id_, name in (
            await session.execute(select(Partner.id, Partner.name["fi"].astext))
        ).all()
    }
    added = 0
    for name, kind, regional, provides in PARTNERS:
        if name in existing:
            continue
        partner = Partner(
            name={"fi": name},
            kind=kind.value,
            municipalities=list(MEMBERS) if regional else [],
            provided_services=list(provides),
        )
        session.add(partner)
        await session.flush()
        existing[name] = partner.id
        added += 1
    return existing, added


def _cooperation() -> list[dict[str, Any]]:
    at_plan = f"In place when the plan was written; it gives no start, so {PLAN_DATE} stands in."
    return [
        {
            "kind": CooperationKind.letter_of_intent,
            "title": "Aiesopimus Kympin työllisyysalueen muodostamisesta",
            "municipality_codes": list(MEMBERS),
            "valid_from": PLAN_DATE,
            "note": "Plan §1.2: the ten municipalities agreed by a letter of intent to form "
            "the area; the plan was made in accordance with it. " + at_plan,
        },
        {
            "kind": CooperationKind.working_group,
            "title": "Valmistelutyöryhmä",
            "municipality_codes": list(MEMBERS),
            "valid_from": PLAN_DATE,
            "note": "Plan §3.2: representatives of every municipality. " + at_plan,
        },
        {
            "kind": CooperationKind.working_group,
            "title": "Asiakasryhmien palveluita käsittelevät työ- ja teemaryhmät",
            "themes": [T.multi_sectoral, T.employer_services, T.youth, T.immigration],
            "partners": [
                "Etelä-Pohjanmaan ELY-keskus",
                "Etelä-Pohjanmaan TE-toimisto",
                "Jami",
                "Sedu",
                "SeAMK",
                "Alueen yrittäjäyhdistykset",
            ],
            "valid_from": PLAN_DATE,
            "note": "Plan §3.2 and §5: representatives of organisations invited to working "
            "and theme groups on the services of each customer group. " + at_plan,
        },
        {
            "kind": CooperationKind.working_group,
            "title": "Moniammatilliset työryhmät: tehostetut ja monialaiset palvelut",
            "themes": [T.multi_sectoral, T.wellbeing, T.youth],
            "partners": [
                "Etelä-Pohjanmaan hyvinvointialue",
                "Kela",
                "Alueen työpajatoimijat",
                "Alueen Ohjaamot",
                "Sedu",
                "Jami",
            ],
            "valid_from": PLAN_DATE,
            "note": "Plan §3.6: cross-organisational working groups for service planning. "
            + at_plan,
        },
        {
            "kind": CooperationKind.network,
            "title": "Maahanmuutto- ja kotoutumistyön yhteistyöverkosto",
            "themes": [T.immigration, T.wellbeing, T.training],
            "partners": [
                "Etelä-Pohjanmaan hyvinvointialue",
                "Kela",
                "Welcome2EP-hanke",
                "Sedu",
                "Työllisyyttä edistävät yhdistykset ja järjestöt",
            ],
            "valid_from": PLAN_DATE,
            "note": "Plan §3.7: new networks with the wellbeing services county, Kela, "
            "projects, education and the third sector. " + at_plan,
        },
        {
            "kind": CooperationKind.network,
            "title": "Kansainvälinen rekrytointi",
            "themes": [T.international_recruitment, T.employer_services, T.immigration],
            "partners": ["Business Finland", "KEHA-keskus"],
            "valid_from": PLAN_DATE,
            "note": "Plan §5: employer services cooperate on international recruitment with "
            "Business Finland and the KEHA centre. " + at_plan,
        },
        {
            "kind": CooperationKind.co_development,
            "title": "Yhteistyö Seinäjoen alueen työllisyysalueen kanssa",
            "themes": [T.training, T.change_security, T.structural_change],
            "area_ids": [SEINAJOKI_REGION],
            "valid_from": AREAS_START,
            "note": "Plan §5.1: joint procurement, labour market training across areas, "
            "statutory tasks that need special skills, change security and payments. The "
            "plan gives no start; the areas' first day, 1.1.2025, stands in.",
        },
        {
            "kind": CooperationKind.network,
            "title": "Lähialueiden työllisyysalueiden yhteistyöpalaverit",
            "area_ids": list(NEIGHBOUR_AREAS),
            "partners": ["Pohjanmaan työllisyysalueet"],
            "valid_from": AREAS_START,
            "note": "Plan §5.1 and §6.2: meetings with the neighbouring areas on their "
            "labour needs; letters of intent may follow. The plan gives no start; the areas' "
            "first day, 1.1.2025, stands in.",
        },
    ]


def _services() -> list[tuple[str, str, list[str], str]]:
    return [
        (
            "Monialainen yhteispalvelu (TYP)",
            "Etelä-Pohjanmaan hyvinvointialue",
            ["multi_sectoral"],
            "Plan §3.6: the multi-sectoral joint service with the "
            "wellbeing services county and Kela.",
        ),
        (
            "ELY-keskuksen kilpailuttamat valmennukset ja koulutukset",
            "Etelä-Pohjanmaan ELY-keskus",
            ["jobseekers", "training"],
            "Plan §3.11: in the customers' use during the transition.",
        ),
        (
            "Maahanmuuttajien ohjaus, neuvonta ja työlupaneuvonta",
            "Welcome2EP-hanke",
            ["integration", "employers"],
            "Plan §6.1: guidance and advice for immigrant "
            "customers, work-permit advice, meetings of foreign workers and employers.",
        ),
        (
            "Nuorten työpajat ja etsivä nuorisotyö",
            "Alueen työpajatoimijat",
            ["young_people"],
            "Plan §3.8: youth workshops funded by the Ministry of "
            "Education and Culture, and outreach youth work.",
        ),
        (
            "Ohjaamo-toiminta",
            "Alueen Ohjaamot",
            ["young_people", "career_guidance"],
            "Plan §3.8: low-threshold multi-professional services for young people.",
        ),
        (
            "Yrityksen perustamisneuvonta",
            "Uusyrityskeskus",
            ["start_up"],
            "Plan §3.9, §5: start-up advice with the new business centre.",
        ),
        (
            "Elinkeino- ja yrityspalvelut",
            "Kuntien kehitysyhtiöt",
            ["employers"],
            "Plan §3.9: the municipalities' business services, as companies or their own.",
        ),
    ]


async def load_demo_data(session: AsyncSession) -> int:
    """Kymppi's partners, cooperation, service inventory and projects; what exists stays."""
    await area_repository.add_area(session, AREA_ID)
    ids, loaded = await _partners(session)
    loaded += await _load_cooperation(session, ids)
    loaded += await _load_services(session, ids)
    loaded += await _load_projects(session, ids)
    await session.flush()
    return loaded


async def _titles(session: AsyncSession, column: Any) -> set[str]:
    model = column.class_
    return set((await session.scalars(select(column).where(model.area_id == AREA_ID))).all())


async def _load_cooperation(session: AsyncSession, ids: dict[str, int]) -> int:
    existing = await _titles(session, Cooperation.title)
    added = 0
    for spec in _cooperation():
        if spec["title"] in existing:
            continue
        session.add(
            Cooperation(
                area_id=AREA_ID,
                kind=spec["kind"].value,
                title=spec["title"],
                themes=[theme.value for theme in spec.get("themes", [])],
                partner_ids=[ids[name] for name in spec.get("partners", [])],
                area_ids=spec.get("area_ids", []),
                municipality_codes=spec.get("municipality_codes", []),
                valid_from=spec["valid_from"],
                documents=[],
                note=spec["note"],
            )
        )
        added += 1
    return added


async def _load_services(session: AsyncSession, ids: dict[str, int]) -> int:
    existing = await _titles(session, Service.name)
    added = 0
    for name, provider, groups, description in _services():
        if name in existing:
            continue
        session.add(
            Service(
                area_id=AREA_ID,
                name=name,
                description=description,
                provider_partner_id=ids[provider],
                municipalities=list(MEMBERS),
                target_groups=groups,
                channels=["in_person"],
                status="active",
            )
        )
        added += 1
    return added


async def _load_projects(session: AsyncSession, ids: dict[str, int]) -> int:
    existing = await _titles(session, Project.name)
    projects = [
        Project(
            area_id=AREA_ID,
            name="Kymppi-valmisteluhanke",
            funder="AKKE",
            funder_partner_id=ids["Etelä-Pohjanmaan liitto"],
            partner_ids=[],
            themes=[],
            status="active",
            note="Plan §3: the municipalities' joint project preparing the transfer of the TE "
            "services, funded by the Regional Council of South Ostrobothnia's AKKE grant for "
            "sustainable growth and vitality of regions. Status as the plan (September 2023) "
            "describes it; its period and amount are not in the plan.",
        ),
        Project(
            area_id=AREA_ID,
            name="Welcome2EP",
            partner_ids=[ids["Welcome2EP-hanke"]],
            themes=[Theme.immigration.value, Theme.international_recruitment.value],
            status="active",
            note="Plan §6.1: a project in South Ostrobothnia in which the municipalities take "
            "part: guidance and advice for immigrant customers and the settling of "
            "international labour. Its funder, period and amount are not in the plan.",
        ),
    ]
    added = 0
    for project in projects:
        if project.name not in existing:
            session.add(project)
            added += 1
    return added

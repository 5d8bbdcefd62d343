"""Demo data: the other employment areas whose members the reference data names.

From `demo/employment_areas_partial.csv` (copied unchanged from the reference data): the
six areas besides Kymppi whose members it lists in full, with those members from
2025-01-01 like Kymppi's. Nothing else is invented: no source gives their labour force
or their borders, so their eligibility is honestly unknown (a missing figure is never
zero; without border data contiguity cannot be decided). Their population is the
mainland file's, which every municipality already has.

Two fields an area record cannot be without are not in any source, and are set by one
stated rule (demo/SOURCES.md): the organisation form is the lead-municipality model
(vastuukuntamalli; the reference data names Kymppi as the only joint authority created
for the reform), and the home municipality is the member with the largest population.
Loading again adds only what is missing and never overwrites an edit made through the API.
"""

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from areas.models import Area, AreaMembership
from areas.repository import areas as area_repository
from areas.vocabulary import OrganisationForm

DEMO_DIR = Path(__file__).parent / "demo"
MEMBERS_VALID_FROM = dt.date(2025, 1, 1)

# The reference file's area name -> our id and the name we print (an en dash joins towns).
OTHER_AREAS = {
    "Keski-Pohjanmaa": ("keski-pohjanmaa", "Keski-Pohjanmaa"),
    "Suupohja": ("suupohja", "Suupohja"),
    "Seinäjoki-Ilmajoki-Isokyrö": (
        "seinajoki-ilmajoki-isokyro",
        "Seinäjoki\u2013Ilmajoki\u2013Isokyrö",
    ),
    "Hanko-Inkoo-Raasepori": ("hanko-inkoo-raasepori", "Hanko\u2013Inkoo\u2013Raasepori"),
    "Porvoo": ("porvoo", "Porvoo"),
    "Jyväskylä-Muurame": ("jyvaskyla-muurame", "Jyväskylä\u2013Muurame"),
}


@dataclass(frozen=True)
class DemoArea:
    id: str
    name_fi: str
    member_codes: tuple[str, ...]  # in the order the source lists them
    home_municipality_code: str


def _read(name: str) -> list[dict[str, str]]:
    with (DEMO_DIR / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def other_areas() -> list[DemoArea]:
    mainland = _read("municipalities_mainland.csv")
    codes = {row["name"]: row["code"] for row in mainland}
    population = {row["code"]: int(row["population"]) for row in mainland}
    areas = []
    for row in _read("employment_areas_partial.csv"):
        if row["area"] not in OTHER_AREAS:
            continue
        area_id, name_fi = OTHER_AREAS[row["area"]]
        members = tuple(codes[name] for name in row["members"].split(";"))
        areas.append(
            DemoArea(
                id=area_id,
                name_fi=name_fi,
                member_codes=members,
                home_municipality_code=max(members, key=lambda c: population[c]),
            )
        )
    return areas


async def load_other_areas(session: AsyncSession) -> int:
    """Needs the municipalities loaded first; returns how many areas and memberships it added."""
    added = 0
    for demo in other_areas():
        if await area_repository.get_area(session, demo.id) is None:
            area = Area(
                id=demo.id,
                name_fi=demo.name_fi,
                # No source gives a Swedish name: the Finnish one stands in, as for municipalities.
                name_sv=demo.name_fi,
                organisation_form=OrganisationForm.lead_municipality,
                home_municipality_code=demo.home_municipality_code,
            )
            added += await area_repository.add_area(session, area)
        for code in demo.member_codes:
            # Any membership already covering the start (here or elsewhere) is left as it is.
            if await area_repository.overlapping_memberships(
                session, municipality_code=code, valid_from=MEMBERS_VALID_FROM, valid_to=None
            ):
                continue
            membership = AreaMembership(area_id=demo.id, municipality_code=code)
            added += await area_repository.save_membership(
                session, membership, valid_from=MEMBERS_VALID_FROM, valid_to=None
            )
    return added

"""How far each member is from its nearest place of service (DOMAIN.md §4), for the area's
open places or for any proposed set."""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from offices.repository.places import open_places
from offices.rules.accessibility import Accessibility, NearestBy, Thresholds, nearest_places
from offices.service.distances import EstimateTerms, legs_between
from offices.service.municipalities import (
    Municipality,
    Population,
    latest_population,
    municipalities,
)
from servicekit.db import Reads
from servicekit.peers import PeerCalls

# The kinds with a fixed place (a mobile unit moves, an online service has no place).
PLACE_KINDS = ("office", "local_service_point")


@dataclass(frozen=True)
class Place:
    municipality_code: str
    name: str | None
    office_id: int | None = None
    kind: str | None = None


@dataclass(frozen=True)
class AccessibilityTerms:
    thresholds: Thresholds
    nearest_by: NearestBy
    estimate: EstimateTerms


@dataclass(frozen=True)
class AccessibilityReport:
    area_id: str | None
    on: dt.date
    places: Sequence[Place]
    known: Mapping[str, Municipality]
    population: Mapping[str, Population] | None  # None: weights from the request
    result: Accessibility


async def area_places(reads: Reads, area_id: str, on: dt.date, kinds: Sequence[str]) -> list[Place]:
    return [
        Place(p.municipality_code, p.name, office_id=p.id, kind=p.kind)
        for p in await open_places(reads, area_id, on, kinds)
    ]


async def accessibility(
    reads: Reads,
    calls: PeerCalls,
    *,
    members: Sequence[str],
    area_id: str | None,
    on: dt.date,
    places: Sequence[Place],
    population: Mapping[str, float] | None,
    customers: Mapping[str, float] | None,
    terms: AccessibilityTerms,
) -> AccessibilityReport:
    """The nearest place of each of `members`, weighted by the given population, else by
    the areas service's latest figures at or before `on`."""
    place_codes = [p.municipality_code for p in places]
    known = await municipalities(calls, {*members, *place_codes})
    legs = await legs_between(reads, calls, members, place_codes, terms=terms.estimate, known=known)
    figures = None if population is not None else await latest_population(calls, members, on)
    weights = (
        population if population is not None else {c: f.value for c, f in (figures or {}).items()}
    )
    result = nearest_places(
        members,
        place_codes,
        legs.leg,
        legs.lengths(members, place_codes, minutes=terms.nearest_by is NearestBy.minutes),
        population=weights,
        customers=customers,
        thresholds=terms.thresholds,
    )
    return AccessibilityReport(area_id, on, places, known, figures, result)

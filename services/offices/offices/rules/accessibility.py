"""How far each member municipality is from its nearest place of service (DOMAIN.md §4:
service close to the customer in every member; poor public transport makes distance matter).

Per member: the nearest place (by km or by minutes), its km and minutes, and whether they are
estimated; over the members: the population- and customer-weighted mean km and minutes and
the share of the population (and of the customers) within the thresholds (inclusive). A
member with no known distance to any place, or without a weight, is left out of the figures
it cannot enter, and named.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from offices.rules.distances import Leg

DEFAULT_THRESHOLD_KM = 30.0
DEFAULT_THRESHOLD_MINUTES = 30.0


class NearestBy(StrEnum):
    km = "km"
    minutes = "minutes"


@dataclass(frozen=True)
class Thresholds:
    km: float = DEFAULT_THRESHOLD_KM
    minutes: float = DEFAULT_THRESHOLD_MINUTES


@dataclass(frozen=True)
class MemberAccess:
    municipality_code: str
    population: float | None
    customers: float | None
    place_index: int | None  # into the places given; None: no known distance to any
    leg: Leg | None
    within_km: bool | None
    within_minutes: bool | None


@dataclass(frozen=True)
class WeightedFigures:
    """Over the members with a weight and a known distance (`total` is their weight)."""

    total: float
    mean_km: float | None
    mean_minutes: float | None
    share_within_km: float | None
    share_within_minutes: float | None
    share_within_both: float | None


@dataclass(frozen=True)
class Accessibility:
    members: tuple[MemberAccess, ...]
    population: WeightedFigures
    customers: WeightedFigures | None  # None: no customer weights given
    without_distance: tuple[str, ...]
    without_population: tuple[str, ...]


def nearest_places(
    members: Sequence[str],
    place_codes: Sequence[str],
    leg: Callable[[str, str], Leg | None],
    lengths: np.ndarray,
    *,
    population: Mapping[str, float],
    customers: Mapping[str, float] | None = None,
    thresholds: Thresholds = Thresholds(),
) -> Accessibility:
    """`place_codes[p]` is the municipality of place p; `lengths[m, p]` the km or minutes
    (whichever "nearest" means) from member m to place p, NaN when unknown, and
    `leg(member, place_municipality)` the way there. Ties go to the place given first."""
    known = ~np.isnan(lengths)
    nearest = np.where(known, lengths, np.inf).argmin(axis=1) if lengths.size else []
    rows = []
    for m, code in enumerate(members):
        index = int(nearest[m]) if lengths.size and known[m].any() else None
        found = None if index is None else leg(code, place_codes[index])
        rows.append(
            MemberAccess(
                municipality_code=code,
                population=population.get(code),
                customers=None if customers is None else customers.get(code, 0.0),
                place_index=None if found is None else index,
                leg=found,
                within_km=None if found is None else found.km <= thresholds.km,
                within_minutes=None if found is None else found.minutes <= thresholds.minutes,
            )
        )
    return Accessibility(
        members=tuple(rows),
        population=weighted_figures(rows, lambda r: r.population),
        customers=None if customers is None else weighted_figures(rows, lambda r: r.customers),
        without_distance=tuple(r.municipality_code for r in rows if r.leg is None),
        without_population=tuple(r.municipality_code for r in rows if r.population is None),
    )


def weighted_figures(
    rows: Sequence[MemberAccess], weight_of: Callable[[MemberAccess], float | None]
) -> WeightedFigures:
    counted = [(w, r) for r in rows if (w := weight_of(r)) is not None and r.leg is not None]
    total = sum(w for w, _ in counted)
    if total <= 0:
        return WeightedFigures(total, None, None, None, None, None)

    def share(within: Callable[[MemberAccess], bool | None]) -> float:
        return sum(w for w, r in counted if within(r)) / total

    return WeightedFigures(
        total=total,
        mean_km=sum(w * r.leg.km for w, r in counted if r.leg) / total,
        mean_minutes=sum(w * r.leg.minutes for w, r in counted if r.leg) / total,
        share_within_km=share(lambda r: r.within_km),
        share_within_minutes=share(lambda r: r.within_minutes),
        share_within_both=share(lambda r: r.within_km and r.within_minutes),
    )

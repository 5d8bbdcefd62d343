"""Road distances between municipalities: recorded with their source, else estimated from
the municipalities' coordinates (`offices.rules.distances`; DOMAIN.md §4)."""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from offices.errors import BadDistanceRows
from offices.repository import distances as repository
from offices.rules.distances import (
    DEFAULT_ROAD_FACTOR,
    DEFAULT_SPEED_KMH,
    SAME_MUNICIPALITY,
    Leg,
    estimate_leg,
    estimate_method,
    great_circle_km_matrix,
    pair_key,
)
from offices.schemas.distances import DistanceWrite
from offices.service.municipalities import Municipality, municipalities
from servicekit.db import Reads
from servicekit.errors import FieldError
from servicekit.peers import PeerCalls


@dataclass(frozen=True)
class EstimateTerms:
    road_factor: float = DEFAULT_ROAD_FACTOR
    speed_kmh: float = DEFAULT_SPEED_KMH


@dataclass
class Legs:
    """The ways between municipalities: a recorded pair as recorded, another estimated from
    both ends' coordinates; None when neither is possible."""

    recorded: dict[tuple[str, str], Leg]
    coordinates: dict[str, tuple[float, float]]
    terms: EstimateTerms
    _estimates: dict[tuple[str, str], Leg | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._method = estimate_method(self.terms.road_factor, self.terms.speed_kmh)

    def leg(self, a: str, b: str) -> Leg | None:
        if a == b:
            return SAME_MUNICIPALITY
        key = pair_key(a, b)
        found = self.recorded.get(key)
        if found is not None:
            return found
        if key not in self._estimates:
            ends = self.coordinates.get(a), self.coordinates.get(b)
            self._estimates[key] = (
                None
                if ends[0] is None or ends[1] is None
                else estimate_leg(
                    ends[0],
                    ends[1],
                    road_factor=self.terms.road_factor,
                    speed_kmh=self.terms.speed_kmh,
                    method=self._method,
                )
            )
        return self._estimates[key]

    def lengths(
        self, origins: Sequence[str], destinations: Sequence[str], *, minutes: bool
    ) -> np.ndarray:
        """km (or minutes) from each origin to each destination at once, NaN where unknown:
        the estimates computed together, then the recorded pairs over them."""
        nan = (math.nan, math.nan)
        lengths = (
            great_circle_km_matrix(
                np.array([self.coordinates.get(c, nan) for c in origins]).reshape(-1, 2),
                np.array([self.coordinates.get(c, nan) for c in destinations]).reshape(-1, 2),
            )
            * self.terms.road_factor
        )
        if minutes:
            lengths = lengths / self.terms.speed_kmh * 60
        lengths = np.round(lengths, 1)
        # A code may come more than once (two places in one town): every row and column of
        # it gets the same figures.
        rows: dict[str, list[int]] = {}
        columns: dict[str, list[int]] = {}
        for i, code in enumerate(origins):
            rows.setdefault(code, []).append(i)
        for j, code in enumerate(destinations):
            columns.setdefault(code, []).append(j)
        for code, at in rows.items():
            if code in columns:
                lengths[np.ix_(at, columns[code])] = 0.0
        for (a, b), leg in self.recorded.items():
            for origin, destination in ((a, b), (b, a)):
                if origin in rows and destination in columns:
                    figure = leg.minutes if minutes else leg.km
                    lengths[np.ix_(rows[origin], columns[destination])] = figure
        return lengths

    @property
    def estimated_pairs(self) -> int:
        return sum(leg is not None for leg in self._estimates.values())


def _recorded_leg(row: Row[Any]) -> Leg:
    return Leg(row.km, row.minutes, row.is_estimate, row.source, row.method)


async def legs_between(
    reads: Reads,
    calls: PeerCalls,
    origins: Iterable[str],
    destinations: Iterable[str],
    *,
    terms: EstimateTerms,
    known: dict[str, Municipality] | None = None,
) -> Legs:
    """The legs from each origin to each destination. Coordinates come from `known` when
    given, otherwise from the areas service, asked only when a needed pair is unrecorded."""
    origins, destinations = sorted(set(origins)), sorted(set(destinations))
    rows = await repository.distances_among(reads, {*origins, *destinations})
    recorded = {(r.code_a, r.code_b): _recorded_leg(r) for r in rows}
    unrecorded = {
        code
        for a in origins
        for b in destinations
        if a != b and pair_key(a, b) not in recorded
        for code in (a, b)
    }
    if known is None and unrecorded:
        known = await municipalities(calls, unrecorded)
    coordinates = {
        code: xy for code, m in (known or {}).items() if (xy := m.coordinates) is not None
    }
    return Legs(recorded, coordinates, terms)


def _figures(row: DistanceWrite) -> tuple[object, ...]:
    return row.km, row.minutes, row.source, row.is_estimate, row.method


def _pair_errors(rows: Sequence[DistanceWrite], known: set[str]) -> list[FieldError]:
    """Each row's problems. A pair may come again (the other way, as a full matrix gives
    it) with the same figures; with other figures it contradicts itself."""
    errors = []
    first_at: dict[tuple[str, str], int] = {}
    for index, row in enumerate(rows):
        for name in ("from_code", "to_code"):
            code = getattr(row, name)
            if code not in known:
                errors.append(FieldError(f"distances.{index}.{name}", f"no municipality '{code}'"))
        if row.from_code == row.to_code:
            message = "a distance is between two municipalities"
            errors.append(FieldError(f"distances.{index}.to_code", message))
        earlier = first_at.setdefault(pair_key(row.from_code, row.to_code), index)
        if earlier != index and _figures(rows[earlier]) != _figures(row):
            message = (
                f"the pair of row {earlier} again with other figures (a distance is the same "
                "both ways)"
            )
            errors.append(FieldError(f"distances.{index}.to_code", message))
        if row.is_estimate and row.method is None:
            message = "an estimate says how it was made"
            errors.append(FieldError(f"distances.{index}.method", message))
    return errors


async def put_distances(
    session: AsyncSession, calls: PeerCalls, *, rows: Sequence[DistanceWrite]
) -> int:
    """Records each pair's distance (once per unordered pair; a pair recorded before is
    replaced): all rows or none. Codes are checked with the areas service."""
    codes = {code for row in rows for code in (row.from_code, row.to_code)}
    known = set(await municipalities(calls, codes))
    errors = _pair_errors(rows, known)
    if errors:
        raise BadDistanceRows(len(rows), errors)
    pairs = {pair_key(row.from_code, row.to_code): row for row in rows}
    await repository.upsert_distances(
        session,
        [
            {
                "code_a": code_a,
                "code_b": code_b,
                "km": row.km,
                "minutes": row.minutes,
                "source": row.source,
                "is_estimate": row.is_estimate,
                "method": row.method,
            }
            for (code_a, code_b), row in pairs.items()
        ],
    )
    return len(pairs)


@dataclass(frozen=True)
class PairDistance:
    from_code: str
    to_code: str
    leg: Leg | None


async def distances_among(
    reads: Reads, calls: PeerCalls, *, codes: Sequence[str], terms: EstimateTerms
) -> list[PairDistance]:
    """Every pair among `codes` once (the smaller code first), recorded or estimated."""
    ordered = sorted(set(codes))
    legs = await legs_between(reads, calls, ordered, ordered, terms=terms)
    return [
        PairDistance(a, b, legs.leg(a, b)) for i, a in enumerate(ordered) for b in ordered[i + 1 :]
    ]

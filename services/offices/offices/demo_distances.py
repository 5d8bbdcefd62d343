"""Demo distances for `alue run`: the Kymppi members' pairwise road distances, estimated.

No source in the reference data gives road distances between the members, so each pair is
estimated from the town-centre coordinates of `kymppi_municipalities.csv` (the areas
service's reference data, approximate): great-circle x 1.3, minutes at 70 km/h
(`offices.rules.distances`), stored with `is_estimate` and the method (DOMAIN.md §7: an
estimate is never presented as a statistic). The coordinates are the reference data's, copied
here because a demo loader writes its own schema only and cannot ask the areas service.
"""

from itertools import combinations

from sqlalchemy.ext.asyncio import AsyncSession

from offices.repository.distances import upsert_distances
from offices.rules.distances import estimate_leg, pair_key

# Kymppi's members: code -> (lat, lon), from shared/reference/data/kymppi_municipalities.csv.
KYMPPI_COORDINATES = {
    "005": (63.0, 23.817),
    "010": (62.5917, 23.617),
    "052": (63.3667, 23.475),
    "233": (63.1014, 23.0639),
    "300": (62.8083, 23.5083),
    "403": (63.2181, 23.6292),
    "408": (62.97, 23.0083),
    "759": (62.875, 24.2083),
    "934": (63.1617, 23.817),
    "989": (62.55, 24.067),
}
SOURCE = (
    "Estimate: no road distances in the reference data; from the town-centre coordinates of "
    "kymppi_municipalities.csv (approximate)"
)


def distance_rows() -> list[dict[str, object]]:
    rows = []
    for a, b in combinations(sorted(KYMPPI_COORDINATES), 2):
        leg = estimate_leg(KYMPPI_COORDINATES[a], KYMPPI_COORDINATES[b])
        code_a, code_b = pair_key(a, b)
        rows.append(
            {
                "code_a": code_a,
                "code_b": code_b,
                "km": leg.km,
                "minutes": leg.minutes,
                "source": SOURCE,
                "is_estimate": True,
                "method": leg.method,
            }
        )
    return rows


async def load_distance_demo(session: AsyncSession) -> None:
    """Idempotent: the 45 pairs are upserted, so a second run leaves the same 45 rows."""
    await upsert_distances(session, distance_rows())

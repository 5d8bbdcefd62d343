"""Exact placement through the API, checked by brute force over the Kymppi members."""

import itertools
from collections.abc import Callable

import httpx
import pytest

from offices.testing import KymppiReference

Auth = Callable[..., dict[str, str]]


def weighted_km(kymppi: KymppiReference, network: tuple[str, ...]) -> float:
    return sum(
        kymppi.population[c] * min(kymppi.road_km(c, p) for p in network) for c in kymppi.members
    )


def query(kymppi: KymppiReference, **changes: object) -> dict[str, object]:
    return {"candidates": kymppi.members, "demand": kymppi.population, "k": 4, **changes}


async def test_four_office_towns_for_kymppi_are_the_brute_force_optimum(
    client: httpx.AsyncClient, auth: Auth, kymppi: KymppiReference
) -> None:
    answer = await client.post(
        "/v1/placement",
        json=query(kymppi, current=["005", "233", "989", "010"]),
        headers=auth("viewer"),
    )
    assert answer.status_code == 200, answer.text
    result = answer.json()
    best = min(itertools.combinations(kymppi.members, 4), key=lambda n: weighted_km(kymppi, n))
    assert result["open"] == sorted(best)
    assert result["objective_value"] == pytest.approx(weighted_km(kymppi, best), rel=1e-6)
    assert result["status"] == "optimal"
    assert result["gap"] == 0
    assert result["solver"].startswith("HiGHS")
    assert result["distance"] == "km"
    assert result["total_weight"] == sum(kymppi.population.values())
    assert result["weighted_mean"] == pytest.approx(
        weighted_km(kymppi, best) / sum(kymppi.population.values()), abs=1e-4
    )
    assignments = {a["demand_code"]: a for a in result["assignments"]}
    assert sorted(assignments) == kymppi.members
    for code in best:
        assert assignments[code]["place_code"] == code
    assert all(a["is_estimate"] for a in assignments.values() if a["km"] > 0)
    current = result["current"]
    assert current["source"] == "request"
    assert current["objective_value"] == pytest.approx(
        weighted_km(kymppi, ("005", "010", "233", "989")), rel=1e-6
    )
    assert current["objective_value"] >= result["objective_value"]
    assert result["estimated_pairs"] > 0


async def test_fixed_places_are_in_the_answer(
    client: httpx.AsyncClient, auth: Auth, kymppi: KymppiReference
) -> None:
    fixed = ["005", "233", "989"]  # the leased premises of plan §4
    result = (
        await client.post("/v1/placement", json=query(kymppi, fixed=fixed), headers=auth("viewer"))
    ).json()
    best = min(
        (n for n in itertools.combinations(kymppi.members, 4) if set(fixed) <= set(n)),
        key=lambda n: weighted_km(kymppi, n),
    )
    assert result["open"] == sorted(best)


async def test_maximal_coverage_in_minutes(
    client: httpx.AsyncClient, auth: Auth, kymppi: KymppiReference
) -> None:
    body = query(kymppi, objective="max_coverage", radius_minutes=20, k=2)
    result = (await client.post("/v1/placement", json=body, headers=auth("viewer"))).json()
    assert result["distance"] == "minutes"

    def covered(network: tuple[str, ...]) -> int:
        return sum(
            kymppi.population[c]
            for c in kymppi.members
            if min(kymppi.road_minutes(c, p) for p in network) <= 20
        )

    best = max(map(covered, itertools.combinations(kymppi.members, 2)))
    assert result["objective_value"] == best
    assert result["status"] == "optimal"
    covered_codes = [a["demand_code"] for a in result["assignments"] if a["covered"]]
    assert sum(kymppi.population[c] for c in covered_codes) == result["objective_value"]


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"k": 2, "fixed": ["005", "233", "989"]}, ["k"]),
        ({"k": 11}, ["k"]),
        ({"fixed": ["020"]}, ["fixed.0"]),
    ],
)
async def test_infeasible_terms_are_422_naming_them(
    client: httpx.AsyncClient,
    auth: Auth,
    changes: dict[str, object],
    fields: list[str],
    kymppi: KymppiReference,
) -> None:
    answer = await client.post(
        "/v1/placement", json=query(kymppi, **changes), headers=auth("viewer")
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["type"] == "/problems/infeasible-placement"
    assert [e["field"] for e in answer.json()["errors"]] == fields


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"objective": "max_coverage"}, "radius_minutes"),
        ({"radius_km": 10}, "radius_km"),
        ({"objective": "max_coverage", "radius_minutes": 20, "distance": "km"}, "distance"),
        ({"k": 0}, "k"),
        ({"demand": {}}, "demand"),
        ({"time_limit_seconds": 0}, "time_limit_seconds"),
        ({"current": ["005"], "area_id": "kymppi"}, "current"),
    ],
)
async def test_bad_terms_are_422_naming_the_field(
    client: httpx.AsyncClient,
    auth: Auth,
    changes: dict[str, object],
    field: str,
    kymppi: KymppiReference,
) -> None:
    answer = await client.post(
        "/v1/placement", json=query(kymppi, **changes), headers=auth("admin")
    )
    assert answer.status_code == 422, answer.text
    assert field in [e["field"] for e in answer.json()["errors"]]


async def test_a_candidate_without_any_distance_is_named(
    client: httpx.AsyncClient, auth: Auth, kymppi: KymppiReference
) -> None:
    # Akaa (020) has no coordinates in the registry and no recorded distances.
    answer = await client.post(
        "/v1/placement",
        json=query(kymppi, candidates=[*kymppi.members, "020"]),
        headers=auth("viewer"),
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["type"] == "/problems/distance-unknown"
    assert [e["field"] for e in answer.json()["errors"]] == ["candidates.10"]


async def test_recorded_distances_are_used_over_estimates(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    rows = [
        {"from_code": "005", "to_code": "052", "km": 500, "minutes": 400, "source": "test"},
    ]
    await client.put("/v1/distances", json={"distances": rows}, headers=auth("admin"))
    body = {"candidates": ["005", "052"], "demand": {"005": 1, "052": 1}, "k": 1}
    result = (await client.post("/v1/placement", json=body, headers=auth("viewer"))).json()
    assert result["objective_value"] == 500
    assert result["estimated_pairs"] == 0


async def test_comparing_with_another_areas_offices_is_404(
    client: httpx.AsyncClient, auth: Auth, kymppi: KymppiReference
) -> None:
    outsider = auth("viewer", areas=["suupohja"])
    answer = await client.post(
        "/v1/placement", json=query(kymppi, area_id="kymppi"), headers=outsider
    )
    assert answer.status_code == 404

"""Road distances through the API: recorded with a source, else estimated and marked."""

from collections.abc import Callable

import httpx
import pytest

from offices.testing import KymppiReference

Auth = Callable[..., dict[str, str]]


async def test_a_recorded_pair_is_answered_both_ways_and_others_are_estimated(
    client: httpx.AsyncClient, auth: Auth, kymppi: KymppiReference
) -> None:
    row = {"from_code": "010", "to_code": "005", "km": 47.5, "minutes": 38, "source": "Digiroad"}
    written = await client.put("/v1/distances", json={"distances": [row]}, headers=auth("admin"))
    assert written.status_code == 200, written.text
    assert written.json() == {"pairs": 1}
    read = await client.get("/v1/distances?codes=233,005,010", headers=auth("viewer"))
    assert read.status_code == 200, read.text
    body = read.json()
    pairs = {(d["from_code"], d["to_code"]): d for d in body["distances"]}
    assert list(pairs) == [("005", "010"), ("005", "233"), ("010", "233")]
    assert pairs[("005", "010")] == {
        "from_code": "005",
        "to_code": "010",
        "km": 47.5,
        "minutes": 38.0,
        "is_estimate": False,
        "source": "Digiroad",
        "method": None,
    }
    estimated = pairs[("005", "233")]
    assert estimated["is_estimate"] is True
    assert estimated["source"] is None
    assert estimated["method"] == body["estimate"]["method"]
    assert estimated["km"] == pytest.approx(kymppi.road_km("005", "233"), abs=0.1)
    assert estimated["minutes"] == pytest.approx(estimated["km"] / 70 * 60, abs=0.1)
    assert body["estimate"]["road_factor"] == 1.3
    assert body["estimate"]["speed_kmh"] == 70
    assert body["unknown"] == []


async def test_estimates_follow_the_stated_road_factor_and_speed(
    client: httpx.AsyncClient, auth: Auth, kymppi: KymppiReference
) -> None:
    read = await client.get(
        "/v1/distances?codes=005,989&road_factor=1.5&speed_kmh=60", headers=auth("viewer")
    )
    (pair,) = read.json()["distances"]
    assert pair["km"] == pytest.approx(kymppi.road_km("005", "989", 1.5), abs=0.1)
    assert pair["minutes"] == pytest.approx(pair["km"], abs=0.1)  # 60 km/h: a km a minute


async def test_a_municipality_without_coordinates_leaves_its_pairs_unknown(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    # Akaa (020) is in the registry without coordinates (the reference data has none).
    body = (await client.get("/v1/distances?codes=005,020", headers=auth("viewer"))).json()
    assert body["distances"] == []
    assert body["unknown"] == [{"from_code": "005", "to_code": "020"}]


async def test_bad_rows_are_named_and_nothing_is_written(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    good = {"from_code": "005", "to_code": "233", "km": 40, "minutes": 35, "source": "s"}
    rows = [
        good,
        {**good, "from_code": "999"},
        {**good, "to_code": "005"},
        {**good, "from_code": "233", "to_code": "005", "km": 41},
        {**good, "from_code": "010", "is_estimate": True},
    ]
    answer = await client.put("/v1/distances", json={"distances": rows}, headers=auth("admin"))
    assert answer.status_code == 422, answer.text
    problem = answer.json()
    assert problem["type"] == "/problems/bad-distance-rows"
    assert [e["field"] for e in problem["errors"]] == [
        "distances.1.from_code",
        "distances.2.to_code",
        "distances.3.to_code",
        "distances.4.method",
    ]
    read = (await client.get("/v1/distances?codes=005,233", headers=auth("viewer"))).json()
    assert read["distances"][0]["is_estimate"] is True


async def test_a_pair_given_both_ways_alike_is_one_pair(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    """One row per pair is enough, and a full matrix (both ways, the same figures) is
    taken too."""
    there = {"from_code": "005", "to_code": "233", "km": 52, "minutes": 45, "source": "matrix"}
    back = {**there, "from_code": "233", "to_code": "005"}
    body = {"distances": [there, back, there]}
    answer = await client.put("/v1/distances", json=body, headers=auth("admin"))
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"pairs": 1}
    read = (await client.get("/v1/distances?codes=005,233", headers=auth("viewer"))).json()
    assert (read["distances"][0]["km"], read["distances"][0]["source"]) == (52, "matrix")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"distances": []}, "distances"),
        (
            {
                "distances": [
                    {"from_code": "5", "to_code": "233", "km": 1, "minutes": 1, "source": "s"}
                ]
            },
            "distances.0.from_code",
        ),
        (
            {
                "distances": [
                    {"from_code": "005", "to_code": "233", "km": -1, "minutes": 1, "source": "s"}
                ]
            },
            "distances.0.km",
        ),
        (
            {"distances": [{"from_code": "005", "to_code": "233", "km": 1, "minutes": 1}]},
            "distances.0.source",
        ),
    ],
)
async def test_invalid_fields_are_422(
    client: httpx.AsyncClient, auth: Auth, body: dict[str, object], field: str
) -> None:
    answer = await client.put("/v1/distances", json=body, headers=auth("admin"))
    assert answer.status_code == 422
    assert field in [e["field"] for e in answer.json()["errors"]]


async def test_only_an_admin_writes_and_any_token_reads(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    row = {"from_code": "005", "to_code": "233", "km": 40, "minutes": 35, "source": "s"}
    planner = auth("planner", areas=["kymppi"])
    assert (
        await client.put("/v1/distances", json={"distances": [row]}, headers=planner)
    ).status_code == 403
    assert (await client.put("/v1/distances", json={"distances": [row]})).status_code == 401
    assert (await client.get("/v1/distances?codes=005,233")).status_code == 401
    assert (
        await client.get("/v1/distances?codes=005,233", headers=auth("reviewer"))
    ).status_code == 200


async def test_codes_are_two_to_four_hundred(client: httpx.AsyncClient, auth: Auth) -> None:
    answer = await client.get("/v1/distances?codes=005,005", headers=auth("viewer"))
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "codes"

"""Accessibility through the API: each member's nearest place and the weighted figures."""

from collections.abc import Callable

import httpx
import pytest

from offices.testing import KymppiReference, create_office

Auth = Callable[..., dict[str, str]]
PLACES = [{"municipality_code": "233", "name": "Kauhava"}, {"municipality_code": "989"}]


def expected_nearest(kymppi: KymppiReference, code: str) -> tuple[str, float]:
    return min(
        ((p["municipality_code"], kymppi.road_km(code, p["municipality_code"])) for p in PLACES),
        key=lambda x: x[1],
    )


async def test_each_member_gets_its_nearest_place_weighted_by_the_areas_population(
    client: httpx.AsyncClient, auth: Auth, kymppi: KymppiReference
) -> None:
    body = {"area_id": "kymppi", "on": "2025-06-01", "places": PLACES}
    answer = await client.post(
        "/v1/accessibility", json=body, headers=auth("viewer", areas=["kymppi"])
    )
    assert answer.status_code == 200, answer.text
    result = answer.json()
    rows = {r["municipality_code"]: r for r in result["municipalities"]}
    assert sorted(rows) == kymppi.members
    for code, row in rows.items():
        place, km = expected_nearest(kymppi, code)
        assert row["nearest"]["municipality_code"] == place
        assert row["km"] == pytest.approx(km, abs=0.1)
        assert row["population"] == kymppi.population[code]
        assert row["population_period"] == "2024"
        assert row["within_km"] == (row["km"] <= 30)
    assert rows["233"]["km"] == 0
    assert rows["233"]["is_estimate"] is False
    assert rows["005"]["is_estimate"] is True
    assert rows["005"]["name_fi"] == "Alajärvi"
    assert result["population_source"] == "areas"
    total = sum(kymppi.population.values())
    assert result["population"]["total"] == total
    mean = (
        sum(kymppi.population[c] * expected_nearest(kymppi, c)[1] for c in kymppi.members) / total
    )
    assert result["population"]["mean_km"] == pytest.approx(mean, rel=1e-3)
    within = (
        sum(kymppi.population[c] for c in kymppi.members if expected_nearest(kymppi, c)[1] <= 30)
        / total
    )
    assert result["population"]["share_within_km"] == pytest.approx(within, abs=1e-4)
    assert result["customers"] is None
    assert result["thresholds"] == {"km": 30, "minutes": 30, "nearest_by": "km"}


async def test_weights_and_thresholds_from_the_request(
    client: httpx.AsyncClient, auth: Auth, kymppi: KymppiReference
) -> None:
    body = {
        "municipality_codes": ["005", "233", "934"],
        "places": PLACES,
        "population": {"005": 100, "233": 300},
        "customers": {"005": 10, "934": 30},
        "threshold_km": 50,
        "threshold_minutes": 45,
    }
    result = (await client.post("/v1/accessibility", json=body, headers=auth("viewer"))).json()
    assert result["population_source"] == "request"
    assert result["without_population"] == ["934"]
    km_005 = expected_nearest(kymppi, "005")[1]
    assert result["population"]["mean_km"] == pytest.approx(km_005 * 100 / 400, abs=0.05)
    assert result["customers"]["total"] == 40
    km_934 = expected_nearest(kymppi, "934")[1]
    assert result["customers"]["mean_km"] == pytest.approx(
        (10 * km_005 + 30 * km_934) / 40, abs=0.05
    )
    assert result["population"]["share_within_km"] == (1.0 if km_005 <= 50 else 0.75)


async def test_another_areas_reader_gets_404(
    client: httpx.AsyncClient, auth: Auth, kymppi: KymppiReference
) -> None:
    body = {"area_id": "kymppi", "places": PLACES}
    outsider = auth("viewer", areas=["suupohja"])
    assert (await client.post("/v1/accessibility", json=body, headers=outsider)).status_code == 404
    read = await client.get("/v1/areas/kymppi/accessibility", headers=outsider)
    assert read.status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"places": PLACES}, "municipality_codes"),
        (
            {"places": PLACES, "area_id": "kymppi", "municipality_codes": ["005"]},
            "municipality_codes",
        ),
        ({"places": [], "municipality_codes": ["005"]}, "places"),
        (
            {"places": PLACES, "municipality_codes": ["005"], "population": {"5": 1}},
            "population.5.[key]",
        ),
        ({"places": PLACES, "municipality_codes": ["005"], "threshold_km": -1}, "threshold_km"),
        ({"places": PLACES, "municipality_codes": ["005"], "road_factor": 0.5}, "road_factor"),
    ],
)
async def test_bad_input_is_422_naming_the_field(
    client: httpx.AsyncClient, auth: Auth, body: dict[str, object], field: str
) -> None:
    answer = await client.post("/v1/accessibility", json=body, headers=auth("admin"))
    assert answer.status_code == 422, answer.text
    fields = [e["field"] for e in answer.json()["errors"]]
    assert any(f.startswith(field.split(".[")[0]) for f in fields), fields


async def test_an_areas_accessibility_on_a_number_instead_of_a_date_is_422(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    # Pydantic alone would read "0" as a Unix time, 1 January 1970.
    answer = await client.get(
        "/v1/areas/kymppi/accessibility",
        params={"on": "0"},
        headers=auth("planner", areas=["kymppi"]),
    )
    assert answer.status_code == 422, answer.text
    assert [e["field"] for e in answer.json()["errors"]] == ["on"]


async def test_the_areas_open_places_on_a_day(
    client: httpx.AsyncClient, auth: Auth, kymppi: KymppiReference
) -> None:
    planner = auth("planner", areas=["kymppi"])
    places = [
        # kind, status, municipality, opened_on, closed_on (the first day closed)
        ("office", "open", "233", None, None),
        ("local_service_point", "open", "005", "2025-01-01", None),
        ("office", "planned", "989", "2026-01-01", None),
        ("office", "closed", "010", "2025-01-01", "2025-03-01"),
        ("online", "open", "408", None, None),
    ]
    ids = []
    for number, (kind, status, code, opened, closed) in enumerate(places, start=1):
        lat, lon = kymppi.coordinates[code]
        located = kind != "online"
        created = await create_office(
            client,
            planner,
            kind=kind,
            status=status,
            municipality_code=code,
            name={"fi": f"Paikka {number}"},
            address={"street": "Keskusta", "postal_code": "60100", "post_office": code}
            if located
            else None,
            lat=lat if located else None,
            lon=lon if located else None,
            opened_on=opened,
            closed_on=closed,
        )
        ids.append(created.json()["id"])
    viewer = auth("viewer", areas=["kymppi"])
    june = (await client.get("/v1/areas/kymppi/accessibility?on=2025-06-01", headers=viewer)).json()
    assert [(p["office_id"], p["municipality_code"]) for p in june["places"]] == [
        (ids[0], "233"),
        (ids[1], "005"),
    ]
    assert june["places"][0]["name"] == "Paikka 1"
    february = (
        await client.get(
            "/v1/areas/kymppi/accessibility?on=2025-02-01&kinds=office", headers=viewer
        )
    ).json()
    assert [p["office_id"] for p in february["places"]] == [ids[0], ids[3]]
    next_year = (
        await client.get("/v1/areas/kymppi/accessibility?on=2026-06-01", headers=viewer)
    ).json()
    assert [p["office_id"] for p in next_year["places"]] == ids[:3]
    rows_by_code = {r["municipality_code"]: r for r in next_year["municipalities"]}
    assert rows_by_code["989"]["km"] == 0
    assert rows_by_code["989"]["nearest"]["office_id"] == ids[2]


async def test_two_places_in_one_municipality_are_measured_alike(
    client: httpx.AsyncClient, auth: Auth, kymppi: KymppiReference
) -> None:
    """An office and a mobile point in the same town: the recorded distance to that town
    holds for both, so a nearer town is still the nearest place."""
    assert kymppi.road_km("233", "005") < 60  # the estimate alone would make 005 nearest
    rows = [
        {"from_code": "005", "to_code": "233", "km": 80, "minutes": 70, "source": "road"},
        {"from_code": "010", "to_code": "233", "km": 60, "minutes": 55, "source": "road"},
    ]
    written = await client.put("/v1/distances", json={"distances": rows}, headers=auth("admin"))
    assert written.status_code == 200, written.text
    places = [{"municipality_code": c} for c in ("005", "010", "005")]
    body = {"municipality_codes": ["233"], "population": {"233": 100}, "places": places}
    answer = await client.post("/v1/accessibility", json=body, headers=auth("viewer"))
    assert answer.status_code == 200, answer.text
    (row,) = answer.json()["municipalities"]
    assert (row["nearest"]["index"], row["km"], row["source"]) == (1, 60, "road")

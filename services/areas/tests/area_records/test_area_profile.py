"""GET /v1/areas/{id}/profile: what the plan shows of an area, in one read, answering what
the separate routes answer (the area, its members, their municipalities and figures, the
borders and the formation)."""

from collections.abc import Callable
from typing import Any

import httpx
import pytest

Auth = Callable[..., dict[str, str]]

PROFILE = "/v1/areas/kymppi/profile"
QUERY = "on=2025-06-01&as_of=2025-06&annual_rates=-0.012,-0.02"
FIGURE = ("municipality_code", "period", "value", "source", "source_url", "is_estimate")


async def read(client: httpx.AsyncClient, url: str, headers: dict[str, str]) -> Any:
    response = await client.get(url, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.usefixtures("demo")
async def test_the_profile_answers_what_the_separate_routes_answer(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    viewer = auth("viewer", areas=["kymppi"])
    profile = await read(client, f"{PROFILE}?{QUERY}", viewer)

    assert profile["area"] == await read(client, "/v1/areas/kymppi", viewer)
    members = await read(client, "/v1/areas/kymppi/members?on=2025-06-01&limit=500", viewer)
    codes = ",".join(m["municipality_code"] for m in members["items"])
    assert [m["code"] for m in profile["members"]] == codes.split(",")
    named = await read(client, f"/v1/municipalities?codes={codes}&limit=500", viewer)
    population = await read(
        client, f"/v1/statistics?indicator=population&codes={codes}&as_of=2025-06", viewer
    )
    formation = await read(client, f"/v1/areas/kymppi/formation?{QUERY}", viewer)
    [labour_force] = [
        c["figures"]
        for c in formation["eligibility"]["criteria"]
        if c["criterion"] == "labour_force_minimum"
    ]
    municipalities = {m["code"]: m for m in named["items"]}
    figures = {f["municipality_code"]: {k: f[k] for k in FIGURE} for f in population["items"]}
    assert figures, "the demo data has population figures"
    for member, membership in zip(profile["members"], members["items"], strict=True):
        municipality = municipalities[member["code"]]
        assert {k: member[k] for k in ("name_fi", "name_sv", "lat", "lon")} == {
            k: municipality[k] for k in ("name_fi", "name_sv", "lat", "lon")
        }
        assert (member["valid_from"], member["valid_to"]) == (
            membership["valid_from"],
            membership["valid_to"],
        )
        assert member["population"] == figures.get(member["code"])
    assert [m["labour_force"] for m in profile["members"] if m["labour_force"]] == labour_force

    borders = await read(client, f"/v1/borders?codes={codes}", viewer)
    assert profile["borders"] == borders["borders"]
    assert (profile["eligibility"], profile["forecast"]) == (
        formation["eligibility"],
        formation["forecast"],
    )
    home = municipalities[profile["area"]["home_municipality_code"]]
    assert profile["home_municipality"] == {k: home[k] for k in ("code", "name_fi", "name_sv")}


@pytest.mark.usefixtures("demo")
async def test_a_home_municipality_that_is_no_member_is_still_named(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    admin = auth("admin")
    etag = (await client.get("/v1/areas/kymppi", headers=admin)).headers["ETag"]
    moved = await client.patch(
        "/v1/areas/kymppi",
        json={"home_municipality_code": "091"},
        headers={**admin, "If-Match": etag},
    )
    assert moved.status_code == 200, moved.text
    profile = await read(client, f"{PROFILE}?{QUERY}", admin)
    assert "091" not in [m["code"] for m in profile["members"]]
    helsinki = await read(client, "/v1/municipalities/091", admin)
    assert profile["home_municipality"] == {k: helsinki[k] for k in ("code", "name_fi", "name_sv")}
    assert profile["home_municipality"]["name_fi"] == "Helsinki"


@pytest.mark.usefixtures("demo")
async def test_without_figures_before_as_of_the_profile_is_422_naming_as_of(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    response = await client.get(f"{PROFILE}?as_of=1990", headers=auth("viewer", areas=["kymppi"]))
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"as_of"}

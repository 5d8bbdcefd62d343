"""GET /v1/areas/{id}/eligibility, /forecast, /formation (both in one) and /profile (which
includes the formation): the area's members on a date, its exemptions and its members'
memberships elsewhere, through the same checks as the what-if endpoints."""

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from areas.config import DB_ROLE
from areas.demo_kymppi import kymppi_member_codes
from servicekit import provision

Auth = Callable[..., dict[str, str]]
Created = Callable[..., Awaitable[dict[str, Any]]]

ELIGIBILITY = "/v1/areas/kymppi/eligibility"
FORECAST = "/v1/areas/kymppi/forecast"
FORMATION = "/v1/areas/kymppi/formation"
PROFILE = "/v1/areas/kymppi/profile"


@pytest.fixture
def viewer(auth: Auth) -> dict[str, str]:
    return auth("viewer", areas=["kymppi"])


def criterion(answer: dict[str, Any], name: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [c for c in answer["criteria"] if c["criterion"] == name]
    assert len(found) == 1
    return found[0]


async def what_if(client: httpx.AsyncClient, auth: Auth, path: str, **body: Any) -> dict[str, Any]:
    response = await client.post(path, json=body, headers=auth("viewer"))
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


@pytest.mark.usefixtures("demo")
async def test_kymppi_on_a_date_is_checked_like_its_members_plus_single_membership(
    client: httpx.AsyncClient, auth: Auth, viewer: dict[str, str]
) -> None:
    response = await client.get(f"{ELIGIBILITY}?on=2025-06-01", headers=viewer)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert (answer["area_id"], answer["on"], answer["exemptions"]) == ("kymppi", "2025-06-01", [])
    assert answer["municipality_codes"] == sorted(kymppi_member_codes())
    assert [c["criterion"] for c in answer["criteria"]] == [
        "labour_force_minimum",
        "contiguity",
        "single_membership",
    ]
    assert criterion(answer, "single_membership")["status"] == "passed"
    assert answer["eligible"] is True

    expected = await what_if(
        client, auth, "/v1/eligibility", municipality_codes=answer["municipality_codes"]
    )
    assert answer["criteria"][:2] == expected["criteria"]
    assert answer["labour_force_total"] == expected["labour_force_total"]


@pytest.mark.usefixtures("demo")
async def test_an_exemption_valid_on_the_date_reports_its_criterion_as_exempted(
    client: httpx.AsyncClient, viewer: dict[str, str], created: Created
) -> None:
    exemption = {
        "criterion": "labour_force_minimum",
        "decision_reference": "VN/2024/17",
        "decided_on": "2024-02-22",
        "valid_from": "2025-01-01",
        "valid_to": "2025-12-31",
    }
    await created("/v1/areas/kymppi/exemptions", exemption)

    during = (await client.get(f"{ELIGIBILITY}?on=2025-06-01", headers=viewer)).json()
    labour = criterion(during, "labour_force_minimum")
    assert labour["status"] == "exempted"
    assert labour["status_without_exemption"] == "passed"
    assert labour["exemption_reference"] == "VN/2024/17"
    assert [e["decision_reference"] for e in during["exemptions"]] == ["VN/2024/17"]
    assert criterion(during, "contiguity")["status"] == "passed"

    after = (await client.get(f"{ELIGIBILITY}?on=2026-01-01", headers=viewer)).json()
    assert criterion(after, "labour_force_minimum")["status"] == "passed"
    assert after["exemptions"] == []


@pytest.mark.usefixtures("demo")
async def test_the_members_on_the_date_are_the_ones_checked(
    client: httpx.AsyncClient, admin: dict[str, str], viewer: dict[str, str]
) -> None:
    members = (await client.get("/v1/areas/kymppi/members?on=2025-06-01", headers=admin)).json()
    [alajarvi] = [m for m in members["items"] if m["municipality_code"] == "005"]
    url = f"/v1/areas/kymppi/members/{alajarvi['id']}"
    etag = (await client.get(url, headers=admin)).headers["ETag"]
    ended = await client.patch(
        url, json={"valid_to": "2025-12-31"}, headers={**admin, "If-Match": etag}
    )
    assert ended.status_code == 200

    before = (await client.get(f"{ELIGIBILITY}?on=2025-12-31", headers=viewer)).json()
    assert "005" in before["municipality_codes"]
    after = (await client.get(f"{ELIGIBILITY}?on=2026-01-01", headers=viewer)).json()
    assert "005" not in after["municipality_codes"]
    # Vimpeli borders only Alajärvi among the members: without it the area falls apart.
    assert criterion(after, "contiguity")["status"] == "failed"
    assert after["eligible"] is False


SINGLE_MEMBERSHIP = "ex_area_membership_one_area_at_a_time"


@pytest.fixture
async def single_membership_not_enforced(app: FastAPI) -> AsyncIterator[None]:
    """Data from before the constraint existed could hold a municipality in two areas: the
    constraint is dropped for one test and put back after, by the owner role (the service's
    own role may not alter its tables), before the test's transaction takes any lock."""
    runtime_url = app.state.engine.url.render_as_string(hide_password=False)
    owner = await asyncpg.connect(
        provision.libpq_url(provision.role_url(runtime_url, DB_ROLE, None))
    )
    try:
        definition = await owner.fetchval(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = $1",
            SINGLE_MEMBERSHIP,
        )
        await owner.execute(
            f"ALTER TABLE areas.area_membership DROP CONSTRAINT {SINGLE_MEMBERSHIP}"
        )
        yield
        await owner.execute(
            f"ALTER TABLE areas.area_membership ADD CONSTRAINT {SINGLE_MEMBERSHIP} {definition}"
        )
    finally:
        await owner.close()


@pytest.mark.usefixtures("single_membership_not_enforced", "demo")
async def test_a_member_also_in_another_area_fails_single_membership_and_is_listed(
    client: httpx.AsyncClient,
    db_session: AsyncSession,
    viewer: dict[str, str],
    created: Created,
) -> None:
    # To see that the check reads the data, not only the constraint.
    await created(
        "/v1/areas",
        {
            "id": "seinajoen-seutu",
            "name_fi": "Seinäjoen seutu",
            "name_sv": "Seinäjoki",
            "organisation_form": "lead_municipality",
            "home_municipality_code": "743",
        },
    )
    await db_session.execute(
        text(
            "INSERT INTO area_membership (area_id, municipality_code, valid_from) "
            "VALUES ('seinajoen-seutu', '408', '2025-03-01')"
        )
    )
    await db_session.commit()

    answer = (await client.get(f"{ELIGIBILITY}?on=2025-06-01", headers=viewer)).json()
    single = criterion(answer, "single_membership")
    assert single["status"] == "failed"
    assert [(c["municipality_code"], c["other_area_id"]) for c in single["conflicts"]] == [
        ("408", "seinajoen-seutu")
    ]
    assert answer["eligible"] is False
    earlier = (await client.get(f"{ELIGIBILITY}?on=2025-02-28", headers=viewer)).json()
    assert criterion(earlier, "single_membership")["status"] == "passed"


@pytest.mark.usefixtures("demo")
async def test_a_date_without_members_is_422_naming_on(
    client: httpx.AsyncClient, viewer: dict[str, str]
) -> None:
    for path in (ELIGIBILITY, FORECAST, FORMATION, PROFILE):
        response = await client.get(f"{path}?on=2024-12-31", headers=viewer)
        assert response.status_code == 422
        [error] = response.json()["errors"]
        assert (error["field"], error["in"]) == ("on", "query")


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("as_of=2023-13", "as_of"),
        ("on=2025-02-30", "on"),
        ("threshold=0", "threshold"),
        ("annual_rates=-1.5", "annual_rates"),
        ("annual_rates=abc", "annual_rates"),
        ("horizon_years=0", "horizon_years"),
    ],
)
async def test_bad_query_parameters_are_422_naming_them(
    client: httpx.AsyncClient, viewer: dict[str, str], query: str, field: str
) -> None:
    path = ELIGIBILITY if field in ("as_of", "on", "threshold") else FORECAST
    for asked in (path, FORMATION, PROFILE):
        response = await client.get(f"{asked}?{query}", headers=viewer)
        assert response.status_code == 422
        assert [e["field"] for e in response.json()["errors"]] == [field]


@pytest.mark.usefixtures("demo")
async def test_the_formation_is_the_eligibility_and_the_forecast_in_one_answer(
    client: httpx.AsyncClient, viewer: dict[str, str]
) -> None:
    query = "on=2025-06-01&as_of=2025-06&annual_rates=-0.012,-0.02&horizon_years=20"
    response = await client.get(f"{FORMATION}?{query}", headers=viewer)
    assert response.status_code == 200, response.text
    eligibility = await client.get(f"{ELIGIBILITY}?on=2025-06-01&as_of=2025-06", headers=viewer)
    forecast = await client.get(f"{FORECAST}?{query}", headers=viewer)
    assert eligibility.status_code == forecast.status_code == 200
    assert response.json() == {"eligibility": eligibility.json(), "forecast": forecast.json()}


@pytest.mark.usefixtures("demo")
async def test_outsiders_get_404_and_an_unknown_area_is_404(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    outsider = auth("planner", areas=["other"])
    for path in (ELIGIBILITY, FORECAST, FORMATION, PROFILE):
        assert (await client.get(path, headers=outsider)).status_code == 404
        reviewer = await client.get(path.replace("kymppi", "nowhere"), headers=auth("reviewer"))
        assert reviewer.status_code == 404
    assert (await client.get(ELIGIBILITY, headers=auth("reviewer"))).status_code == 200


@pytest.mark.usefixtures("demo")
async def test_the_area_forecast_is_the_forecast_of_its_members(
    client: httpx.AsyncClient, auth: Auth, viewer: dict[str, str]
) -> None:
    query = "on=2025-06-01&annual_rates=-0.012,-0.02,0&horizon_years=40&threshold=25000"
    response = await client.get(f"{FORECAST}?{query}", headers=viewer)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert (answer["area_id"], answer["on"]) == ("kymppi", "2025-06-01")
    expected = await what_if(
        client,
        auth,
        "/v1/forecast",
        municipality_codes=sorted(kymppi_member_codes()),
        annual_rates=[-0.012, -0.02, 0],
        horizon_years=40,
        threshold=25000,
    )
    assert {k: v for k, v in answer.items() if k not in ("area_id", "on")} == expected


@pytest.mark.usefixtures("demo")
async def test_the_forecast_defaults_to_the_plans_rates(
    client: httpx.AsyncClient, viewer: dict[str, str]
) -> None:
    answer = (await client.get(f"{FORECAST}?on=2025-06-01", headers=viewer)).json()
    assert [f["annual_rate"] for f in answer["forecasts"]] == [-0.012, -0.02]
    assert answer["horizon_years"] == 30
    assert answer["threshold"] == 20_000


@pytest.mark.usefixtures("demo")
async def test_a_forecast_without_figures_before_as_of_is_422_naming_as_of(
    client: httpx.AsyncClient, viewer: dict[str, str]
) -> None:
    for path in (FORECAST, FORMATION):
        response = await client.get(f"{path}?on=2025-06-01&as_of=1990", headers=viewer)
        assert response.status_code == 422
        [error] = response.json()["errors"]
        assert (error["field"], error["in"]) == ("as_of", "query")

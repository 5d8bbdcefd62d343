"""Budgets through the API: the cap against the members' preliminary subsidies, findings,
the workflow with its dates, amendments as new versions, and the calendar."""

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from servicekit.peers import Peers

Auth = Callable[..., dict[str, str]]
BUDGETS = "/v1/areas/kymppi/budgets"
BUDGET = BUDGETS + "/2026"
# The ten members of the areas service's demo Kymppi (services/areas demo data).
KYMPPI = ["005", "010", "052", "233", "300", "403", "408", "759", "934", "989"]


@pytest.fixture
def planner(auth: Auth) -> dict[str, str]:
    return auth("planner", areas=["kymppi"])


async def put_preliminary(
    client: httpx.AsyncClient, headers: dict[str, str], codes: list[str], amount: str
) -> None:
    rows = [
        {
            "municipality_code": c,
            "te_subsidy_eur": amount,
            "kind": "preliminary_spring",
            "source": "t",
        }
        for c in codes
    ]
    response = await client.put(
        "/v1/areas/kymppi/years/2026/subsidies", json={"subsidies": rows}, headers=headers
    )
    assert response.status_code == 201, response.text


def lines_body(
    personnel: str, reserve: str = "50000.00", years: tuple[int, ...] = (2027, 2028)
) -> dict[str, Any]:
    return {
        "lines": [
            {"category": "personnel", "amount_eur": personnel, "note": "40 FTE"},
            {"category": "change_security_reserve", "amount_eur": reserve, "note": "plan §7"},
        ],
        "planning_years": [
            {"year": y, "contributions_total_eur": "1000000.00", "expenditure_eur": "900000.00"}
            for y in years
        ],
    }


async def put_lines(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    body: dict[str, Any],
    version: int | None = None,
) -> httpx.Response:
    url = BUDGET + (f"?version={version}" if version else "")
    etag = (await client.get(url, headers=headers)).headers["ETag"]
    return await client.put(BUDGET + "/lines", json=body, headers={**headers, "If-Match": etag})


def codes(budget: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(f["code"], f["municipality_code"]) for f in budget["findings"]]


async def test_a_new_budget_is_a_draft_whose_findings_name_what_is_missing(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    await put_preliminary(client, planner, KYMPPI[:8], "100000.00")
    response = await client.post(BUDGETS, json={"year": 2026}, headers=planner)
    assert response.status_code == 201, response.text
    budget = response.json()
    assert response.headers["Location"] == BUDGET
    assert (budget["version"], budget["status"], budget["cap_share"]) == (1, "draft", "0.95")
    assert budget["members"] == KYMPPI
    assert budget["preliminary_subsidies_total_eur"] == "800000.00"
    assert budget["cap_eur"] == "760000.00"
    assert budget["expenditure_total_eur"] == "0.00"
    assert budget["headroom_eur"] == "760000.00"
    assert codes(budget) == [
        ("missing_subsidy", "934"),
        ("missing_subsidy", "989"),
        ("no_change_security_reserve", None),
        ("too_few_planning_years", None),
    ]
    assert all(f["blocking"] for f in budget["findings"])
    again = await client.post(BUDGETS, json={"year": 2026}, headers=planner)
    assert again.status_code == 409
    assert again.json()["type"] == "/problems/budget-exists"


async def test_a_budget_exactly_at_the_cap_goes_through_the_workflow_and_the_calendar(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    await put_preliminary(client, planner, KYMPPI, "100000.00")
    await client.post(BUDGETS, json={"year": 2026}, headers=planner)
    # 95 % of 10 x 100,000 € = 950,000 €, spent to the cent.
    written = await put_lines(client, planner, lines_body("900000.00"))
    assert written.status_code == 200, written.text
    budget = written.json()
    assert budget["expenditure_total_eur"] == budget["cap_eur"] == "950000.00"
    assert budget["headroom_eur"] == "0.00"
    assert budget["findings"] == []
    assert budget["change_security_reserve_eur"] == "50000.00"
    assert budget["change_security_reserve_share"] == "0.0526"
    assert budget["contributions_total_eur"] == "1000000.00"
    assert {c["kind"] for c in budget["contributions"]} == {"preliminary_spring"}

    proposed = await client.post(
        BUDGET + "/transitions", json={"to": "proposed", "on": "2025-08-20"}, headers=planner
    )
    assert proposed.status_code == 200, proposed.text
    assert (proposed.json()["status"], proposed.json()["proposed_on"]) == ("proposed", "2025-08-20")
    not_draft = await put_lines(client, planner, lines_body("1.00"))
    assert not_draft.status_code == 409
    assert not_draft.json()["current_status"] == "proposed"
    before = await client.post(
        BUDGET + "/transitions", json={"to": "approved", "on": "2025-08-19"}, headers=planner
    )
    assert before.status_code == 422
    approved = await client.post(
        BUDGET + "/transitions", json={"to": "approved", "on": "2025-10-10"}, headers=planner
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["approved_on"] == "2025-10-10"
    twice = await client.post(BUDGET + "/transitions", json={"to": "approved"}, headers=planner)
    assert twice.status_code == 409
    assert twice.json()["allowed_statuses"] == []

    calendar = await client.get(
        "/v1/areas/kymppi/calendar?year=2026&today=2025-12-01", headers=planner
    )
    assert calendar.json()["deadlines"] == [
        {
            "key": "preliminary_proposal",
            "title": "Preliminary budget proposal for 2026 to the members",
            "due": "2025-08-31",
            "status": "done",
            "done_on": "2025-08-20",
            "on_time": True,
        },
        {
            "key": "approved_budget",
            "title": "Budget 2026 and financial plan approved by the members",
            "due": "2025-10-15",
            "status": "done",
            "done_on": "2025-10-10",
            "on_time": True,
        },
    ]


async def test_approving_over_the_cap_is_409_listing_the_findings(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    await put_preliminary(client, planner, KYMPPI, "100000.00")
    await client.post(BUDGETS, json={"year": 2026}, headers=planner)
    await put_lines(client, planner, lines_body("900000.01", years=(2027,)))
    await client.post(BUDGET + "/transitions", json={"to": "proposed"}, headers=planner)
    refused = await client.post(BUDGET + "/transitions", json={"to": "approved"}, headers=planner)
    assert refused.status_code == 409
    problem = refused.json()
    assert problem["type"] == "/problems/budget-has-blocking-findings"
    assert [f["code"] for f in problem["findings"]] == ["over_cap", "too_few_planning_years"]
    assert "0.01 € over the cap" in problem["findings"][0]["detail"]
    assert (await client.get(BUDGET, headers=planner)).json()["status"] == "proposed"


async def test_an_amendment_is_a_new_draft_version_and_the_approved_one_stays(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    await put_preliminary(client, planner, KYMPPI, "100000.00")
    await client.post(BUDGETS, json={"year": 2026}, headers=planner)
    draft_amendment = await client.post(BUDGET + "/amendments", headers=planner)
    assert draft_amendment.status_code == 409
    assert draft_amendment.json()["type"] == "/problems/budget-not-approved"
    await put_lines(client, planner, lines_body("800000.00"))
    for step in ("proposed", "approved"):
        await client.post(BUDGET + "/transitions", json={"to": step}, headers=planner)
    approved = (await client.get(BUDGET, headers=planner)).json()

    headers = {**planner, "Idempotency-Key": "amend-1"}
    amended = await client.post(BUDGET + "/amendments", headers=headers)
    assert amended.status_code == 201, amended.text
    assert amended.headers["Location"] == BUDGET + "?version=2"
    replay = await client.post(BUDGET + "/amendments", headers=headers)
    assert replay.headers["Idempotent-Replayed"] == "true"
    amendment = amended.json()
    assert (amendment["version"], amendment["status"], amendment["amends_version"]) == (
        2,
        "draft",
        1,
    )
    assert amendment["lines"] == approved["lines"]
    assert amendment["planning_years"] == approved["planning_years"]
    assert (amendment["proposed_on"], amendment["approved_on"]) == (None, None)

    changed = await put_lines(client, planner, lines_body("850000.00"))
    assert changed.json()["expenditure_total_eur"] == "900000.00"
    first = await client.get(BUDGET + "?version=1", headers=planner)
    assert first.json()["lines"] == approved["lines"]
    assert first.json()["status"] == "approved"
    assert first.json()["latest_version"] == 2
    assert (await client.get(BUDGET + "?version=3", headers=planner)).status_code == 404


async def test_the_calendar_is_open_then_late_without_a_budget(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    url = "/v1/areas/kymppi/calendar?year=2027"
    august = (await client.get(url + "&today=2026-08-31", headers=planner)).json()
    assert [(d["due"], d["status"]) for d in august["deadlines"]] == [
        ("2026-08-31", "open"),
        ("2026-10-15", "open"),
    ]
    october = (await client.get(url + "&today=2026-10-16", headers=planner)).json()
    assert [d["status"] for d in october["deadlines"]] == ["late", "late"]
    today = (await client.get(url, headers=planner)).json()
    assert today["today"]
    bad = await client.get(url + "&today=2026-02-30", headers=planner)
    assert bad.status_code == 422


@pytest.fixture
async def unreachable_areas(app: FastAPI) -> AsyncIterator[None]:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    real = app.state.peers
    app.state.peers = Peers(
        {"areas": "http://areas.test"},
        timeout=0.5,
        transports={"areas": httpx.MockTransport(refuse)},
    )
    yield
    await app.state.peers.aclose()
    app.state.peers = real


async def test_members_unknown_when_the_areas_service_cannot_answer(
    client: httpx.AsyncClient, planner: dict[str, str], unreachable_areas: None
) -> None:
    await put_preliminary(client, planner, KYMPPI, "100000.00")
    created = await client.post(BUDGETS, json={"year": 2026}, headers=planner)
    assert created.status_code == 201
    budget = created.json()
    assert budget["members"] is None
    assert codes(budget)[0] == ("members_unknown", None)
    assert "could not be reached" in budget["findings"][0]["detail"]
    # The cap counts what is recorded for the area.
    assert budget["cap_eur"] == "950000.00"
    await put_lines(client, planner, lines_body("100.00"))
    await client.post(BUDGET + "/transitions", json={"to": "proposed"}, headers=planner)
    refused = await client.post(BUDGET + "/transitions", json={"to": "approved"}, headers=planner)
    assert refused.status_code == 409
    assert [f["code"] for f in refused.json()["findings"]] == ["members_unknown"]


async def test_tenancy_and_roles(
    client: httpx.AsyncClient, planner: dict[str, str], auth: Auth
) -> None:
    await client.post(BUDGETS, json={"year": 2026}, headers=planner)
    outsider = auth("planner", areas=["porvoo"])
    for url in (BUDGET, "/v1/areas/kymppi/calendar?year=2026", BUDGET + "/cost-sharing"):
        response = await client.get(url, headers=outsider)
        assert response.status_code == 404, url
    assert (await client.post(BUDGETS, json={"year": 2027}, headers=outsider)).status_code == 404
    viewer = auth("viewer", areas=["kymppi"])
    assert (await client.get(BUDGET, headers=viewer)).status_code == 200
    assert (await client.post(BUDGETS, json={"year": 2027}, headers=viewer)).status_code == 403
    etag = (await client.get(BUDGET, headers=viewer)).headers["ETag"]
    refused = await client.put(
        BUDGET + "/lines", json=lines_body("1.00"), headers={**viewer, "If-Match": etag}
    )
    assert refused.status_code == 403
    step = await client.post(BUDGET + "/transitions", json={"to": "proposed"}, headers=viewer)
    assert step.status_code == 403


async def test_bad_budget_input(client: httpx.AsyncClient, planner: dict[str, str]) -> None:
    assert (await client.get(BUDGET, headers=planner)).status_code == 404
    for body, field in [
        ({"year": 2026, "cap_share": "1.5"}, "cap_share"),
        ({"year": 2026, "cap_share": 0}, "cap_share"),
        ({"year": "next"}, "year"),
        ({}, "year"),
    ]:
        response = await client.post(BUDGETS, json=body, headers=planner)
        assert response.status_code == 422, body
        assert [e["field"] for e in response.json()["errors"]] == [field]
    await client.post(BUDGETS, json={"year": 2026, "cap_share": "0.9"}, headers=planner)
    without = await client.put(BUDGET + "/lines", json=lines_body("1.00"), headers=planner)
    assert without.status_code == 428
    years = lines_body("1.00", years=(2026, 2027, 2027))
    response = await put_lines(client, planner, years)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [
        "planning_years.0.year",
        "planning_years.2.year",
    ]
    category = lines_body("1.00")
    category["lines"][0]["category"] = "coffee"
    assert (await put_lines(client, planner, category)).status_code == 422
    bad_step = await client.post(BUDGET + "/transitions", json={"to": "approved"}, headers=planner)
    assert bad_step.status_code == 409
    assert bad_step.json()["allowed_statuses"] == ["proposed"]
    to_draft = await client.post(BUDGET + "/transitions", json={"to": "draft"}, headers=planner)
    assert to_draft.status_code == 422
    stale = await client.post(
        BUDGET + "/transitions", json={"to": "proposed"}, headers={**planner, "If-Match": '"x"'}
    )
    assert stale.status_code == 412
    assert (await client.get(BUDGET, headers=planner)).json()["cap_share"] == "0.9"

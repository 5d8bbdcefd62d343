"""Cost sharing of a lead-municipality area: the approved expenditure by population or by
the members' subsidies, quarterly advances and the year-end equalisation, to the cent."""

import csv
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import httpx
import pytest

Auth = Callable[..., dict[str, str]]
# The areas service's demo area "porvoo" (lead-municipality model): Porvoo and Myrskylä.
PORVOO = "/v1/areas/porvoo"
MEMBERS = ["504", "638"]
# The reference data as the areas service copied it (unchanged) for its demo.
REFERENCE = Path(__file__).parents[2] / "areas" / "areas" / "demo"


def mainland_population() -> dict[str, int]:
    with (REFERENCE / "municipalities_mainland.csv").open(encoding="utf-8") as f:
        return {row["code"]: int(row["population"]) for row in csv.DictReader(f)}


@pytest.fixture
def planner(auth: Auth) -> dict[str, str]:
    return auth("planner", areas=["porvoo"])


async def approved_budget(client: httpx.AsyncClient, headers: dict[str, str]) -> None:
    rows = [
        {
            "municipality_code": "638",
            "te_subsidy_eur": "300000.00",
            "kind": "preliminary_spring",
            "source": "t",
        },
        {"municipality_code": "638", "te_subsidy_eur": "270000.00", "kind": "final", "source": "t"},
        {
            "municipality_code": "504",
            "te_subsidy_eur": "30000.00",
            "kind": "preliminary_spring",
            "source": "t",
        },
    ]
    put = await client.put(
        PORVOO + "/years/2026/subsidies", json={"subsidies": rows}, headers=headers
    )
    assert put.status_code == 201, put.text
    created = await client.post(PORVOO + "/budgets", json={"year": 2026}, headers=headers)
    body = {
        "lines": [
            {"category": "personnel", "amount_eur": "90000.00"},
            {"category": "change_security_reserve", "amount_eur": "10000.00"},
        ],
        "planning_years": [
            {"year": y, "contributions_total_eur": "1.00", "expenditure_eur": "1.00"}
            for y in (2027, 2028)
        ],
    }
    lines = await client.put(
        PORVOO + "/budgets/2026/lines",
        json=body,
        headers={**headers, "If-Match": created.headers["ETag"]},
    )
    assert lines.status_code == 200, lines.text
    for step in ("proposed", "approved"):
        answer = await client.post(
            PORVOO + "/budgets/2026/transitions", json={"to": step}, headers=headers
        )
        assert answer.status_code == 200, answer.text


async def test_shares_by_population_with_advances_and_equalisation(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    await approved_budget(client, planner)
    response = await client.get(
        PORVOO + "/budgets/2026/cost-sharing?key=population&actual_eur=103000.00", headers=planner
    )
    assert response.status_code == 200, response.text
    sharing = response.json()
    assert (sharing["lead_municipality_code"], sharing["version"]) == ("638", 1)
    assert sharing["expenditure_eur"] == "100000.00"
    population = mainland_population()
    total = sum(population[c] for c in MEMBERS)
    shares = {m["municipality_code"]: m for m in sharing["members"]}
    assert list(shares) == MEMBERS
    for code in MEMBERS:
        exact = Fraction(100_000 * population[code], total)
        assert abs(Fraction(Decimal(shares[code]["share_eur"])) - exact) < Fraction(1, 100)
        assert shares[code]["weight"] == str(population[code])
        advances = [Decimal(a["amount_eur"]) for a in shares[code]["advances"]]
        assert sum(advances) == Decimal(shares[code]["share_eur"])
        assert max(advances) - min(advances) <= Decimal("0.01")
        assert Decimal(shares[code]["equalisation_eur"]) == Decimal(
            shares[code]["actual_share_eur"]
        ) - Decimal(shares[code]["share_eur"])
    assert sum(Decimal(m["share_eur"]) for m in sharing["members"]) == Decimal("100000.00")
    assert sum(Decimal(m["actual_share_eur"]) for m in sharing["members"]) == Decimal("103000.00")
    assert sharing["equalisation_total_eur"] == "3000.00"
    # 100,000 € x 1692 / 53,555 = 3159.3689..: the cent left over goes to Myrskylä's 0.89.
    assert shares["504"]["share_eur"] == "3159.37"
    assert shares["638"]["share_eur"] == "96840.63"


async def test_shares_by_the_subsidy_criteria_use_each_members_contribution(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    await approved_budget(client, planner)
    response = await client.get(
        PORVOO + "/budgets/2026/cost-sharing?key=subsidy_criteria", headers=planner
    )
    assert response.status_code == 200, response.text
    sharing = response.json()
    # Contributions: Porvoo's final 270,000 €, Myrskylä's preliminary 30,000 € (9 : 1).
    assert [(m["municipality_code"], m["share_eur"]) for m in sharing["members"]] == [
        ("504", "10000.00"),
        ("638", "90000.00"),
    ]
    assert sharing["members"][1]["advances"] == [
        {"quarter": q, "amount_eur": "22500.00"} for q in (1, 2, 3, 4)
    ]
    assert sharing["actual_eur"] is None
    assert sharing["members"][0]["equalisation_eur"] is None


async def test_cost_sharing_needs_a_lead_municipality_area_and_an_approved_budget(
    client: httpx.AsyncClient, planner: dict[str, str], auth: Auth
) -> None:
    none = await client.get(PORVOO + "/budgets/2026/cost-sharing", headers=planner)
    assert none.status_code == 404
    await client.post(PORVOO + "/budgets", json={"year": 2026}, headers=planner)
    draft = await client.get(PORVOO + "/budgets/2026/cost-sharing", headers=planner)
    assert draft.status_code == 409
    assert draft.json()["type"] == "/problems/no-approved-budget"
    bad = await client.get(PORVOO + "/budgets/2026/cost-sharing?key=votes", headers=planner)
    assert bad.status_code == 422
    bad_amount = await client.get(
        PORVOO + "/budgets/2026/cost-sharing?actual_eur=1.234", headers=planner
    )
    assert bad_amount.status_code == 422

    kymppi = auth("planner", areas=["kymppi"])
    rows = [
        {
            "municipality_code": c,
            "te_subsidy_eur": "1.00",
            "kind": "preliminary_spring",
            "source": "t",
        }
        for c in ("005", "010", "052", "233", "300", "403", "408", "759", "934", "989")
    ]
    await client.put(
        "/v1/areas/kymppi/years/2026/subsidies", json={"subsidies": rows}, headers=kymppi
    )
    created = await client.post(
        "/v1/areas/kymppi/budgets", json={"year": 2026, "cap_share": 1}, headers=kymppi
    )
    body = {
        "lines": [{"category": "change_security_reserve", "amount_eur": "1.00"}],
        "planning_years": [
            {"year": y, "contributions_total_eur": "1.00", "expenditure_eur": "1.00"}
            for y in (2027, 2028)
        ],
    }
    await client.put(
        "/v1/areas/kymppi/budgets/2026/lines",
        json=body,
        headers={**kymppi, "If-Match": created.headers["ETag"]},
    )
    for step in ("proposed", "approved"):
        await client.post(
            "/v1/areas/kymppi/budgets/2026/transitions", json={"to": step}, headers=kymppi
        )
    joint = await client.get("/v1/areas/kymppi/budgets/2026/cost-sharing", headers=kymppi)
    assert joint.status_code == 409
    assert joint.json()["type"] == "/problems/not-lead-municipality-area"
    assert joint.json()["organisation_form"] == "joint_municipal_authority"


async def test_a_member_without_a_subsidy_cannot_be_given_a_share_by_it(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    await approved_budget(client, planner)
    etag = (await client.get(PORVOO + "/years/2026/subsidies", headers=planner)).headers["ETag"]
    only_porvoo = [
        {"municipality_code": "638", "te_subsidy_eur": "1.00", "kind": "final", "source": "t"}
    ]
    await client.put(
        PORVOO + "/years/2026/subsidies",
        json={"subsidies": only_porvoo},
        headers={**planner, "If-Match": etag},
    )
    response = await client.get(
        PORVOO + "/budgets/2026/cost-sharing?key=subsidy_criteria", headers=planner
    )
    assert response.status_code == 409
    assert response.json()["municipality_codes"] == ["504"]

"""Membership over time: one area at a time per municipality, history kept when ended."""

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from areas.repository import areas as repository

Auth = Callable[..., dict[str, str]]
Created = Callable[..., Awaitable[dict[str, Any]]]

KYMPPI_MEMBERS = "/v1/areas/kymppi/members"


async def member_codes(
    client: httpx.AsyncClient, headers: dict[str, str], on: str, area: str = "kymppi"
) -> list[str]:
    response = await client.get(f"/v1/areas/{area}/members?on={on}", headers=headers)
    assert response.status_code == 200, response.text
    return [m["municipality_code"] for m in response.json()["items"]]


async def test_members_are_listed_on_the_dates_of_their_membership(
    client: httpx.AsyncClient, auth: Auth, kymppi: str, created: Created
) -> None:
    await created(KYMPPI_MEMBERS, {"municipality_code": "233", "valid_from": "2025-01-01"})
    await created(
        KYMPPI_MEMBERS,
        {"municipality_code": "005", "valid_from": "2025-01-01", "valid_to": "2025-06-30"},
    )
    viewer = auth("viewer", areas=["kymppi"])
    assert await member_codes(client, viewer, "2024-12-31") == []
    assert await member_codes(client, viewer, "2025-01-01") == ["005", "233"]
    assert await member_codes(client, viewer, "2025-06-30") == ["005", "233"]
    assert await member_codes(client, viewer, "2025-07-01") == ["233"]


async def test_members_default_to_today(
    client: httpx.AsyncClient, admin: dict[str, str], kymppi: str, created: Created
) -> None:
    yesterday = dt.date.today() - dt.timedelta(days=1)
    await created(KYMPPI_MEMBERS, {"municipality_code": "233", "valid_from": "2000-01-01"})
    await created(
        KYMPPI_MEMBERS,
        {"municipality_code": "005", "valid_from": "2000-01-01", "valid_to": str(yesterday)},
    )
    response = await client.get(KYMPPI_MEMBERS, headers=admin)
    assert [m["municipality_code"] for m in response.json()["items"]] == ["233"]


async def test_an_overlap_with_another_area_is_409_naming_it_and_nothing_is_written(
    client: httpx.AsyncClient,
    admin: dict[str, str],
    kymppi: str,
    seinajoki: str,
    created: Created,
) -> None:
    first = await created(
        "/v1/areas/seinajoen-seutu/members",
        {"municipality_code": "408", "valid_from": "2025-01-01", "valid_to": "2025-12-31"},
    )
    response = await client.post(
        KYMPPI_MEMBERS,
        json={"municipality_code": "408", "valid_from": "2025-12-31"},
        headers=admin,
    )
    assert response.status_code == 409
    problem = response.json()
    assert problem["conflicting_area_id"] == "seinajoen-seutu"
    assert problem["conflicting_membership_id"] == first["id"]
    assert "seinajoen-seutu" in problem["detail"]
    assert await member_codes(client, admin, "2026-06-01") == []


async def test_an_overlap_within_the_same_area_is_also_409(
    client: httpx.AsyncClient, admin: dict[str, str], kymppi: str, created: Created
) -> None:
    await created(KYMPPI_MEMBERS, {"municipality_code": "233", "valid_from": "2025-01-01"})
    response = await client.post(
        KYMPPI_MEMBERS,
        json={"municipality_code": "233", "valid_from": "2020-01-01", "valid_to": "2025-01-01"},
        headers=admin,
    )
    assert response.status_code == 409
    assert response.json()["conflicting_area_id"] == "kymppi"


async def test_adjacent_periods_do_not_overlap(
    client: httpx.AsyncClient,
    admin: dict[str, str],
    kymppi: str,
    seinajoki: str,
    created: Created,
) -> None:
    await created(
        "/v1/areas/seinajoen-seutu/members",
        {"municipality_code": "408", "valid_from": "2025-01-01", "valid_to": "2025-12-31"},
    )
    await created(KYMPPI_MEMBERS, {"municipality_code": "408", "valid_from": "2026-01-01"})
    assert await member_codes(client, admin, "2025-12-31", "seinajoen-seutu") == ["408"]
    assert await member_codes(client, admin, "2025-12-31") == []
    assert await member_codes(client, admin, "2026-01-01") == ["408"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"municipality_code": "999", "valid_from": "2025-01-01"}, "municipality_code"),
        ({"municipality_code": "2333", "valid_from": "2025-01-01"}, "municipality_code"),
        ({"municipality_code": "233", "valid_from": "2025-13-01"}, "valid_from"),
        ({"municipality_code": "233", "valid_from": 0}, "valid_from"),
        ({"municipality_code": "233", "valid_from": "20250101"}, "valid_from"),
        (
            {"municipality_code": "233", "valid_from": "2025-01-02", "valid_to": "2025-01-01"},
            "valid_to",
        ),
        ({"valid_from": "2025-01-01"}, "municipality_code"),
    ],
)
async def test_a_bad_membership_is_422_naming_the_field_and_nothing_is_written(
    client: httpx.AsyncClient,
    admin: dict[str, str],
    kymppi: str,
    body: dict[str, Any],
    field: str,
) -> None:
    response = await client.post(KYMPPI_MEMBERS, json=body, headers=admin)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert await member_codes(client, admin, "2025-06-01") == []


async def test_members_of_an_unknown_area_are_404(
    client: httpx.AsyncClient, admin: dict[str, str], registry: None
) -> None:
    body = {"municipality_code": "233", "valid_from": "2025-01-01"}
    assert (
        await client.post("/v1/areas/nowhere/members", json=body, headers=admin)
    ).status_code == 404
    assert (await client.get("/v1/areas/nowhere/members", headers=admin)).status_code == 404


async def test_only_an_admin_adds_members_and_outsiders_see_nothing(
    client: httpx.AsyncClient, auth: Auth, kymppi: str, created: Created
) -> None:
    body = {"municipality_code": "233", "valid_from": "2025-01-01"}
    planner = auth("planner", areas=["kymppi"])
    assert (await client.post(KYMPPI_MEMBERS, json=body, headers=planner)).status_code == 403
    outsider = auth("planner", areas=["other"])
    assert (await client.post(KYMPPI_MEMBERS, json=body, headers=outsider)).status_code == 404
    assert (await client.get(KYMPPI_MEMBERS, headers=outsider)).status_code == 404


async def test_ending_a_membership_keeps_it_in_the_history(
    client: httpx.AsyncClient, admin: dict[str, str], kymppi: str, created: Created
) -> None:
    membership = await created(
        KYMPPI_MEMBERS, {"municipality_code": "233", "valid_from": "2025-01-01"}
    )
    url = f"{KYMPPI_MEMBERS}/{membership['id']}"
    etag = (await client.get(url, headers=admin)).headers["ETag"]
    end = {"valid_to": "2026-12-31"}

    assert (await client.patch(url, json=end, headers=admin)).status_code == 428
    stale = await client.patch(url, json=end, headers={**admin, "If-Match": '"old"'})
    assert stale.status_code == 412
    ended = await client.patch(url, json=end, headers={**admin, "If-Match": etag})
    assert ended.status_code == 200
    assert ended.json()["valid_to"] == "2026-12-31"
    assert ended.headers["ETag"] != etag

    assert await member_codes(client, admin, "2026-12-31") == ["233"]
    assert await member_codes(client, admin, "2027-01-01") == []
    assert (await client.get(url, headers=admin)).json()["valid_from"] == "2025-01-01"


async def test_ending_before_the_start_is_422_and_extending_into_another_area_is_409(
    client: httpx.AsyncClient,
    admin: dict[str, str],
    kymppi: str,
    seinajoki: str,
    created: Created,
) -> None:
    membership = await created(
        KYMPPI_MEMBERS,
        {"municipality_code": "408", "valid_from": "2025-01-01", "valid_to": "2025-12-31"},
    )
    await created(
        "/v1/areas/seinajoen-seutu/members",
        {"municipality_code": "408", "valid_from": "2026-01-01"},
    )
    url = f"{KYMPPI_MEMBERS}/{membership['id']}"
    etag = (await client.get(url, headers=admin)).headers["ETag"]
    early = await client.patch(
        url, json={"valid_to": "2024-12-31"}, headers={**admin, "If-Match": etag}
    )
    assert early.status_code == 422
    assert early.json()["errors"][0]["field"] == "valid_to"
    reopened = await client.patch(url, json={"valid_to": None}, headers={**admin, "If-Match": etag})
    assert reopened.status_code == 409
    assert reopened.json()["conflicting_area_id"] == "seinajoen-seutu"
    after = await client.get(url, headers=admin)
    assert after.json()["valid_to"] == "2025-12-31"
    assert after.headers["ETag"] == etag


async def test_a_membership_is_found_only_under_its_own_area(
    client: httpx.AsyncClient,
    admin: dict[str, str],
    kymppi: str,
    seinajoki: str,
    created: Created,
) -> None:
    membership = await created(
        "/v1/areas/seinajoen-seutu/members",
        {"municipality_code": "743", "valid_from": "2025-01-01"},
    )
    response = await client.get(f"{KYMPPI_MEMBERS}/{membership['id']}", headers=admin)
    assert response.status_code == 404


async def test_the_database_refuses_overlapping_memberships_below_the_api(
    db_session: AsyncSession, kymppi: str, seinajoki: str
) -> None:
    insert = text(
        "INSERT INTO area_membership (area_id, municipality_code, valid_from, valid_to) "
        "VALUES (:area, '233', :start, :end)"
    )
    await db_session.execute(insert, {"area": kymppi, "start": dt.date(2025, 1, 1), "end": None})
    with pytest.raises(IntegrityError, match="ex_area_membership_one_area_at_a_time"):
        async with db_session.begin_nested():
            await db_session.execute(
                insert, {"area": seinajoki, "start": dt.date(2030, 1, 1), "end": None}
            )
    # An adjacent period is accepted by the same constraint.
    await db_session.execute(
        text("UPDATE area_membership SET valid_to = '2029-12-31' WHERE municipality_code = '233'")
    )
    await db_session.execute(insert, {"area": seinajoki, "start": dt.date(2030, 1, 1), "end": None})


async def test_an_overlap_the_check_missed_is_still_409_from_the_database(
    client: httpx.AsyncClient,
    admin: dict[str, str],
    kymppi: str,
    seinajoki: str,
    created: Created,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As when a concurrent request commits between the service's check and its insert."""
    await created(
        "/v1/areas/seinajoen-seutu/members",
        {"municipality_code": "408", "valid_from": "2025-01-01"},
    )
    real = repository.overlapping_memberships
    calls = 0

    async def misses_once(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        return [] if calls == 1 else await real(*args, **kwargs)

    monkeypatch.setattr(repository, "overlapping_memberships", misses_once)
    response = await client.post(
        KYMPPI_MEMBERS, json={"municipality_code": "408", "valid_from": "2025-06-01"}, headers=admin
    )
    assert response.status_code == 409
    assert response.json()["conflicting_area_id"] == "seinajoen-seutu"
    assert calls == 2
    assert await member_codes(client, admin, "2025-06-01") == []


@pytest.mark.parametrize("on", ["0", "1735689600", "2025-1-1", "tomorrow"])
async def test_the_date_to_look_at_must_be_an_iso_date(
    client: httpx.AsyncClient, admin: dict[str, str], kymppi: str, on: str
) -> None:
    response = await client.get(f"{KYMPPI_MEMBERS}?on={on}", headers=admin)
    assert response.status_code == 422
    assert [(e["field"], e["in"]) for e in response.json()["errors"]] == [("on", "query")]


async def test_an_extension_the_check_missed_is_409_naming_the_other_area_not_its_own(
    client: httpx.AsyncClient,
    admin: dict[str, str],
    kymppi: str,
    seinajoki: str,
    created: Created,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    own = await created(
        KYMPPI_MEMBERS,
        {"municipality_code": "408", "valid_from": "2025-01-01", "valid_to": "2025-12-31"},
    )
    other = await created(
        "/v1/areas/seinajoen-seutu/members",
        {"municipality_code": "408", "valid_from": "2026-01-01"},
    )
    real = repository.overlapping_memberships
    calls = 0

    async def misses_once(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        return [] if calls == 1 else await real(*args, **kwargs)

    monkeypatch.setattr(repository, "overlapping_memberships", misses_once)
    url = f"{KYMPPI_MEMBERS}/{own['id']}"
    etag = (await client.get(url, headers=admin)).headers["ETag"]
    response = await client.patch(url, json={"valid_to": None}, headers={**admin, "If-Match": etag})
    assert response.status_code == 409
    assert response.json()["conflicting_membership_id"] == other["id"]
    assert (await client.get(url, headers=admin)).json()["valid_to"] == "2025-12-31"

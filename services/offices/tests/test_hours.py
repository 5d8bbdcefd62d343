"""Opening hours through the API: the rules with their ETag, the concrete times across the
spring change of 2025 (30 March, 03:00 -> 04:00), open-now, and bad input."""

from collections.abc import Callable

import httpx

from offices.testing import create_office

Auth = Callable[..., dict[str, str]]
HOURS = {
    "weekly": [
        {"weekday": 5, "opens": "09:00", "closes": "15:00"},
        {"weekday": 1, "opens": "13:00", "closes": "16:00"},
        {"weekday": 1, "opens": "08:00", "closes": "12:00"},
    ],
    "exceptions": [{"date": "2025-04-18", "closed": True}],
}


async def office_url(client: httpx.AsyncClient, planner: dict[str, str]) -> str:
    return str((await create_office(client, planner)).headers["Location"])


async def test_a_new_office_has_no_hours_and_a_put_replaces_them_with_if_match(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    url = await office_url(client, planner) + "/hours"
    empty = await client.get(url, headers=planner)
    assert empty.status_code == 200
    assert (empty.json()["weekly"], empty.json()["exceptions"]) == ([], [])
    assert (await client.put(url, json=HOURS, headers=planner)).status_code == 428
    put = await client.put(url, json=HOURS, headers={**planner, "If-Match": empty.headers["ETag"]})
    assert put.status_code == 200, put.text
    # Stored in order: by weekday, then opening.
    assert [(r["weekday"], r["opens"]) for r in put.json()["weekly"]] == [
        (1, "08:00"),
        (1, "13:00"),
        (5, "09:00"),
    ]
    read = await client.get(url, headers=planner)
    assert read.headers["ETag"] == put.headers["ETag"] != empty.headers["ETag"]
    again = await client.put(
        url, json=HOURS, headers={**planner, "If-Match": empty.headers["ETag"]}
    )
    assert again.status_code == 412


async def test_opening_times_carry_the_offset_of_their_date(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    url = await office_url(client, planner) + "/hours"
    etag = (await client.get(url, headers=planner)).headers["ETag"]
    await client.put(url, json=HOURS, headers={**planner, "If-Match": etag})
    # Friday 28 March (EET) and Monday 31 March (EEST) 2025, around the change.
    answer = await client.get(f"{url}?from=2025-03-28&to=2025-03-31", headers=planner)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["from"], body["to"], body["time_zone"]) == (
        "2025-03-28",
        "2025-03-31",
        "Europe/Helsinki",
    )
    assert [(t["opens"], t["closes"]) for t in body["times"]] == [
        ("2025-03-28T09:00:00+02:00", "2025-03-28T15:00:00+02:00"),
        ("2025-03-31T08:00:00+03:00", "2025-03-31T12:00:00+03:00"),
        ("2025-03-31T13:00:00+03:00", "2025-03-31T16:00:00+03:00"),
    ]
    # Good Friday 18 April 2025 is closed by the exception.
    easter = await client.get(f"{url}?from=2025-04-18&to=2025-04-18", headers=planner)
    assert easter.json()["times"] == []


async def test_open_at_an_instant_and_the_next_change(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    office = await office_url(client, planner)
    etag = (await client.get(office + "/hours", headers=planner)).headers["ETag"]
    await client.put(office + "/hours", json=HOURS, headers={**planner, "If-Match": etag})
    # Friday 28 March 2025 at 16:00 EET (14:00 UTC): closed; opens Monday 08:00 EEST.
    closed = await client.get(f"{office}/open?at=2025-03-28T14:00:00Z", headers=planner)
    assert closed.status_code == 200, closed.text
    assert (closed.json()["open"], closed.json()["next_change"]) == (
        False,
        "2025-03-31T08:00:00+03:00",
    )
    # Without an offset the time is Finnish: Monday 31 March 10:00 is open until 12:00.
    open_ = await client.get(f"{office}/open?at=2025-03-31T10:00", headers=planner)
    assert (open_.json()["open"], open_.json()["next_change"]) == (
        True,
        "2025-03-31T12:00:00+03:00",
    )


async def test_an_offset_with_an_unencoded_plus_is_read_as_the_offset(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    """`?at=...+03:00` written into a URL as it is: the query decodes `+` as a space."""
    office = await office_url(client, planner)
    etag = (await client.get(office + "/hours", headers=planner)).headers["ETag"]
    await client.put(office + "/hours", json=HOURS, headers={**planner, "If-Match": etag})
    answer = await client.get(f"{office}/open?at=2025-03-31T11:59:00+03:00", headers=planner)
    assert answer.status_code == 200, answer.text
    assert answer.json()["at"] == "2025-03-31T11:59:00+03:00"
    assert (answer.json()["open"], answer.json()["next_change"]) == (
        True,
        "2025-03-31T12:00:00+03:00",
    )


async def test_bad_hours_are_422_naming_each_entry_and_nothing_is_stored(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    url = await office_url(client, planner) + "/hours"
    etag = (await client.get(url, headers=planner)).headers["ETag"]
    headers = {**planner, "If-Match": etag}
    bad = {
        "weekly": [
            {"weekday": 1, "opens": "08:00", "closes": "12:00"},
            {"weekday": 1, "opens": "11:00", "closes": "13:00"},
            {"weekday": 2, "opens": "12:00", "closes": "09:00"},
        ],
        "exceptions": [{"date": "2025-12-24", "closed": False, "opens": "09:00"}],
    }
    answer = await client.put(url, json=bad, headers=headers)
    assert answer.status_code == 422
    assert answer.json()["type"] == "/problems/bad-opening-hours"
    assert [e["field"] for e in answer.json()["errors"]] == [
        "weekly.2.closes",
        "weekly.1",
        "exceptions.0",
    ]
    for rule, field in (
        ({"weekday": 8, "opens": "08:00", "closes": "12:00"}, "weekly.0.weekday"),
        ({"weekday": 1, "opens": "8:00", "closes": "12:00"}, "weekly.0.opens"),
        ({"weekday": 1, "opens": "24:00", "closes": "24:00"}, "weekly.0.opens"),
    ):
        answer = await client.put(url, json={"weekly": [rule]}, headers=headers)
        assert answer.status_code == 422
        assert answer.json()["errors"][0]["field"] == field
    assert (await client.get(url, headers=planner)).headers["ETag"] == etag


async def test_bad_periods_and_instants_are_422(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    office = await office_url(client, planner)
    for query, field in (
        ("hours?from=2025-01-01", "to"),
        ("hours?to=2025-01-01", "from"),
        ("hours?from=2025-02-01&to=2025-01-01", "to"),
        ("hours?from=2025-01-01&to=2026-01-02", "to"),
        ("open?at=yesterday", "at"),
        ("open?at=1999-12-31T23:00:00Z", "at"),
    ):
        answer = await client.get(f"{office}/{query}", headers=planner)
        assert answer.status_code == 422, query
        assert answer.json()["errors"][0]["field"] == field, query
    missing = await client.get("/v1/areas/kymppi/offices/999999/hours", headers=planner)
    assert missing.status_code == 404


async def test_a_viewer_reads_hours_but_cannot_put_them(
    client: httpx.AsyncClient, planner: dict[str, str], viewer: dict[str, str]
) -> None:
    url = await office_url(client, planner) + "/hours"
    etag = (await client.get(url, headers=viewer)).headers["ETag"]
    answer = await client.put(url, json=HOURS, headers={**viewer, "If-Match": etag})
    assert answer.status_code == 403

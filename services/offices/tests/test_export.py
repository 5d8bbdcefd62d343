"""The HSDS 3.0 and PTV v11 exports of an office with hours (DOMAIN.md §6). Field names are
checked against the formats' own schemas (openreferral/specification schema/*.json; PTV's
V11VmOpenApiServiceLocationChannelInBase)."""

import uuid

import httpx

from offices.testing import OFFICES, create_office

HOURS = {
    "weekly": [{"weekday": day, "opens": "08:00", "closes": "16:00"} for day in (1, 2, 3, 4)]
    + [{"weekday": 5, "opens": "08:00", "closes": "14:00"}],
    "exceptions": [
        {"date": "2026-06-19", "closed": True},
        {"date": "2026-12-24", "closed": True},
    ],
}


async def office_with_hours(client: httpx.AsyncClient, planner: dict[str, str]) -> str:
    url = (
        await create_office(
            client,
            planner,
            accessibility_notes="Esteetön sisäänkäynti.",
            ptv_id="2b8c9a4e-0c3a-4f7e-9d55-1f0e3c6a7b21",
        )
    ).headers["Location"]
    etag = (await client.get(url + "/hours", headers=planner)).headers["ETag"]
    put = await client.put(url + "/hours", json=HOURS, headers={**planner, "If-Match": etag})
    assert put.status_code == 200, put.text
    return str(url)


async def test_hsds_locations_have_weekly_schedules_with_the_offset_of_the_date(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    await office_with_hours(client, planner)
    summer = await client.get(f"{OFFICES}?format=hsds&on=2026-06-01", headers=planner)
    assert summer.status_code == 200, summer.text
    (location,) = summer.json()["items"]
    assert location["location_type"] == "physical"
    assert (location["name"], location["latitude"], location["longitude"]) == (
        "Alajärven toimipiste",
        63.0,
        23.817,
    )
    assert uuid.UUID(location["id"]).version == 5
    weekly = [s for s in location["schedules"] if s.get("count") is None]
    assert [(s["byday"], s["opens_at"], s["closes_at"], s["timezone"]) for s in weekly] == [
        ("MO,TU,WE,TH", "08:00+03:00", "16:00+03:00", 3),
        ("FR", "08:00+03:00", "14:00+03:00", 3),
    ]
    # Summer time 2026 runs from 29 March to 24 October (the last Sundays of March and
    # October); Midsummer Eve 19.6. is in it, Christmas Eve is not.
    assert {(s["valid_from"], s["valid_to"], s["freq"]) for s in weekly} == {
        ("2026-03-29", "2026-10-24", "WEEKLY")
    }
    (midsummer,) = [s for s in location["schedules"] if s.get("count") == 1]
    assert (midsummer["valid_from"], "opens_at" in midsummer) == ("2026-06-19", False)
    assert [a["postal_code"] for a in location["addresses"]] == ["62900"]
    assert location["external_identifier"] == "2b8c9a4e-0c3a-4f7e-9d55-1f0e3c6a7b21"
    assert [s["description"] for s in location["service_at_location"]] == [
        "Työnvälityspalvelut",
        "Monialaiset palvelut",
    ]
    assert [lang["code"] for lang in location["languages"]] == ["fi", "sv"]
    assert location["accessibility"][0]["description"] == "Esteetön sisäänkäynti."
    # No nulls: HSDS types its fields non-null, so absent values are left out.
    assert "url" not in location

    winter = await client.get(f"{OFFICES}?format=hsds&on=2026-12-01", headers=planner)
    (location_in_winter,) = winter.json()["items"]
    assert location_in_winter["id"] == location["id"]
    first = location_in_winter["schedules"][0]
    assert (first["opens_at"], first["timezone"]) == ("08:00+02:00", 2)
    assert [s["valid_from"] for s in location_in_winter["schedules"]][-1] == "2026-12-24"


async def test_ptv_channels_have_names_addresses_and_service_hours(
    client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    await office_with_hours(client, planner)
    answer = await client.get(f"{OFFICES}?format=ptv", headers=planner)
    assert answer.status_code == 200, answer.text
    (channel,) = answer.json()["items"]
    assert channel["serviceChannelNames"] == [
        {"type": "Name", "language": "fi", "value": "Alajärven toimipiste"},
        {"type": "Name", "language": "sv", "value": "Alajärvi verksamhetsställe"},
    ]
    assert channel["displayNameType"] == [
        {"type": "Name", "language": "fi"},
        {"type": "Name", "language": "sv"},
    ]
    assert channel["languages"] == ["fi", "sv"]
    assert channel["publishingStatus"] == "Published"
    (address,) = channel["addresses"]
    assert (address["type"], address["subType"], address["country"]) == ("Location", "Single", "FI")
    assert address["streetAddress"] == {
        "street": [{"language": "fi", "value": "Kauppatie"}],
        "streetNumber": "12",
        "postalCode": "62900",
        "municipality": "005",
        "latitude": "63.0",
        "longitude": "23.817",
    }
    regular, *exceptional = channel["serviceHours"]
    assert regular["serviceHourType"] == "DaysOfTheWeek"
    assert regular["openingHour"][0] == {"dayFrom": "Monday", "from": "08:00", "to": "16:00"}
    assert regular["openingHour"][-1] == {"dayFrom": "Friday", "from": "08:00", "to": "14:00"}
    assert [(h["serviceHourType"], h["validFrom"], h["isClosed"]) for h in exceptional] == [
        ("Exceptional", "2026-06-19T00:00:00", True),
        ("Exceptional", "2026-12-24T00:00:00", True),
    ]
    # The same place has the same stable id in both exports.
    hsds = await client.get(f"{OFFICES}?format=hsds", headers=planner)
    assert channel["sourceId"] == hsds.json()["items"][0]["id"]

"""The PTV stand-in speaks PTV's v11 wire format: OAuth2 client-credentials tokens, the
ServiceLocation channel writes with PTV's required fields, and PTV's error answers
(ASP.NET model state on 400, `errorMessage` on 404, a bare 401 with a challenge)."""

from __future__ import annotations

import copy
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest

from simulators.ptv.app import PtvSimulatorSettings, build_app
from simulators.ptv.testing import CHANNEL, CLIENT, LOCATIONS


@pytest.fixture
async def ptv() -> AsyncIterator[httpx.AsyncClient]:
    app = build_app(PtvSimulatorSettings(client_id=CLIENT[0], client_secret=CLIENT[1]))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://ptv") as client:
        yield client


async def bearer(ptv: httpx.AsyncClient) -> dict[str, str]:
    answer = await ptv.post(
        "/api/auth/connect/token", data={"grant_type": "client_credentials"}, auth=CLIENT
    )
    assert answer.status_code == 200, answer.text
    grant = answer.json()
    assert (grant["token_type"], grant["expires_in"]) == ("Bearer", 3600)
    return {"Authorization": f"Bearer {grant['access_token']}"}


async def test_client_credentials_in_the_form_get_a_token_too(ptv: httpx.AsyncClient) -> None:
    form = {"grant_type": "client_credentials", "client_id": CLIENT[0], "client_secret": CLIENT[1]}
    answer = await ptv.post("/api/auth/connect/token", data=form)
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("form", "auth", "status", "error"),
    [
        ({"grant_type": "client_credentials"}, (CLIENT[0], "wrong"), 401, "invalid_client"),
        ({"grant_type": "password"}, CLIENT, 400, "unsupported_grant_type"),
        ({}, CLIENT, 400, "invalid_request"),
    ],
)
async def test_a_token_request_that_fails_answers_rfc_6749_errors(
    ptv: httpx.AsyncClient,
    form: dict[str, str],
    auth: tuple[str, str],
    status: int,
    error: str,
) -> None:
    answer = await ptv.post("/api/auth/connect/token", data=form, auth=auth)
    assert (answer.status_code, answer.json()) == (status, {"error": error})


async def test_a_write_without_a_valid_token_is_a_bare_401(ptv: httpx.AsyncClient) -> None:
    missing = await ptv.post(LOCATIONS, json=CHANNEL)
    assert (missing.status_code, missing.content) == (401, b"")
    assert missing.headers["WWW-Authenticate"] == "Bearer"
    forged = await ptv.post(LOCATIONS, json=CHANNEL, headers={"Authorization": "Bearer forged"})
    assert forged.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'


async def test_a_created_channel_gets_an_id_and_is_read_anonymously(
    ptv: httpx.AsyncClient,
) -> None:
    created = await ptv.post(LOCATIONS, json=CHANNEL, headers=await bearer(ptv))
    assert created.status_code == 200, created.text
    channel = created.json()
    assert uuid.UUID(channel["id"]).version == 4
    assert channel["serviceChannelType"] == "ServiceLocation"
    read = await ptv.get(f"/api/v11/ServiceChannel/{channel['id']}")
    assert read.status_code == 200
    assert read.json()["serviceChannelNames"] == CHANNEL["serviceChannelNames"]
    assert "sourceId" not in read.json()


async def test_an_update_changes_only_what_it_gives_and_a_deleted_channel_is_not_read(
    ptv: httpx.AsyncClient,
) -> None:
    headers = await bearer(ptv)
    channel_id = (await ptv.post(LOCATIONS, json=CHANNEL, headers=headers)).json()["id"]
    names = [{"type": "Name", "language": "fi", "value": "Lapuan työllisyyspalvelut"}]
    updated = await ptv.put(
        f"{LOCATIONS}/{channel_id}",
        json={"serviceChannelNames": names, "publishingStatus": "Deleted"},
        headers=headers,
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["serviceChannelNames"] == names
    assert updated.json()["addresses"] == CHANNEL["addresses"]
    assert (await ptv.get(f"/api/v11/ServiceChannel/{channel_id}")).status_code == 404
    active = await ptv.get(f"/api/v11/ServiceChannel/active/{channel_id}", headers=headers)
    assert active.json()["publishingStatus"] == "Deleted"


async def test_a_create_without_ptvs_required_fields_is_a_model_state_400(
    ptv: httpx.AsyncClient,
) -> None:
    body = copy.deepcopy(CHANNEL)
    for name in ("organizationId", "serviceChannelNames", "displayNameType", "languages"):
        del body[name]
    body["serviceChannelDescriptions"] = body["serviceChannelDescriptions"][:1]
    body["addresses"][0]["streetAddress"]["postalCode"] = "621"
    body["serviceHours"][0]["openingHour"][0]["to"] = "25:00"
    body["publishingStatus"] = "Deleted"
    answer = await ptv.post(LOCATIONS, json=body, headers=await bearer(ptv))
    assert answer.status_code == 400
    errors = answer.json()
    assert errors["OrganizationId"] == ["The OrganizationId field is required."]
    assert errors["ServiceChannelNames"] == ["The ServiceChannelNames field is required."]
    assert set(errors) == {
        "OrganizationId",
        "ServiceChannelNames",
        "DisplayNameType",
        "Languages",
        "ServiceChannelDescriptions",
        "Addresses[0].StreetAddress.PostalCode",
        "ServiceHours[0].OpeningHour[0].To",
        "PublishingStatus",
    }
    assert all(isinstance(messages, list) for messages in errors.values())


async def test_an_unknown_organisation_and_a_summary_too_long_are_refused(
    ptv: httpx.AsyncClient,
) -> None:
    body = copy.deepcopy(CHANNEL)
    body["organizationId"] = str(uuid.uuid4())
    body["serviceChannelDescriptions"][0]["value"] = "x" * 151
    errors = (await ptv.post(LOCATIONS, json=body, headers=await bearer(ptv))).json()
    unknown = body["organizationId"]
    assert errors["OrganizationId"] == [f"Organization with id '{unknown}' not found."]
    assert errors["ServiceChannelDescriptions[0].Value"] == ["Maximum length of property is 150."]


async def test_the_same_source_id_twice_is_refused_and_found_by_source_id(
    ptv: httpx.AsyncClient,
) -> None:
    headers = await bearer(ptv)
    first = (await ptv.post(LOCATIONS, json=CHANNEL, headers=headers)).json()
    again = await ptv.post(LOCATIONS, json=CHANNEL, headers=headers)
    assert (again.status_code, list(again.json())) == (400, ["SourceId"])
    by_source = await ptv.put(
        f"{LOCATIONS}/sourceId/{CHANNEL['sourceId']}", json=CHANNEL, headers=headers
    )
    assert by_source.json()["id"] == first["id"]


async def test_an_unknown_or_malformed_channel_id_answers_ptvs_errors(
    ptv: httpx.AsyncClient,
) -> None:
    headers = await bearer(ptv)
    unknown = str(uuid.uuid4())
    missing = await ptv.put(f"{LOCATIONS}/{unknown}", json=CHANNEL, headers=headers)
    assert (missing.status_code, missing.json()) == (
        404,
        {"errorMessage": f"Service channel with id '{unknown}' not found."},
    )
    malformed = await ptv.get("/api/v11/ServiceChannel/not-a-guid")
    assert malformed.status_code == 400
    assert list(malformed.json()) == ["id"]

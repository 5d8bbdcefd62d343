"""The PTV adapter (`alue.integrations.ptv`) against the PTV stand-in, in process: one
client-credentials token for a run's writes, a new one when PTV stops taking it, and PTV's
refusals as one line naming what PTV named."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI

from alue.integrations.ptv import PtvAuthError, PtvClient, PtvConfig, PtvError
from simulators.ptv.app import Catalogue, PtvSimulatorSettings, build_app
from simulators.ptv.testing import CHANNEL, CLIENT, served


@pytest.fixture(scope="module")
def app() -> Iterator[FastAPI]:
    app = build_app(PtvSimulatorSettings(client_id=CLIENT[0], client_secret=CLIENT[1]))
    with served(app) as url:
        app.state.url = url
        yield app


@pytest.fixture
def http(app: FastAPI) -> Iterator[httpx.Client]:
    app.state.catalogue.channels.clear()
    app.state.catalogue.token_requests = 0
    with httpx.Client(timeout=10) as client:
        yield client


def config(app: FastAPI, **changes: str | None) -> PtvConfig:
    url = app.state.url
    given = {
        "api_url": url,
        "token_url": f"{url}/api/auth/connect/token",
        "client_id": CLIENT[0],
        "client_secret": CLIENT[1],
        **changes,
    }
    return PtvConfig(**given)


def test_one_token_serves_every_write_until_ptv_refuses_it(
    app: FastAPI, http: httpx.Client
) -> None:
    catalogue: Catalogue = app.state.catalogue
    ptv = PtvClient(config(app), http)
    created = ptv.create(CHANNEL)
    ptv.update(created["id"], {"publishingStatus": "Draft"})
    assert catalogue.token_requests == 1
    catalogue.tokens.clear()  # PTV forgets the token: the next write asks for another
    updated = ptv.update(created["id"], {"publishingStatus": "Published"})
    assert (updated["publishingStatus"], catalogue.token_requests) == ("Published", 2)


def test_a_token_given_is_used_as_it_is_and_its_refusal_is_an_auth_error(
    app: FastAPI,
    http: httpx.Client,
) -> None:
    given = config(app, client_id=None, client_secret=None, access_token="got-elsewhere")
    ptv = PtvClient(given, http)
    with pytest.raises(PtvAuthError, match="401"):
        ptv.create(CHANNEL)


def test_without_credentials_nothing_is_sent(app: FastAPI, http: httpx.Client) -> None:
    with pytest.raises(PtvAuthError, match="PTV_CLIENT_ID"):
        PtvClient(config(app, client_id=None, client_secret=None), http).create(CHANNEL)
    assert app.state.catalogue.token_requests == 0


def test_wrong_credentials_name_the_oauth2_error(app: FastAPI, http: httpx.Client) -> None:
    with pytest.raises(PtvAuthError, match="401 invalid_client"):
        PtvClient(config(app, client_secret="wrong"), http).create(CHANNEL)


def test_a_refusal_names_each_property_and_an_unknown_channel_ptvs_message(
    app: FastAPI,
    http: httpx.Client,
) -> None:
    ptv = PtvClient(config(app), http)
    body = {k: v for k, v in CHANNEL.items() if k != "languages"}
    with pytest.raises(PtvError) as refused:
        ptv.create(body)
    assert refused.value.status == 400
    assert "Languages: The Languages field is required." in str(refused.value)
    assert list(refused.value.fields) == ["Languages"]
    unknown = "00000000-0000-4000-8000-000000000000"
    with pytest.raises(PtvError, match=f"Service channel with id '{unknown}' not found"):
        ptv.update(unknown, CHANNEL)

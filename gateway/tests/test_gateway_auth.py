"""The gateway verifies the bearer token itself, before anything reaches a service."""

import pytest

from gateway.testing import SettingsFactory, StandInService, gateway_client
from servicekit.auth import mint_token
from servicekit.settings import AuthSettings


def token_signed_with_another_secret() -> str:
    other = AuthSettings.model_validate({"ALUE_JWT_SECRET": "another-secret-" + "x" * 40})
    return mint_token(other, sub="intruder", roles=["admin"])


@pytest.mark.parametrize(
    ("authorization", "why"),
    [
        (None, "missing"),
        ("Basic dXNlcjpwYXNz", "not a bearer token"),
        ("Bearer not.a.jwt", "malformed"),
        ("Bearer ", "empty"),
        ("EXPIRED", "expired"),
        ("FORGED", "bad signature"),
    ],
)
async def test_a_request_without_a_valid_token_is_refused_before_forwarding(
    authorization: str | None,
    why: str,
    stand_in: StandInService,
    make_gateway_settings: SettingsFactory,
) -> None:
    settings = make_gateway_settings({"areas": stand_in.url})
    if authorization == "EXPIRED":
        token = mint_token(settings, sub="late", roles=["viewer"], ttl_seconds=-60)
        authorization = f"Bearer {token}"
    elif authorization == "FORGED":
        authorization = f"Bearer {token_signed_with_another_secret()}"
    headers = {} if authorization is None else {"Authorization": authorization}

    async with gateway_client(settings) as gateway:
        for method in ("GET", "POST", "DELETE"):
            response = await gateway.request(method, "/areas/v1/municipalities", headers=headers)
            assert response.status_code == 401, (why, method)
            assert response.headers["content-type"] == "application/problem+json"
            assert response.headers["www-authenticate"].startswith("Bearer")

    assert stand_in.received == []


async def test_an_expired_token_is_named_as_expired(
    stand_in: StandInService, make_gateway_settings: SettingsFactory
) -> None:
    settings = make_gateway_settings({"areas": stand_in.url})
    token = mint_token(settings, sub="late", roles=["viewer"], ttl_seconds=-60)
    async with gateway_client(settings) as gateway:
        response = await gateway.get(
            "/areas/v1/municipalities", headers={"Authorization": f"Bearer {token}"}
        )

    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


async def test_an_unknown_service_needs_a_token_too(
    make_gateway_settings: SettingsFactory,
) -> None:
    async with gateway_client(make_gateway_settings({})) as gateway:
        response = await gateway.get("/nosuch/v1/things")

    assert response.status_code == 401

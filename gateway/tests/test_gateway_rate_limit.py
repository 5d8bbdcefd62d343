"""The gateway limits requests per principal: 429 with Retry-After, nothing forwarded."""

import pydantic
import pytest

from gateway.config import GatewaySettings
from gateway.ratelimit import parse_limits
from gateway.testing import SettingsFactory, StandInService, gateway_client
from servicekit.auth import mint_token
from servicekit.testing import test_auth_env


def bearer(settings: GatewaySettings, sub: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {mint_token(settings, sub=sub, roles=['viewer'])}"}


@pytest.mark.parametrize("strategy", ["fixed-window", "moving-window", "sliding-window-counter"])
async def test_past_the_limit_a_principal_gets_429_and_the_service_nothing(
    strategy: str, stand_in: StandInService, make_gateway_settings: SettingsFactory
) -> None:
    settings = make_gateway_settings(
        {"areas": stand_in.url}, rate_limit="3/minute", rate_limit_strategy=strategy
    )
    alice = bearer(settings, "alice")
    async with gateway_client(settings) as gateway:
        answers = [await gateway.get("/areas/v1/municipalities", headers=alice) for _ in range(4)]
        other = await gateway.get("/areas/v1/municipalities", headers=bearer(settings, "bob"))
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"] == "/problems/too-many-requests"
    assert refused.json()["request_id"] == refused.headers["x-request-id"]
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert refused.headers["x-content-type-options"] == "nosniff"
    assert other.status_code == 200, "another principal has a count of its own"
    assert len(stand_in.received) == 4


async def test_tokens_of_one_subject_share_its_count(
    stand_in: StandInService, make_gateway_settings: SettingsFactory
) -> None:
    settings = make_gateway_settings({"areas": stand_in.url}, rate_limit="2/minute")
    async with gateway_client(settings) as gateway:
        # A new token per request: the count follows the subject, not the token.
        statuses = [
            (await gateway.get("/areas/v1/x", headers=bearer(settings, "carol"))).status_code
            for _ in range(3)
        ]
    assert statuses == [200, 200, 429]


async def test_without_a_valid_token_the_address_is_counted(
    stand_in: StandInService, make_gateway_settings: SettingsFactory
) -> None:
    settings = make_gateway_settings({"areas": stand_in.url}, rate_limit="2/minute")
    forged = {"Authorization": "Bearer not.a.jwt"}
    async with gateway_client(settings) as gateway:
        statuses = [
            (await gateway.get("/areas/v1/x", headers=forged)).status_code for _ in range(2)
        ]
        statuses.append((await gateway.get("/openapi.json")).status_code)
    assert statuses == [401, 401, 429]
    assert stand_in.received == []


async def test_health_probes_are_never_limited(
    stand_in: StandInService, make_gateway_settings: SettingsFactory
) -> None:
    settings = make_gateway_settings({"areas": stand_in.url}, rate_limit="1/minute")
    async with gateway_client(settings) as gateway:
        statuses = {(await gateway.get(path)).status_code for path in ["/livez"] * 3}
        statuses |= {(await gateway.get("/readyz")).status_code for _ in range(3)}
    assert statuses == {200}


@pytest.mark.parametrize("limit", ["", "many", "10 per fortnight"])
def test_a_limit_that_says_nothing_is_refused(limit: str) -> None:
    with pytest.raises(pydantic.ValidationError, match="rate_limit"):
        GatewaySettings.model_validate({"rate_limit": limit, **test_auth_env()})


def test_the_default_leaves_room_for_the_suite_and_a_busy_person() -> None:
    settings = GatewaySettings.model_validate(test_auth_env())
    assert settings.rate_limit_storage == "memory://"
    for item in parse_limits(settings.rate_limit):
        assert item.amount / item.get_expiry() >= 50, "per second, sustained"

"""The funding service reaches the areas service as the caller, with a timeout."""

import httpx
import pytest
from fastapi import FastAPI

from servicekit.peers import Peers, PeerUnavailable
from servicekit.testing import TokenFactory


async def test_a_peer_call_carries_the_callers_token(
    app: FastAPI, make_token: TokenFactory
) -> None:
    peers = app.state.peers
    as_planner = f"Bearer {make_token('planner', areas=['kymppi'])}"
    reply = await peers.get("areas", "/v1/areas/kymppi", authorization=as_planner)
    assert reply.status == 200
    assert reply.body["id"] == "kymppi"
    # Another area's planner is refused by the areas service itself: its rights, not ours.
    as_other = f"Bearer {make_token('planner', areas=['other'])}"
    refused = await peers.get("areas", "/v1/areas/kymppi", authorization=as_other)
    assert refused.status == 404
    anonymous = await peers.get("areas", "/v1/areas/kymppi")
    assert anonymous.status == 401


async def test_an_unconfigured_or_unreachable_peer_is_unavailable() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    peers = Peers(
        {"areas": "http://areas.test"},
        timeout=0.5,
        transports={"areas": httpx.MockTransport(refuse)},
    )
    try:
        for service in ("areas", "offices"):
            with pytest.raises(PeerUnavailable) as raised:
                await peers.get(service, "/v1/areas/kymppi")
            assert raised.value.service == service
    finally:
        await peers.aclose()

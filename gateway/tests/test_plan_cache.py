"""A complete plan is kept while the areas service's data generation stands; the section
calls revalidate their parsed answers by ETag."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from gateway.plan.testing import AreasStandIn
from gateway.testing import gateway_client
from servicekit.auth import mint_token

AREAS_URL = "http://areas.test"
PLAN = "/v1/plans/kymppi"
ON = {"year": "2025", "on": "2025-06-01"}
PROFILE = "/v1/areas/kymppi/profile"
SettingsFactory = Callable[..., Any]


@pytest.fixture
def areas() -> AreasStandIn:
    stand_in = AreasStandIn()
    stand_in.generation = 5
    return stand_in


@pytest.fixture
def gateway(areas: AreasStandIn, make_gateway_settings: SettingsFactory) -> Callable[..., Any]:
    @asynccontextmanager
    async def client() -> AsyncIterator[httpx.AsyncClient]:
        settings = make_gateway_settings({"areas": AREAS_URL})
        async with gateway_client(settings, transport=areas.transport()) as c:
            yield c

    return client


def token(settings: SettingsFactory, *roles: str, areas: list[str]) -> dict[str, str]:
    minted = mint_token(settings({}), sub="t", roles=list(roles), areas=areas)
    return {"Authorization": f"Bearer {minted}"}


async def test_a_kept_plan_is_given_until_the_generation_moves(
    gateway: Callable[..., Any], areas: AreasStandIn, make_gateway_settings: SettingsFactory
) -> None:
    viewer = token(make_gateway_settings, "viewer", areas=["kymppi"])
    async with gateway() as client:
        first = await client.get(PLAN, params=ON, headers=viewer)
        calls = len(areas.requests)
        again = await client.get(PLAN, params=ON, headers=viewer)
        # Only the generation was asked: the sections' data cannot have changed.
        assert areas.paths()[calls:] == ["/v1/generation"]
        assert (again.json()["sections"], again.headers["ETag"]) == (
            first.json()["sections"],
            first.headers["ETag"],
        )

        areas.generation = 6  # a write committed in the areas service
        calls = len(areas.requests)
        fresh = await client.get(PLAN, params=ON, headers=viewer)
        assert PROFILE in areas.paths()[calls:]
        assert fresh.status_code == 200

        # Another ask is another plan: other rates are composed, not taken from the kept one.
        calls = len(areas.requests)
        other = await client.get(PLAN, params=ON | {"rates": "-0.03"}, headers=viewer)
        assert PROFILE in areas.paths()[calls:]
        assert other.json() != fresh.json()


async def test_a_kept_plan_is_only_given_to_a_token_that_may_read_the_area(
    gateway: Callable[..., Any], areas: AreasStandIn, make_gateway_settings: SettingsFactory
) -> None:
    async with gateway() as client:
        kept = await client.get(
            PLAN, params=ON, headers=token(make_gateway_settings, "viewer", areas=["kymppi"])
        )
        assert kept.status_code == 200
        outsider = token(make_gateway_settings, "viewer", areas=["elsewhere"])
        assert (await client.get(PLAN, params=ON, headers=outsider)).status_code == 404


async def test_an_incomplete_plan_is_not_kept(
    gateway: Callable[..., Any], areas: AreasStandIn, make_gateway_settings: SettingsFactory
) -> None:
    viewer = token(make_gateway_settings, "viewer", areas=["kymppi"])
    areas.failing[PROFILE] = 503
    async with gateway() as client:
        assert (await client.get(PLAN, params=ON, headers=viewer)).json()["complete"] is False
        del areas.failing[PROFILE]
        assert (await client.get(PLAN, params=ON, headers=viewer)).json()["complete"] is True


async def test_a_section_call_revalidates_its_parsed_answer_by_etag(
    gateway: Callable[..., Any], areas: AreasStandIn, make_gateway_settings: SettingsFactory
) -> None:
    viewer = token(make_gateway_settings, "viewer", areas=["kymppi"])
    areas.generation = None  # no plan is kept: each plan makes its section calls
    areas.etags[PROFILE] = '"g1"'
    async with gateway() as client:
        first = await client.get(PLAN, params=ON, headers=viewer)
        second = await client.get(PLAN, params=ON, headers=viewer)
    profiles = [r for r in areas.requests if r.url.path == PROFILE]
    assert [r.headers.get("if-none-match") for r in profiles] == [None, '"g1"']
    # The 304 reused the answer parsed from the 200.
    assert second.json()["sections"] == first.json()["sections"]


GENERATION = "/v1/generation"


async def test_plans_asked_together_share_their_generation_reads(
    gateway: Callable[..., Any], areas: AreasStandIn, make_gateway_settings: SettingsFactory
) -> None:
    viewer = token(make_gateway_settings, "viewer", areas=["kymppi"])
    async with gateway() as client:
        kept = await client.get(PLAN, params=ON, headers=viewer)
        areas.slow[GENERATION] = 0.05
        calls = len(areas.requests)
        plans = await asyncio.gather(
            *(client.get(PLAN, params=ON, headers=viewer) for _ in range(10))
        )
    # The first ask's read, then one more for the nine that arrived while it was on its way.
    assert areas.paths()[calls:] == [GENERATION, GENERATION]
    assert {(p.status_code, p.headers["ETag"]) for p in plans} == {(200, kept.headers["ETag"])}


async def test_a_plan_asked_while_a_generation_read_is_on_its_way_waits_for_the_next(
    areas: AreasStandIn, make_gateway_settings: SettingsFactory
) -> None:
    viewer = token(make_gateway_settings, "viewer", areas=["kymppi"])
    read_arrived = asyncio.Event()

    async def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == GENERATION:
            read_arrived.set()
        return await areas(request)

    settings = make_gateway_settings({"areas": AREAS_URL})
    async with gateway_client(settings, transport=httpx.MockTransport(route)) as client:
        await client.get(PLAN, params=ON, headers=viewer)
        areas.slow[GENERATION] = 0.2
        calls = len(areas.requests)
        read_arrived.clear()
        before = asyncio.create_task(client.get(PLAN, params=ON, headers=viewer))
        await read_arrived.wait()
        areas.generation = 6  # a write commits while that read's answer is on its way back
        after = await client.get(PLAN, params=ON, headers=viewer)
        await before
    # The later plan did not take the earlier read's number: it was composed anew.
    assert areas.paths()[calls:][:2] == [GENERATION, GENERATION]
    assert PROFILE in areas.paths()[calls + 2 :]
    assert after.status_code == 200


async def test_a_failed_shared_generation_read_composes_every_plan_that_waited_for_it(
    gateway: Callable[..., Any], areas: AreasStandIn, make_gateway_settings: SettingsFactory
) -> None:
    viewer = token(make_gateway_settings, "viewer", areas=["kymppi"])
    async with gateway() as client:
        await client.get(PLAN, params=ON, headers=viewer)
        areas.failing[GENERATION] = 503
        areas.slow[GENERATION] = 0.05
        plans = await asyncio.gather(
            *(client.get(PLAN, params=ON, headers=viewer) for _ in range(4))
        )
    assert [p.json()["complete"] for p in plans] == [True] * 4
    assert areas.paths().count(PROFILE) == 1 + 4


async def test_a_generation_that_does_not_answer_leaves_the_plan_its_deadline(
    areas: AreasStandIn, make_gateway_settings: SettingsFactory
) -> None:
    """A frozen service says nothing: its generation is waited for a tenth of the deadline,
    then the plan is composed anew within what is left, not given up at the deadline."""
    viewer = token(make_gateway_settings, "viewer", areas=["kymppi"])
    areas.slow["/v1/generation"] = 5.0
    settings = make_gateway_settings({"areas": AREAS_URL}, plan_deadline_seconds=1.0)
    async with gateway_client(settings, transport=areas.transport()) as client:
        started = time.monotonic()
        response = await client.get(PLAN, params=ON, headers=viewer)
        elapsed = time.monotonic() - started
    assert response.status_code == 200, response.text
    assert response.json()["complete"] is True
    assert elapsed < 1.0


async def test_plans_asked_together_before_one_is_kept_are_composed_once(
    gateway: Callable[..., Any], areas: AreasStandIn, make_gateway_settings: SettingsFactory
) -> None:
    viewer = token(make_gateway_settings, "viewer", areas=["kymppi"])
    areas.slow[PROFILE] = 0.1
    async with gateway() as client:
        plans = await asyncio.gather(
            *(client.get(PLAN, params=ON, headers=viewer) for _ in range(8))
        )
        assert areas.paths().count(PROFILE) == 1
        assert {(p.status_code, p.headers["ETag"]) for p in plans} == {
            (200, plans[0].headers["ETag"])
        }
        # An incomplete plan is not kept: the asks that waited for it compose their own.
        areas.generation = 6
        areas.failing[PROFILE] = 503
        incomplete = await asyncio.gather(
            *(client.get(PLAN, params=ON, headers=viewer) for _ in range(3))
        )
    assert [p.json()["complete"] for p in incomplete] == [False] * 3
    assert areas.paths().count(PROFILE) == 1 + 3

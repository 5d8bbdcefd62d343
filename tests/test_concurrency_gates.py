"""The concurrency gate, for every service in the registry, through the gateway to the real
processes (`alue run`'s): on the mutable resource each service names in its `testing` module
(`MUTABLE_RESOURCE`, a servicekit.contract.MutableResource),

- of 10 concurrent PUTs with one `If-Match`, exactly one wins and 9 answer 412;
- 5 concurrent POSTs with one `Idempotency-Key` make one resource: each answer is that
  resource (the first or a replay of it) or 409 (the first still in progress);
- a bulk write racing reads: every read shows all of one write's rows, never part of one.

What is guaranteed here is the database's (DESIGN.md, API conventions: a conditional write
locks what it compares; an idempotency key is stored in the write's transaction), so each
request has a connection of its own, to a server in another process.
"""

from __future__ import annotations

import asyncio
import importlib
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from alue.registry import SERVICES, ServiceSpec
from alue.system import System
from servicekit.contract import BulkWrite, MutableResource

pytestmark = [
    pytest.mark.system,
    pytest.mark.parametrize("spec", SERVICES, ids=[spec.name for spec in SERVICES]),
]

Bearer = Callable[..., dict[str, str]]
WRITERS = 10
ROUNDS = 3
REPLAYS = 5
BULK_WRITES = 8
READERS = 3


def declared(spec: ServiceSpec) -> MutableResource:
    try:
        module = importlib.import_module(f"{spec.package}.testing")
    except ModuleNotFoundError as exc:
        if exc.name != f"{spec.package}.testing":
            raise
        pytest.fail(f"the {spec.name} service has no `testing` module to name its resource in")
    resource = getattr(module, "MUTABLE_RESOURCE", None)
    if not isinstance(resource, MutableResource):
        pytest.fail(f"{spec.package}.testing declares no MUTABLE_RESOURCE (a MutableResource)")
    return resource


@pytest.fixture
async def http(system: System) -> AsyncIterator[httpx.AsyncClient]:
    # A connection per request in flight: the race is between separate connections.
    limits = httpx.Limits(max_connections=WRITERS * 2)
    async with httpx.AsyncClient(base_url=system.gateway_url, timeout=30, limits=limits) as client:
        yield client


def token(bearer: Bearer, resource: MutableResource) -> dict[str, str]:
    return bearer(*resource.roles, areas=resource.areas)


async def create(
    http: httpx.AsyncClient, spec: ServiceSpec, resource: MutableResource, n: int, auth: Any
) -> tuple[str, dict[str, Any]]:
    body = resource.new(n)
    response = await http.post(f"/{spec.name}{resource.collection}", json=body, headers=auth)
    assert response.status_code == 201, response.text
    return response.headers["Location"], body


def at(spec: ServiceSpec, path: str, location: str) -> str:
    """A declared path on the gateway; `{resource}` is the created resource's Location, which
    already carries the gateway prefix."""
    if path.startswith("{resource}"):
        return location + path.removeprefix("{resource}")
    return f"/{spec.name}{path}"


async def test_of_ten_puts_with_one_etag_exactly_one_wins(
    spec: ServiceSpec, http: httpx.AsyncClient, bearer: Bearer
) -> None:
    resource = declared(spec)
    auth = token(bearer, resource)
    location, body = await create(http, spec, resource, 0, auth)
    url = at(spec, resource.put_path, location)
    for round_ in range(ROUNDS):
        read = await http.get(location, headers=auth)
        assert read.status_code == 200, read.text
        headers = {**auth, "If-Match": read.headers["ETag"]}
        # Each writer's change differs from every earlier one: a PUT of what is already
        # stored changes nothing, so its ETag (of the content) would rightly still match.
        changes = [resource.replaced(body, round_ * WRITERS + i) for i in range(WRITERS)]
        answers = await asyncio.gather(*(http.put(url, json=c, headers=headers) for c in changes))
        statuses = sorted(answer.status_code for answer in answers)
        assert statuses == [200] + [412] * (WRITERS - 1), (round_, [a.text for a in answers])
        winner = next(answer for answer in answers if answer.status_code == 200)
        stored = await http.get(location, headers=auth)
        assert stored.headers["ETag"] == winner.headers["ETag"], "the stored one is not the winner"


async def test_five_posts_with_one_idempotency_key_make_one_resource(
    spec: ServiceSpec, http: httpx.AsyncClient, bearer: Bearer
) -> None:
    resource = declared(spec)
    headers = {**token(bearer, resource), "Idempotency-Key": f"gate-{uuid.uuid4().hex}"}
    url, body = f"/{spec.name}{resource.collection}", resource.new(1)
    answers = await asyncio.gather(
        *(http.post(url, json=body, headers=headers) for _ in range(REPLAYS))
    )
    assert all(a.status_code in (201, 409) for a in answers), [a.text for a in answers]
    created = [a for a in answers if a.status_code == 201]
    assert created, "no request created the resource"
    firsts = [a for a in created if a.headers.get("Idempotent-Replayed") != "true"]
    assert len(firsts) == 1, "more than one request acted on the key"
    assert {a.headers["Location"] for a in created} == {firsts[0].headers["Location"]}
    assert all(a.json() == firsts[0].json() for a in created)

    again = await http.post(url, json=body, headers=headers)
    assert again.status_code == 201, again.text
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["Location"] == firsts[0].headers["Location"]


async def bulk_write(
    http: httpx.AsyncClient, bulk: BulkWrite, write_url: str, read_url: str, auth: Any, mark: int
) -> None:
    headers = dict(auth)
    if bulk.conditional:
        read = await http.get(read_url, headers=auth)
        if "ETag" in read.headers:  # none before the first write
            headers["If-Match"] = read.headers["ETag"]
    response = await http.put(write_url, json=bulk.body(mark), headers=headers)
    assert response.status_code in (200, 201), response.text


async def test_a_read_racing_a_bulk_write_sees_all_of_one_write(
    spec: ServiceSpec, http: httpx.AsyncClient, bearer: Bearer
) -> None:
    resource = declared(spec)
    bulk = resource.bulk
    auth = token(bearer, resource)
    location, _ = await create(http, spec, resource, 2, auth)
    write_url = at(spec, bulk.path, location)
    read_url = at(spec, bulk.read_path or bulk.path, location)
    await bulk_write(http, bulk, write_url, read_url, auth, 0)
    writing = True
    seen: list[list[object]] = []

    async def read_until_written() -> None:
        while writing:
            read = await http.get(read_url, headers=auth)
            assert read.status_code == 200, read.text
            seen.append(bulk.marks(read.json()))

    async def write_all() -> None:
        nonlocal writing
        try:
            for mark in range(1, BULK_WRITES + 1):
                await bulk_write(http, bulk, write_url, read_url, auth, mark)
        finally:
            writing = False

    await asyncio.gather(write_all(), *(read_until_written() for _ in range(READERS)))
    torn = [marks for marks in seen if len(marks) != bulk.rows or len(set(marks)) != 1]
    assert torn == [], f"reads that saw part of a write: {torn[:3]}"
    assert len({marks[0] for marks in seen}) > 1, "no read happened while the writes went on"

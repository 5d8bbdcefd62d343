"""Ten writers with one ETag on real, separate connections: exactly one wins.

The other funding tests share one rolled-back connection, which cannot show two writers
racing; this one uses the app's own pool, commits, and removes what it wrote.
"""

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import delete

from funding.models import SubsidySet

Auth = Callable[..., dict[str, str]]
WRITERS = 10
ROUNDS = 3


@pytest.fixture
async def area_id(app: FastAPI) -> AsyncIterator[str]:
    area = f"rinnakkain-{uuid.uuid4().hex[:6]}"
    yield area
    async with app.state.sessionmaker() as session:
        await session.execute(delete(SubsidySet).where(SubsidySet.area_id == area))
        await session.commit()


async def test_ten_concurrent_subsidy_puts_with_one_etag_let_one_win(
    app: FastAPI, auth: Auth, area_id: str
) -> None:
    admin = auth("admin")
    url = f"/v1/areas/{area_id}/years/2026/subsidies"

    def body(amount: str) -> dict[str, object]:
        row = {"municipality_code": "005", "te_subsidy_eur": amount, "kind": "final", "source": "t"}
        return {"subsidies": [row]}

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        first = await client.put(url, json=body("0.00"), headers=admin)
        assert first.status_code == 201, first.text
        for round_ in range(ROUNDS):
            etag = (await client.get(url, headers=admin)).headers["ETag"]
            answers = await asyncio.gather(
                *(
                    client.put(
                        url, json=body(f"{round_}.{i:02d}"), headers={**admin, "If-Match": etag}
                    )
                    for i in range(WRITERS)
                )
            )
            statuses = sorted(a.status_code for a in answers)
            assert statuses == [200] + [412] * (WRITERS - 1), (round_, statuses)
            winner = next(a for a in answers if a.status_code == 200)
            stored = (await client.get(url, headers=admin)).json()
            assert stored["subsidies"] == winner.json()["subsidies"]

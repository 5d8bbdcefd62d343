"""The demo distances: Kymppi's 45 pairs, estimated from the reference coordinates, marked."""

from collections.abc import Callable

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from offices.demo_distances import KYMPPI_COORDINATES, load_distance_demo
from offices.models import Distance
from offices.testing import KymppiReference


def test_the_demo_coordinates_are_the_reference_datas(kymppi: KymppiReference) -> None:
    assert kymppi.coordinates == KYMPPI_COORDINATES


async def test_the_demo_loads_every_member_pair_once_marked_as_estimates(
    db_session: AsyncSession,
    client: httpx.AsyncClient,
    auth: Callable[..., dict[str, str]],
    kymppi: KymppiReference,
) -> None:
    await load_distance_demo(db_session)
    await load_distance_demo(db_session)
    await db_session.commit()
    assert await db_session.scalar(select(func.count()).select_from(Distance)) == 45
    read = await client.get(
        f"/v1/distances?codes={','.join(kymppi.members)}", headers=auth("viewer")
    )
    pairs = read.json()["distances"]
    assert len(pairs) == 45
    for pair in pairs:
        assert pair["is_estimate"] is True
        assert "road factor 1.3" in pair["method"]
        assert pair["source"].startswith("Estimate")
        assert pair["km"] == pytest.approx(
            kymppi.road_km(pair["from_code"], pair["to_code"]), abs=0.1
        )

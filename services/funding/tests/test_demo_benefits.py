"""The demo's Kela import: the real Kymppi 2025 file, once however often it is loaded."""

from collections.abc import Callable
from decimal import Decimal

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from funding.demo_benefits import load_benefit_demo
from funding.kela_testing import KYMPPI_YEAR, detail_sum

Auth = Callable[..., dict[str, str]]


async def test_the_demo_imports_kymppis_2025_file_once(
    db_session: AsyncSession, client: httpx.AsyncClient, auth: Auth
) -> None:
    first, created = await load_benefit_demo(db_session)
    await db_session.commit()
    again, created_again = await load_benefit_demo(db_session)
    await db_session.commit()
    assert (created, created_again) == (True, False)
    assert again.id == first.id
    assert first.checks_passed
    imports = await db_session.scalar(text("SELECT count(*) FROM funding.kela_import"))
    assert imports == 1
    costs = await client.get(
        "/v1/unemployment-benefit/costs",
        params={"area_id": "kymppi", "year": 2025},
        headers=auth("viewer", areas=["kymppi"]),
    )
    assert Decimal(costs.json()["total_eur"]) == detail_sum(KYMPPI_YEAR)

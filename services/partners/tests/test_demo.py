"""The demo data: what the plan names, nothing invented, loaded once however often it runs."""

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from partners.demo import load_demo_data
from partners.models import Cooperation, Partner, Project, Service


async def test_loading_again_adds_nothing(db_session: AsyncSession) -> None:
    first = await load_demo_data(db_session)
    again = await load_demo_data(db_session)
    assert first > 0
    assert again == 0
    for model in (Partner, Cooperation, Service, Project):
        assert (await db_session.scalar(select(func.count()).select_from(model)) or 0) > 0


async def test_no_business_id_is_invented(db_session: AsyncSession) -> None:
    await load_demo_data(db_session)
    ids = (await db_session.scalars(select(Partner.business_id))).all()
    assert ids
    assert all(value is None for value in ids)


async def test_kymppis_cooperation_is_the_plans(db_session: AsyncSession) -> None:
    await load_demo_data(db_session)
    rows = (await db_session.scalars(select(Cooperation))).all()
    letter = next(c for c in rows if c.kind == "letter_of_intent")
    # Plan §1.2: Alajärvi, Alavus, Evijärvi, Kauhava, Kuortane, Lappajärvi, Lapua, Soini,
    # Vimpeli and Ähtäri (Statistics Finland's codes).
    assert letter.municipality_codes == [
        "005",
        "010",
        "052",
        "233",
        "300",
        "403",
        "408",
        "759",
        "934",
        "989",
    ]
    assert any(c.area_ids == ["seinajoki-ilmajoki-isokyro"] for c in rows)
    assert sum(c.kind == "working_group" for c in rows) >= 2

"""The formation check reads each member's latest labour force at or before `as_of`.

The choice is made by one query per check (repository/figures.py); these tests write the
figures through the API and read the choice back from the check's answer.
"""

from collections.abc import Callable

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from areas.demo import municipality_rows
from areas.repository.municipalities import upsert_municipalities

Auth = Callable[..., dict[str, str]]


@pytest.fixture
async def municipalities(db_session: AsyncSession) -> None:
    await upsert_municipalities(db_session, municipality_rows())
    await db_session.commit()


async def figure_used(
    client: httpx.AsyncClient, auth: Auth, periods: list[str], as_of: str | None
) -> str | None:
    """Writes one labour-force figure of Alajärvi per period; returns the period the check used."""
    rows = [
        {
            "municipality_code": "005",
            "indicator": "labour_force",
            "period": period,
            "value": 4000 + index,
            "unit": "persons",
            "source": f"figure for {period}",
            "is_estimate": False,
        }
        for index, period in enumerate(periods)
    ]
    written = await client.put("/v1/statistics", json={"statistics": rows}, headers=auth("admin"))
    assert written.status_code == 200, written.text
    body = {"municipality_codes": ["005"], **({"as_of": as_of} if as_of else {})}
    checked = await client.post("/v1/eligibility", json=body, headers=auth("viewer"))
    assert checked.status_code == 200, checked.text
    [labour] = [c for c in checked.json()["criteria"] if c["criterion"] == "labour_force_minimum"]
    return labour["figures"][0]["period"] if labour["figures"] else None


@pytest.mark.usefixtures("municipalities")
@pytest.mark.parametrize(
    ("periods", "as_of", "used"),
    [
        (["2022", "2023-06", "2023-09"], "2023-08", "2023-06"),
        # A yearly figure counts as its December: not yet there in the middle of its year.
        (["2022-01", "2023"], "2023-06", "2022-01"),
        # Of a month and a year with the same key, the month is the later, more specific one.
        (["2023-12", "2023"], "2023", "2023-12"),
        (["2024"], "2023-12", None),
        (["2024", "2020"], None, "2024"),
    ],
)
async def test_the_latest_figure_at_or_before_as_of_is_used(
    client: httpx.AsyncClient, auth: Auth, periods: list[str], as_of: str | None, used: str | None
) -> None:
    assert await figure_used(client, auth, periods, as_of) == used

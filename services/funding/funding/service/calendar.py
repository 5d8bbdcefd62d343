"""The budget calendar of an area's year, from the dates of its budget's workflow."""

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from funding.repository import budgets as repository
from funding.rules.calendar import Deadline, budget_deadlines


async def area_calendar(
    session: AsyncSession, *, area_id: str, year: int, today: dt.date
) -> list[Deadline]:
    """The year's deadlines; a step counts as done on the day its first version took it
    (an amendment later in the year does not move the original dates)."""
    proposed_on, approved_on = await repository.first_steps(session, area_id=area_id, year=year)
    return budget_deadlines(year, proposed_on=proposed_on, approved_on=approved_on, today=today)

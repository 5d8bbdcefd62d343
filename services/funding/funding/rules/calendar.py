"""The budget calendar of the organisation plan (§2.1; DOMAIN.md §2).

For budget year Y: the preliminary budget proposal goes to the members by 31 August of
Y-1, and the members' meeting approves the budget and financial plan by 15 October of Y-1.
A deadline is `done` once its step is taken (whenever that was; `on_time` tells whether by
the due date), `late` when it is not taken and the due date has passed, `open` otherwise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class DeadlineStatus(StrEnum):
    done = "done"
    open = "open"
    late = "late"


@dataclass(frozen=True)
class Deadline:
    key: str
    title: str
    due: dt.date
    status: DeadlineStatus
    done_on: dt.date | None

    @property
    def on_time(self) -> bool | None:
        return None if self.done_on is None else self.done_on <= self.due


def _deadline(
    key: str, title: str, due: dt.date, done_on: dt.date | None, today: dt.date
) -> Deadline:
    if done_on is not None:
        status = DeadlineStatus.done
    elif today > due:
        status = DeadlineStatus.late
    else:
        status = DeadlineStatus.open
    return Deadline(key, title, due, status, done_on)


def budget_deadlines(
    year: int, *, proposed_on: dt.date | None, approved_on: dt.date | None, today: dt.date
) -> list[Deadline]:
    return [
        _deadline(
            "preliminary_proposal",
            f"Preliminary budget proposal for {year} to the members",
            dt.date(year - 1, 8, 31),
            proposed_on,
            today,
        ),
        _deadline(
            "approved_budget",
            f"Budget {year} and financial plan approved by the members",
            dt.date(year - 1, 10, 15),
            approved_on,
            today,
        ),
    ]

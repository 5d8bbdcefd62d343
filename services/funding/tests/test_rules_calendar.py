"""The budget calendar (plan §2.1): proposal by 31 August, approval by 15 October of Y-1."""

import datetime as dt

from funding.rules.calendar import DeadlineStatus, budget_deadlines

D = dt.date


def statuses(**kwargs: object) -> list[tuple[str, dt.date, str, dt.date | None]]:
    return [(d.key, d.due, d.status, d.done_on) for d in budget_deadlines(2026, **kwargs)]  # type: ignore[arg-type]


def test_the_deadlines_fall_in_the_year_before_the_budget_year() -> None:
    assert statuses(proposed_on=None, approved_on=None, today=D(2025, 1, 1)) == [
        ("preliminary_proposal", D(2025, 8, 31), DeadlineStatus.open, None),
        ("approved_budget", D(2025, 10, 15), DeadlineStatus.open, None),
    ]


def test_a_deadline_is_open_on_its_day_and_late_the_day_after() -> None:
    on_the_day = statuses(proposed_on=None, approved_on=None, today=D(2025, 8, 31))
    assert [s[2] for s in on_the_day] == [DeadlineStatus.open, DeadlineStatus.open]
    after = statuses(proposed_on=None, approved_on=None, today=D(2025, 9, 1))
    assert [s[2] for s in after] == [DeadlineStatus.late, DeadlineStatus.open]


def test_a_step_taken_is_done_with_its_date_and_whether_it_was_on_time() -> None:
    deadlines = budget_deadlines(
        2026, proposed_on=D(2025, 9, 2), approved_on=D(2025, 10, 15), today=D(2026, 3, 1)
    )
    assert [(d.status, d.done_on, d.on_time) for d in deadlines] == [
        (DeadlineStatus.done, D(2025, 9, 2), False),
        (DeadlineStatus.done, D(2025, 10, 15), True),
    ]


def test_a_leap_day_is_an_ordinary_today() -> None:
    # Budget year 2025: due 31.8.2024 and 15.10.2024; 29.2.2024 is before both.
    deadlines = budget_deadlines(2025, proposed_on=None, approved_on=None, today=D(2024, 2, 29))
    assert [(d.due, d.status) for d in deadlines] == [
        (D(2024, 8, 31), DeadlineStatus.open),
        (D(2024, 10, 15), DeadlineStatus.open),
    ]

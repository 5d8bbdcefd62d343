"""Opening times in Finnish time across the changes of daylight saving: in 2025 the clocks
go forward at 03:00 on 30 March (the last Sunday of March) and back at 04:00 on 26 October
(the last Sunday of October), both at 01:00 UTC. The expected instants are written out in
UTC and checked against that calendar, not against the code's own zone handling."""

import datetime as dt

from offices.rules.hours import (
    DatedException,
    WeeklyRange,
    check_exceptions,
    check_weekly,
    local_instant,
    open_state,
    opening_times,
)

D = dt.date
UTC = dt.UTC


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=UTC)


def every_day(opens: int, closes: int) -> list[WeeklyRange]:
    return [WeeklyRange(day, opens, closes) for day in range(1, 8)]


def test_the_offset_is_that_of_each_date_around_the_spring_change() -> None:
    times = opening_times(every_day(8 * 60, 16 * 60), [], D(2025, 3, 29), D(2025, 3, 31))
    assert [t.opens.isoformat() for t in times] == [
        "2025-03-29T08:00:00+02:00",
        "2025-03-30T08:00:00+03:00",
        "2025-03-31T08:00:00+03:00",
    ]
    assert [t.opens.astimezone(UTC) for t in times] == [
        utc(2025, 3, 29, 6),
        utc(2025, 3, 30, 5),
        utc(2025, 3, 31, 5),
    ]


def test_the_offset_is_that_of_each_date_around_the_autumn_change() -> None:
    times = opening_times(every_day(8 * 60, 16 * 60), [], D(2025, 10, 25), D(2025, 10, 27))
    assert [(t.opens.astimezone(UTC), t.closes.astimezone(UTC)) for t in times] == [
        (utc(2025, 10, 25, 5), utc(2025, 10, 25, 13)),
        (utc(2025, 10, 26, 6), utc(2025, 10, 26, 14)),
        (utc(2025, 10, 27, 6), utc(2025, 10, 27, 14)),
    ]


def test_a_night_through_the_change_lasts_five_hours_in_march_and_seven_in_october() -> None:
    night = every_day(0, 6 * 60)
    spring = opening_times(night, [], D(2025, 3, 30), D(2025, 3, 30))[0]
    autumn = opening_times(night, [], D(2025, 10, 26), D(2025, 10, 26))[0]
    # In UTC: Python subtracts two times of one zone by their wall clocks.
    assert spring.closes.astimezone(UTC) - spring.opens.astimezone(UTC) == dt.timedelta(hours=5)
    assert autumn.closes.astimezone(UTC) - autumn.opens.astimezone(UTC) == dt.timedelta(hours=7)


def test_a_skipped_local_time_is_read_an_hour_later() -> None:
    # 03:30 does not exist on 30 March 2025: the clock reads 04:30 then (01:30 UTC).
    instant = local_instant(D(2025, 3, 30), 3 * 60 + 30, closing=False)
    assert instant.astimezone(UTC) == utc(2025, 3, 30, 1, 30)
    assert instant.isoformat() == "2025-03-30T04:30:00+03:00"


def test_a_repeated_local_time_opens_at_the_first_and_closes_at_the_second() -> None:
    # 03:30 happens at 00:30 UTC (EEST) and again at 01:30 UTC (EET) on 26 October 2025.
    day = D(2025, 10, 26)
    assert local_instant(day, 210, closing=False).astimezone(UTC) == utc(2025, 10, 26, 0, 30)
    assert local_instant(day, 210, closing=True).astimezone(UTC) == utc(2025, 10, 26, 1, 30)


def test_closing_at_24_is_the_next_midnight() -> None:
    times = opening_times([WeeklyRange(6, 20 * 60, 24 * 60)], [], D(2025, 3, 29), D(2025, 3, 29))
    assert times[0].closes.isoformat() == "2025-03-30T00:00:00+02:00"


def test_an_exception_replaces_the_dates_weekly_ranges() -> None:
    weekly = [WeeklyRange(3, 8 * 60, 12 * 60), WeeklyRange(3, 13 * 60, 16 * 60)]
    exceptions = [
        DatedException(D(2025, 12, 24), closed=True),
        DatedException(D(2025, 12, 31), closed=False, opens=9 * 60, closes=11 * 60),
    ]
    times = opening_times(weekly, exceptions, D(2025, 12, 17), D(2025, 12, 31))
    assert [(t.date, t.opens.hour, t.closes.hour, t.exception) for t in times] == [
        (D(2025, 12, 17), 8, 12, False),
        (D(2025, 12, 17), 13, 16, False),
        (D(2025, 12, 31), 9, 11, True),
    ]


def test_open_now_and_the_next_change() -> None:
    weekly = [WeeklyRange(1, 8 * 60, 12 * 60), WeeklyRange(1, 13 * 60, 16 * 60)]
    # Monday 31 March 2025, 10:00 EEST = 07:00 UTC: open until 12:00 EEST (09:00 UTC).
    state = open_state(weekly, [], utc(2025, 3, 31, 7), horizon_days=366)
    assert (state.open, state.next_change) == (True, utc(2025, 3, 31, 9))
    # At lunch it is closed until 13:00; on closing it is closed until next Monday 08:00.
    lunch = open_state(weekly, [], utc(2025, 3, 31, 9), horizon_days=366)
    assert (lunch.open, lunch.next_change) == (False, utc(2025, 3, 31, 10))
    evening = open_state(weekly, [], utc(2025, 3, 31, 13), horizon_days=366)
    assert (evening.open, evening.next_change) == (False, utc(2025, 4, 7, 5))


def test_the_last_friday_before_the_spring_change_reopens_on_summer_time() -> None:
    weekly = [WeeklyRange(5, 9 * 60, 15 * 60), WeeklyRange(1, 9 * 60, 15 * 60)]
    # Friday 28 March 2025 16:00 EET (14:00 UTC) -> Monday 31 March 09:00 EEST (06:00 UTC).
    state = open_state(weekly, [], utc(2025, 3, 28, 14), horizon_days=366)
    assert (state.open, state.next_change) == (False, utc(2025, 3, 31, 6))


def test_touching_ranges_and_midnight_are_one_opening() -> None:
    weekly = [WeeklyRange(1, 16 * 60, 24 * 60), WeeklyRange(2, 0, 2 * 60)]
    # Monday 6 January 2025 at 23:00 EET: open until Tuesday 02:00 EET (00:00 UTC).
    state = open_state(weekly, [], utc(2025, 1, 6, 21), horizon_days=366)
    assert (state.open, state.next_change) == (True, utc(2025, 1, 7, 0))


def test_no_hours_is_closed_with_no_change_and_always_open_has_no_known_end() -> None:
    assert open_state([], [], utc(2025, 1, 1), horizon_days=366).next_change is None
    always = open_state(every_day(0, 24 * 60), [], utc(2025, 1, 1), horizon_days=30)
    assert (always.open, always.next_change) == (True, None)


def test_a_closed_exception_shows_in_the_open_state() -> None:
    weekly = every_day(8 * 60, 16 * 60)
    closed = [DatedException(D(2025, 12, 24), closed=True)]
    state = open_state(weekly, closed, utc(2025, 12, 24, 8), horizon_days=366)
    # Closed all Christmas Eve; open again on the 25th at 08:00 EET (06:00 UTC).
    assert (state.open, state.next_change) == (False, utc(2025, 12, 25, 6))


def test_weekly_ranges_must_be_ordered_and_not_overlap() -> None:
    errors = check_weekly(
        [
            WeeklyRange(1, 8 * 60, 12 * 60),
            WeeklyRange(1, 11 * 60, 14 * 60),
            WeeklyRange(1, 12 * 60, 12 * 60),
            WeeklyRange(2, 8 * 60, 12 * 60),
            WeeklyRange(2, 12 * 60, 16 * 60),
            WeeklyRange(3, 8 * 60, 16 * 60),
            WeeklyRange(3, 9 * 60, 10 * 60),
            WeeklyRange(3, 11 * 60, 12 * 60),
        ]
    )
    assert [(e.field, e.message) for e in errors] == [
        ("weekly.2.closes", "must be after opens"),
        ("weekly.1", "overlaps another range of the same day"),
        ("weekly.6", "overlaps another range of the same day"),
        ("weekly.7", "overlaps another range of the same day"),
    ]


def test_exceptions_are_closed_alone_or_open_with_both_times() -> None:
    day = D(2025, 12, 24)
    errors = check_exceptions(
        [
            DatedException(day, closed=True),
            DatedException(day, closed=False, opens=600, closes=700),
            DatedException(D(2025, 12, 25), closed=True, opens=600),
            DatedException(D(2025, 12, 26), closed=False, opens=600),
            DatedException(D(2025, 12, 27), closed=False, opens=700, closes=600),
        ]
    )
    assert [e.field for e in errors] == [
        "exceptions.0",
        "exceptions.2",
        "exceptions.3",
        "exceptions.4.closes",
    ]

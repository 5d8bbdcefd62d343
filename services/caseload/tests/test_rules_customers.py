"""Which rows of a month's counts are refused, by index and field."""

from caseload.rules.customers import CountRow, bad_count_rows

LINES = {"job_matching", "youth"}
MEMBERS = {"005", "233"}


def fields(rows: list[CountRow]) -> list[str]:
    return [e.field for e in bad_count_rows(rows, service_lines=LINES, members=MEMBERS)]


def test_good_rows_pass() -> None:
    rows = [
        CountRow("005", "youth", "all", 10),
        CountRow("005", "youth", "under_25", 10),
        CountRow("233", "youth", "all", 0),
    ]
    assert fields(rows) == []


def test_a_part_may_not_exceed_its_total_nor_stand_without_one() -> None:
    rows = [
        CountRow("005", "youth", "over_50", 3),  # no total for 005 youth
        CountRow("233", "youth", "all", 5),
        CountRow("233", "youth", "under_25", 6),
    ]
    assert fields(rows) == ["counts.0.segment", "counts.2.customers"]


def test_unknown_lines_outsiders_and_repeats_are_named() -> None:
    rows = [
        CountRow("005", "youth", "all", 1),
        CountRow("999", "youth", "all", 1),
        CountRow("005", "nothing", "all", 1),
        CountRow("005", "youth", "all", 2),
    ]
    assert fields(rows) == [
        "counts.1.municipality_code",
        "counts.2.service_line",
        "counts.3.segment",
    ]

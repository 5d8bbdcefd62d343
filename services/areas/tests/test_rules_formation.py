"""The formation check as a pure function: edge cases of each criterion."""

from decimal import Decimal
from itertools import pairwise

import pytest

from areas.rules.formation import (
    Criterion,
    FormationCheck,
    LabourForceFigure,
    MembershipConflict,
    Status,
    check_formation,
    connected_components,
)

# Kymppi's shape in miniature: a path 1-2-3 and a pair 4-5 elsewhere.
PATH = [("001", "002"), ("002", "003")]
PAIR = [("004", "005")]


def figures(**values: int) -> dict[str, LabourForceFigure]:
    return {
        code.removeprefix("m"): LabourForceFigure(
            code.removeprefix("m"), "2023-06", Decimal(v), "test source"
        )
        for code, v in values.items()
    }


def status(check: FormationCheck, criterion: Criterion) -> Status:
    result = check.criterion(criterion)
    assert result is not None
    return result.status


def test_labour_force_exactly_at_threshold_passes() -> None:
    check = check_formation(
        municipality_codes=["001", "002"],
        labour_force=figures(m001=12_000, m002=8_000),
        borders=PATH,
        threshold=20_000,
    )
    assert check.labour_force_total == 20_000
    assert status(check, Criterion.LABOUR_FORCE_MINIMUM) is Status.PASSED
    assert check.eligible


def test_labour_force_one_below_threshold_fails() -> None:
    check = check_formation(
        municipality_codes=["001", "002"],
        labour_force=figures(m001=12_000, m002=7_999),
        borders=PATH,
    )
    assert status(check, Criterion.LABOUR_FORCE_MINIMUM) is Status.FAILED
    assert not check.eligible


def test_single_large_municipality_is_eligible_alone() -> None:
    check = check_formation(
        municipality_codes=["001"], labour_force=figures(m001=25_000), borders=[]
    )
    assert [c.status for c in check.criteria] == [Status.PASSED, Status.PASSED]
    assert check.eligible


def test_two_separate_groups_fail_contiguity_and_list_both() -> None:
    codes = ["001", "002", "003", "004", "005"]
    check = check_formation(
        municipality_codes=codes,
        labour_force=figures(m001=5000, m002=5000, m003=5000, m004=5000, m005=5000),
        borders=PATH + PAIR,
    )
    contiguity = check.criterion(Criterion.CONTIGUITY)
    assert contiguity is not None
    assert contiguity.status is Status.FAILED
    assert contiguity.components == (("001", "002", "003"), ("004", "005"))
    assert not check.eligible


def test_every_member_bordering_another_is_not_enough() -> None:
    # Two pairs: each member borders a member, the whole is still two pieces.
    components = connected_components(["001", "002", "004", "005"], [("001", "002"), *PAIR])
    assert len(components) == 2


def test_borders_with_non_members_do_not_connect_members() -> None:
    # 001 and 003 both border 002, which is not a member.
    check = check_formation(
        municipality_codes=["001", "003"],
        labour_force=figures(m001=15_000, m003=15_000),
        borders=PATH,
    )
    assert status(check, Criterion.CONTIGUITY) is Status.FAILED


def test_missing_figure_is_unknown_never_zero() -> None:
    check = check_formation(
        municipality_codes=["001", "002", "003"],
        labour_force=figures(m001=10_000, m002=5_000),
        borders=PATH,
    )
    result = check.criterion(Criterion.LABOUR_FORCE_MINIMUM)
    assert result is not None
    assert result.status is Status.UNKNOWN
    assert result.missing_codes == ("003",)
    assert "003" in result.detail
    assert not check.eligible


def test_missing_figure_is_unknown_even_when_the_others_reach_the_threshold() -> None:
    check = check_formation(
        municipality_codes=["001", "002", "003"],
        labour_force=figures(m001=15_000, m002=6_000),
        borders=PATH,
    )
    result = check.criterion(Criterion.LABOUR_FORCE_MINIMUM)
    assert result is not None
    assert result.status is Status.UNKNOWN
    assert result.missing_codes == ("003",)
    assert "21,000 >= 20,000" in result.detail
    assert not check.eligible


def test_member_without_any_border_data_makes_contiguity_unknown() -> None:
    check = check_formation(
        municipality_codes=["001", "002", "009"],
        labour_force=figures(m001=15_000, m002=6_000, m009=1),
        borders=PATH,
    )
    result = check.criterion(Criterion.CONTIGUITY)
    assert result is not None
    assert result.status is Status.UNKNOWN
    assert result.missing_codes == ("009",)


def test_exemption_reports_exempted_and_keeps_the_underlying_outcome() -> None:
    check = check_formation(
        municipality_codes=["001", "002"],
        labour_force=figures(m001=9_000, m002=8_000),
        borders=PATH,
        exemptions={"labour_force_minimum": "VN/1234/2024"},
    )
    result = check.criterion(Criterion.LABOUR_FORCE_MINIMUM)
    assert result is not None
    assert result.status is Status.EXEMPTED
    assert result.status_without_exemption is Status.FAILED
    assert result.exemption_reference == "VN/1234/2024"
    assert check.eligible


def test_exemption_as_a_plain_set_of_criteria() -> None:
    check = check_formation(
        municipality_codes=["001", "003"],
        labour_force=figures(m001=15_000, m003=15_000),
        borders=PATH,
        exemptions={"contiguity"},
    )
    assert status(check, Criterion.CONTIGUITY) is Status.EXEMPTED
    assert check.eligible


def test_single_membership_is_left_out_of_a_what_if() -> None:
    check = check_formation(
        municipality_codes=["001"], labour_force=figures(m001=25_000), borders=[]
    )
    assert check.criterion(Criterion.SINGLE_MEMBERSHIP) is None


@pytest.mark.parametrize(
    ("conflicts", "expected"),
    [([], Status.PASSED), ([MembershipConflict("001", "other-area")], Status.FAILED)],
)
def test_single_membership_for_an_area(
    conflicts: list[MembershipConflict], expected: Status
) -> None:
    check = check_formation(
        municipality_codes=["001"],
        labour_force=figures(m001=25_000),
        borders=[],
        membership_conflicts=conflicts,
    )
    assert status(check, Criterion.SINGLE_MEMBERSHIP) is expected
    assert check.eligible is (expected is Status.PASSED)


def test_components_of_a_long_chain_are_one() -> None:
    nodes = [f"{i:03d}" for i in range(1, 293)]
    edges = list(pairwise(nodes))
    assert connected_components(nodes, edges) == [tuple(nodes)]


def test_borders_given_in_both_directions_count_once() -> None:
    edges = [*PATH, *((b, a) for a, b in PATH), *PAIR, ("005", "004")]
    components = connected_components(["001", "002", "003", "004", "005"], edges)
    assert components == [("001", "002", "003"), ("004", "005")]

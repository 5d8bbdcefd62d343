"""The diff of two published plans: JSON Pointer paths with old and new values."""

from __future__ import annotations

from typing import Any

from gateway.plan.diff import Change, diff, escape_token


def test_equal_documents_have_no_changes() -> None:
    document = {"year": 2025, "sections": [{"key": "area", "data": {"members": []}}]}
    assert diff(document, document) == []


def test_a_changed_figure_is_its_pointer_with_old_and_new_value() -> None:
    old = {"year": 2025, "labour_force_total": 28_616.0}
    new = {"year": 2025, "labour_force_total": 28_000.0}
    assert diff(old, new) == [Change("/labour_force_total", "changed", 28_616.0, 28_000.0)]


def test_added_and_removed_members_of_an_object_are_named() -> None:
    assert diff({"a": 1, "b": 2}, {"a": 1, "c": 3}) == [
        Change("/b", "removed", old=2),
        Change("/c", "added", new=3),
    ]


def test_pointer_tokens_escape_tilde_and_slash() -> None:
    assert escape_token("a/b~c") == "a~1b~0c"
    assert diff({"x/y": {"~": 1}}, {"x/y": {"~": 2}}) == [Change("/x~1y/~0", "changed", 1, 2)]


def test_generated_at_and_the_publication_are_left_out() -> None:
    old = {"generated_at": "2025-01-01T00:00:00Z", "publication": {"reason": "a"}, "year": 1}
    new = {"generated_at": "2025-02-01T00:00:00Z", "publication": {"reason": "b"}, "year": 1}
    assert diff(old, new) == []
    assert diff(old, new, ignore=()) != []


def test_lists_without_identities_are_compared_by_position() -> None:
    old = {"rates": [-0.012, -0.016]}
    new = {"rates": [-0.012, -0.02, -0.03]}
    assert diff(old, new) == [
        Change("/rates/1", "changed", -0.016, -0.02),
        Change("/rates/2", "added", new=-0.03),
    ]


def test_sections_are_matched_by_key_not_position() -> None:
    area = {"key": "area", "status": "ok", "data": {"total": 1}}
    old = {"sections": [{"key": "narrative", "status": "ok"}, area]}
    new = {
        "sections": [
            {"key": "narrative", "status": "ok"},
            {"key": "funding", "status": "ok"},
            area | {"data": {"total": 2}},
        ]
    }
    assert diff(old, new) == [
        Change("/sections/1", "added", new={"key": "funding", "status": "ok"}),
        Change("/sections/2/data/total", "changed", 1, 2),
    ]


def test_a_removed_member_is_named_at_its_old_index() -> None:
    members: list[dict[str, Any]] = [{"code": "005"}, {"code": "010"}, {"code": "233"}]
    assert diff({"members": members}, {"members": [members[0], members[2]]}) == [
        Change("/members/1", "removed", old={"code": "010"})
    ]


def test_repeated_identities_fall_back_to_positions() -> None:
    old = [{"key": "a", "v": 1}, {"key": "a", "v": 2}]
    new = [{"key": "a", "v": 1}, {"key": "a", "v": 3}]
    assert diff(old, new) == [Change("/1/v", "changed", 2, 3)]


def test_a_boolean_is_not_a_number_but_an_integer_equals_its_float() -> None:
    assert diff({"x": True}, {"x": 1}) == [Change("/x", "changed", True, 1)]
    assert diff({"x": 1}, {"x": 1.0}) == []
    assert diff({"x": None}, {"x": 0}) == [Change("/x", "changed", None, 0)]


def test_a_value_changing_type_is_one_change() -> None:
    assert diff({"x": {"a": 1}}, {"x": [1]}) == [Change("/x", "changed", {"a": 1}, [1])]

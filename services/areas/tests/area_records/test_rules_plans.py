"""The pure plan-record rules: the status workflow and the canonical JSON of a snapshot."""

import hashlib

import pytest

from areas.rules.plans import (
    PlanStatus,
    canonical_json,
    may_transition,
    sections_editable,
    sha256_hex,
)

S = PlanStatus


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        (S.draft, S.submitted, True),
        (S.submitted, S.approved, True),
        (S.draft, S.approved, False),
        (S.draft, S.draft, False),
        (S.submitted, S.draft, False),
        (S.submitted, S.submitted, False),
        (S.approved, S.draft, False),
        (S.approved, S.submitted, False),
        (S.approved, S.approved, False),
    ],
)
def test_a_plan_only_moves_forward_one_step(
    current: PlanStatus, target: PlanStatus, allowed: bool
) -> None:
    assert may_transition(current, target) is allowed


def test_only_an_approved_plans_sections_are_frozen() -> None:
    assert [s for s in PlanStatus if not sections_editable(s)] == [S.approved]


def test_canonical_json_sorts_keys_at_every_level_without_whitespace() -> None:
    document = {"b": {"z": 1, "a": [3, {"y": None, "x": True}]}, "a": "ä"}
    assert canonical_json(document) == '{"a":"ä","b":{"a":[3,{"x":true,"y":null}],"z":1}}'


def test_the_same_data_in_another_order_has_the_same_hash() -> None:
    first = canonical_json({"a": 1, "b": [1.5, "x"]})
    second = canonical_json({"b": [1.5, "x"], "a": 1})
    assert sha256_hex(first) == sha256_hex(second)
    assert sha256_hex(first) == hashlib.sha256(b'{"a":1,"b":[1.5,"x"]}').hexdigest()


def test_control_characters_stay_escaped_so_the_text_is_storable() -> None:
    assert canonical_json({"k": "a\x00b\n"}) == '{"k":"a\\u0000b\\n"}'


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_numbers_json_cannot_express_are_refused(value: float) -> None:
    with pytest.raises(ValueError, match="JSON compliant"):
        canonical_json({"x": value})

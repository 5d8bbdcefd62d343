import pytest

from areas.rules.allocation import largest_remainder


def test_parts_add_up_exactly_and_follow_the_weights() -> None:
    weights = {"a": 8982, "b": 10634, "c": 2267, "d": 14909}
    parts = largest_remainder(28_616, weights)
    assert sum(parts.values()) == 28_616
    weight_sum = sum(weights.values())
    for key, weight in weights.items():
        assert abs(parts[key] - 28_616 * weight / weight_sum) < 1


def test_left_over_units_go_to_the_largest_remainders() -> None:
    # Exact shares 3.33.., 3.33.., 3.33..: one unit left, ties broken by key.
    assert largest_remainder(10, {"b": 1, "a": 1, "c": 1}) == {"a": 4, "b": 3, "c": 3}


@pytest.mark.parametrize("weights", [{}, {"a": 0}, {"a": -1, "b": 3}])
def test_weights_must_be_usable(weights: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="weights"):
        largest_remainder(10, weights)

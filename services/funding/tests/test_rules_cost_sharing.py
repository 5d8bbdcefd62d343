"""Cost sharing of a lead-municipality area: shares, quarterly advances and the year-end
equalisation, each split to the cent and adding up exactly."""

from decimal import Decimal

import pytest

from funding.rules.cost_sharing import share_costs

D = Decimal


def test_a_cent_over_three_members_adds_up() -> None:
    shares = share_costs(D("0.01"), {"743": D(1), "564": D(1), "089": D(1)})
    assert [(s.municipality_code, s.share_eur) for s in shares] == [
        ("089", D("0.01")),
        ("564", D("0.00")),
        ("743", D("0.00")),
    ]
    assert shares[0].advances_eur == (D("0.01"), D("0.00"), D("0.00"), D("0.00"))


def test_shares_by_population_with_advances_and_equalisation() -> None:
    # Populations 3 : 1 of 1000.02 €: exact 750.015 and 250.005; the odd cent to the larger.
    shares = share_costs(D("1000.02"), {"005": D(3), "010": D(1)}, actual_eur=D("1100.00"))
    by_code = {s.municipality_code: s for s in shares}
    assert by_code["005"].share_eur == D("750.02")
    assert by_code["010"].share_eur == D("250.00")
    # 750.02 in four: 187.505 each, the two odd cents to the first quarters.
    assert by_code["005"].advances_eur == (D("187.51"), D("187.51"), D("187.50"), D("187.50"))
    assert by_code["005"].actual_share_eur == D("825.00")
    assert by_code["005"].equalisation_eur == D("74.98")
    assert by_code["010"].equalisation_eur == D("25.00")
    assert sum(s.equalisation_eur or D(0) for s in shares) == D("1100.00") - D("1000.02")
    for share in shares:
        assert sum(share.advances_eur) == share.share_eur


def test_a_refund_is_a_negative_equalisation() -> None:
    shares = share_costs(D("100.00"), {"005": D(1), "010": D(1)}, actual_eur=D("90.00"))
    assert [s.equalisation_eur for s in shares] == [D("-5.00"), D("-5.00")]


def test_weights_without_a_positive_sum_are_refused() -> None:
    with pytest.raises(ValueError, match="weights"):
        share_costs(D("100.00"), {"005": D(0)})

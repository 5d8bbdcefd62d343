"""Which of Kela's rows a municipality's figures come from: never months and the year to
date added together; recipients only from Yhteensä rows."""

from decimal import Decimal

from funding.rules.benefit_costs import CostRow, compute_costs, select_rows

T = "total"


def block(kind: str, month: int, code: str = "005", scale: int = 1) -> list[CostRow]:
    """One municipality-period: two benefits, two classes, their subtotals. Recipients are
    deliberately not the sums of the classes (a person has days in both)."""
    cells = [
        ("basic_allowance", "101-200", 4, "10.00"),
        ("basic_allowance", "201-300", 3, "20.00"),
        ("basic_allowance", T, 5, "30.00"),
        ("labour_market_subsidy", "101-200", 2, "1.50"),
        ("labour_market_subsidy", T, 2, "1.50"),
        (T, "101-200", 6, "11.50"),
        (T, "201-300", 3, "20.00"),
        (T, T, 7, "31.50"),
    ]
    return [CostRow(kind, month, code, b, c, r * scale, Decimal(e) * scale) for b, c, r, e in cells]


def test_a_year_from_complete_months_sums_them_and_counts_persons_from_the_year_to_date() -> None:
    rows = block("month", 1) + block("month", 2) + block("year_to_date", 2, scale=3)
    selection = select_rows(rows, month=None)
    assert selection is not None
    assert (selection.basis, selection.months) == ("monthly", (1, 2))
    costs = compute_costs([selection], year=2025, group_by="municipality")
    assert costs.total_eur == Decimal("63.00")  # 2 x 31.50: the year to date is not added
    assert costs.recipients == 21  # the year-to-date Yhteensä row, not 7 + 7


def test_months_not_covering_the_year_to_date_give_way_to_it() -> None:
    # The sample's October alone against a year to date through December (DOMAIN.md §2).
    rows = block("month", 10) + block("year_to_date", 12, scale=10)
    selection = select_rows(rows, month=None)
    assert selection is not None
    assert (selection.basis, selection.months) == ("year_to_date", (12,))
    costs = compute_costs([selection], year=2025, group_by="benefit")
    assert costs.total_eur == Decimal("315.00")
    assert {g.key: (g.cost_eur, g.recipients) for g in costs.groups} == {
        "basic_allowance": (Decimal("300.00"), 50),
        "labour_market_subsidy": (Decimal("15.00"), 20),
    }


def test_one_month_uses_its_own_rows_and_else_the_year_to_date_through_it() -> None:
    rows = block("month", 3) + block("year_to_date", 3, scale=2) + block("year_to_date", 4, scale=2)
    march = select_rows(rows, month=3)
    april = select_rows(rows, month=4)
    assert march is not None
    assert april is not None
    assert (march.basis, april.basis) == ("monthly", "year_to_date")
    assert select_rows(rows, month=5) is None


def test_day_class_recipients_come_from_the_benefit_total_rows() -> None:
    selection = select_rows(block("month", 10), month=10)
    assert selection is not None
    costs = compute_costs([selection], year=2025, group_by="day_class")
    assert {g.key: (g.cost_eur, g.recipients) for g in costs.groups} == {
        "101-200": (Decimal("11.50"), 6),
        "201-300": (Decimal("20.00"), 3),
    }
    assert costs.recipients == 7  # not 6 + 3


def test_several_months_without_a_year_to_date_have_no_recipient_count() -> None:
    rows = block("month", 1) + block("month", 2)
    selection = select_rows(rows, month=None)
    assert selection is not None
    by_benefit = compute_costs([selection], year=2025, group_by="benefit")
    assert all(g.recipients is None for g in by_benefit.groups)
    assert by_benefit.recipients is None
    by_month = compute_costs([selection], year=2025, group_by="month")
    assert [(g.key, g.cost_eur, g.recipients) for g in by_month.groups] == [
        ("2025-01", Decimal("31.50"), 7),
        ("2025-02", Decimal("31.50"), 7),
    ]


def test_municipalities_on_different_bases_are_mixed_and_each_groups_adds_up() -> None:
    a = select_rows(block("month", 1, "005"), month=None)
    b = select_rows(block("year_to_date", 6, "009", scale=2), month=None)
    assert a is not None
    assert b is not None
    for group_by in ("municipality", "benefit", "day_class", "month"):
        costs = compute_costs([a, b], year=2025, group_by=group_by)
        assert costs.basis == "mixed"
        assert costs.total_eur == Decimal("94.50")
        assert sum(g.cost_eur for g in costs.groups) == costs.total_eur
    by_month = compute_costs([a, b], year=2025, group_by="month")
    assert [g.key for g in by_month.groups] == ["2025-01", "2025-01/2025-06"]
    assert compute_costs([a, b], year=2025, group_by="municipality").recipients == 7 + 14

"""The plan's budget rules (§2.1, §7): contributions, the 95 % cap and the findings."""

from decimal import Decimal

from funding.rules.budget import (
    Finding,
    FindingCode,
    Line,
    Subsidy,
    budget_findings,
    cap_of,
    member_contributions,
)
from funding.vocabulary import BudgetCategory, SubsidyKind

D = Decimal
PRELIMINARY, FINAL = SubsidyKind.preliminary_spring, SubsidyKind.final
RESERVE = Line(BudgetCategory.change_security_reserve, D("10.00"))


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def test_a_contribution_is_the_final_subsidy_where_both_kinds_exist() -> None:
    contributions = member_contributions(
        [
            Subsidy("010", FINAL, D("90.00")),
            Subsidy("010", PRELIMINARY, D("100.00")),
            Subsidy("005", PRELIMINARY, D("50.00")),
        ]
    )
    assert [(c.municipality_code, c.contribution_eur, c.kind) for c in contributions] == [
        ("005", D("50.00"), PRELIMINARY),
        ("010", D("90.00"), FINAL),
    ]


def test_the_cap_is_95_percent_rounded_down_to_the_cent() -> None:
    assert cap_of(D("1000000.00"), D("0.95")) == D("950000.00")
    # 95 % of 100.01 € is 95.0095 €: a cap of 95.01 € would be more than 95 %.
    assert cap_of(D("100.01"), D("0.95")) == D("95.00")
    assert cap_of(D("0.01"), D("0.95")) == D("0.00")


def findings_for(
    expenditure: str, *, cap: str = "95.00", years: tuple[int, ...] = (2027, 2028)
) -> list[Finding]:
    lines = [Line(BudgetCategory.personnel, D(expenditure) - RESERVE.amount_eur), RESERVE]
    return budget_findings(
        year=2026,
        members=["005"],
        preliminary={"005": D("100.00")},
        cap_eur=D(cap),
        lines=lines,
        planning_years=years,
    )


def test_exactly_at_the_cap_is_allowed_and_a_cent_over_is_not() -> None:
    assert findings_for("95.00") == []
    over = findings_for("95.01")
    assert codes(over) == [FindingCode.over_cap]
    assert over[0].blocking
    assert "0.01 € over" in over[0].detail


def test_two_planning_years_after_the_budget_year_are_needed() -> None:
    assert codes(findings_for("95.00", years=(2027,))) == [FindingCode.too_few_planning_years]
    # A year before or the budget year itself is not a planning year after it.
    assert codes(findings_for("95.00", years=(2025, 2026, 2027))) == [
        FindingCode.too_few_planning_years
    ]
    assert findings_for("95.00", years=(2027, 2028, 2029)) == []


def test_a_member_without_a_preliminary_subsidy_and_a_missing_reserve_are_found() -> None:
    findings = budget_findings(
        year=2026,
        members=["005", "010", "052"],
        preliminary={"005": D("100.00")},
        cap_eur=D("95.00"),
        lines=[
            Line(BudgetCategory.personnel, D("50.00")),
            Line(BudgetCategory.change_security_reserve, D("0")),
        ],
        planning_years=[2027, 2028],
    )
    assert [(f.code, f.municipality_code) for f in findings] == [
        (FindingCode.missing_subsidy, "010"),
        (FindingCode.missing_subsidy, "052"),
        (FindingCode.no_change_security_reserve, None),
    ]
    assert all(f.blocking for f in findings)


def test_unknown_members_are_a_blocking_finding_that_says_why() -> None:
    findings = budget_findings(
        year=2026,
        members=None,
        members_unknown_reason="the areas service did not answer within 2 s",
        preliminary={},
        cap_eur=D("0.00"),
        lines=[RESERVE],
        planning_years=[2027, 2028],
    )
    assert codes(findings) == [FindingCode.members_unknown, FindingCode.over_cap]
    assert "within 2 s" in findings[0].detail

"""The budget rules of the organisation plan (§2.1, §7; DOMAIN.md §2), as pure functions.

- A member's yearly contribution is the TE state subsidy it receives: the `final` figure
  where both kinds exist, else the spring's preliminary one.
- The budget may count at most the cap share (95 %) of the members' TE state subsidy per
  the previous spring's preliminary calculation (`preliminary_spring`).
- At least two planning years after the budget year; a change-security reserve (§7).
- Workflow: draft -> proposed (the preliminary proposal to the members) -> approved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from enum import StrEnum

from funding.vocabulary import BudgetCategory, SubsidyKind

CENT = Decimal("0.01")
# Plan §2.1: estimates of the contributions for at least two planning years.
MIN_PLANNING_YEARS = 2


class BudgetStatus(StrEnum):
    draft = "draft"
    proposed = "proposed"
    approved = "approved"


# The one next status from each; approved is final (a change is an amendment: a new version).
NEXT_STATUS = {
    BudgetStatus.draft: BudgetStatus.proposed,
    BudgetStatus.proposed: BudgetStatus.approved,
}


class FindingCode(StrEnum):
    over_cap = "over_cap"
    missing_subsidy = "missing_subsidy"
    no_change_security_reserve = "no_change_security_reserve"
    too_few_planning_years = "too_few_planning_years"
    members_unknown = "members_unknown"


@dataclass(frozen=True)
class Finding:
    code: FindingCode
    blocking: bool
    detail: str
    municipality_code: str | None = None


@dataclass(frozen=True)
class Subsidy:
    municipality_code: str
    kind: SubsidyKind
    te_subsidy_eur: Decimal


@dataclass(frozen=True)
class Contribution:
    municipality_code: str
    contribution_eur: Decimal
    kind: SubsidyKind


@dataclass(frozen=True)
class Line:
    category: BudgetCategory
    amount_eur: Decimal


def member_contributions(subsidies: Iterable[Subsidy]) -> list[Contribution]:
    """Each municipality's contribution, by code: its final subsidy, else its preliminary."""
    chosen: dict[str, Subsidy] = {}
    for subsidy in subsidies:
        known = chosen.get(subsidy.municipality_code)
        if known is None or subsidy.kind is SubsidyKind.final:
            chosen[subsidy.municipality_code] = subsidy
    return [Contribution(code, s.te_subsidy_eur, s.kind) for code, s in sorted(chosen.items())]


def preliminary_subsidies(subsidies: Iterable[Subsidy]) -> dict[str, Decimal]:
    return {
        s.municipality_code: s.te_subsidy_eur
        for s in subsidies
        if s.kind is SubsidyKind.preliminary_spring
    }


def cap_of(preliminary_total: Decimal, cap_share: Decimal) -> Decimal:
    """`cap_share` of the preliminary subsidies, rounded down to the cent: "at most 95 %"
    must not become a cent more by rounding."""
    return (preliminary_total * cap_share).quantize(CENT, rounding=ROUND_DOWN)


def expenditure_of(lines: Iterable[Line]) -> Decimal:
    return sum((line.amount_eur for line in lines), Decimal("0.00"))


def reserve_of(lines: Iterable[Line]) -> Decimal:
    return expenditure_of(
        line for line in lines if line.category is BudgetCategory.change_security_reserve
    )


def budget_findings(
    *,
    year: int,
    members: Sequence[str] | None,
    members_unknown_reason: str | None = None,
    preliminary: Mapping[str, Decimal],
    cap_eur: Decimal,
    lines: Sequence[Line],
    planning_years: Iterable[int],
) -> list[Finding]:
    """What stands in the way of approving the budget; every finding here is blocking.

    `members` None: the area's members could not be read, so no member can be checked for
    a missing subsidy and the cap may not cover them all (`members_unknown` says why).
    """
    findings: list[Finding] = []
    if members is None:
        reason = members_unknown_reason or "the areas service did not answer"
        findings.append(
            Finding(
                FindingCode.members_unknown,
                True,
                f"The area's members in {year} are not known ({reason}); the cap counts "
                "the preliminary subsidies recorded for the area, which may not be all.",
            )
        )
    else:
        findings += [
            Finding(
                FindingCode.missing_subsidy,
                True,
                f"Member {code} has no preliminary_spring TE state subsidy for {year}: "
                "the cap (plan §2.1) cannot count it.",
                municipality_code=code,
            )
            for code in sorted(members)
            if code not in preliminary
        ]
    expenditure = expenditure_of(lines)
    if expenditure > cap_eur:
        findings.append(
            Finding(
                FindingCode.over_cap,
                True,
                f"The expenditure {expenditure} € is {expenditure - cap_eur} € over the cap "
                f"{cap_eur} € (plan §2.1: at most the cap share of the members' preliminary "
                "TE state subsidy).",
            )
        )
    if reserve_of(lines) <= 0:
        findings.append(
            Finding(
                FindingCode.no_change_security_reserve,
                True,
                "The budget has no change_security_reserve line with an amount: the yearly "
                "budget reserves an appropriation for change security and sudden structural "
                "change (plan §7).",
            )
        )
    after = sorted({y for y in planning_years if y > year})
    if len(after) < MIN_PLANNING_YEARS:
        findings.append(
            Finding(
                FindingCode.too_few_planning_years,
                True,
                f"{len(after)} planning year(s) after {year}; the plan (§2.1) asks for "
                f"estimates of at least {MIN_PLANNING_YEARS}.",
            )
        )
    return findings


def blocking(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.blocking]

"""The municipal share of unemployment benefits by accumulated benefit days (DOMAIN.md §2).

From 1.1.2025 a municipality pays a share of the labour market subsidy, the basic
unemployment allowance and the basic-allowance sized part of the earnings-related
allowance, by the person's accumulated benefit days: each day at the rate of its own
day class (1-100: 0 %, 101-200: 10 %, ... 701+: 50 %; Kela 29.5.2024, DOMAIN.md §2 [18][22]).
Until 2024 the share covered the labour market subsidy only (0 % to 300 days, 50 % to
1,000, then 70 %; kela.fi/tyomarkkinatuen-kuntarahoitus1, DOMAIN.md §2 [24]). The tables
are data (the `benefit_staircase` tables, seeded by migration 0003); these functions take
one as an argument.

Amounts are exact decimals while they are computed (days x €/day x a percentage needs no
division); each person's share is rounded half-up to the cent, a total is the sum of the
rounded persons, and a person's share is split over its day classes by largest remainder,
so the day-class parts add up to the person, and every sum to its parts, exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from servicekit.money import CENT, largest_remainder

BENEFITS = ("labour_market_subsidy", "basic_allowance", "earnings_related_allowance")


@dataclass(frozen=True)
class StaircaseStep:
    """Days `from_day`..`to_day` (inclusive; None: no end) at `share_pct` percent."""

    from_day: int
    to_day: int | None
    share_pct: Decimal

    @property
    def day_class(self) -> str:
        # Kela's own labels: "101-200", ..., "701-" (open-ended).
        return f"{self.from_day}-{self.to_day if self.to_day is not None else ''}"


@dataclass(frozen=True)
class Staircase:
    key: str
    title: str
    benefits: frozenset[str]  # the benefit kinds the municipality pays a share of
    steps: tuple[StaircaseStep, ...]  # ordered, contiguous from day 1, the last open-ended
    note: str = ""


@dataclass(frozen=True)
class PersonInput:
    days_before: int  # benefit days accumulated before the period
    days: int  # benefit days in the period
    daily_basis_eur: Decimal  # the day's amount the share is taken of
    benefit: str


@dataclass(frozen=True)
class DayClassShare:
    step: StaircaseStep
    days: int
    exact_eur: Decimal
    amount_eur: Decimal  # this class's part of the person's rounded share


@dataclass(frozen=True)
class PersonShare:
    person: PersonInput
    covered: bool  # the staircase applies to this benefit kind at all
    exact_eur: Decimal
    amount_eur: Decimal
    by_day_class: tuple[DayClassShare, ...]


@dataclass(frozen=True)
class ClassTotal:
    step: StaircaseStep
    days: int
    amount_eur: Decimal


@dataclass(frozen=True)
class MunicipalShare:
    persons: tuple[PersonShare, ...]
    by_day_class: tuple[ClassTotal, ...]
    total_eur: Decimal


def days_in_step(step: StaircaseStep, *, days_before: int, days: int) -> int:
    """How many of the benefit days `days_before + 1` .. `days_before + days` fall in `step`."""
    first, last = days_before + 1, days_before + days
    low = max(first, step.from_day)
    high = last if step.to_day is None else min(last, step.to_day)
    return max(0, high - low + 1)


def person_share(staircase: Staircase, person: PersonInput) -> PersonShare:
    """One person's share: every benefit day at the rate of its own day class.

    A benefit kind the staircase does not cover (the legacy table covers the labour market
    subsidy only) costs the municipality nothing: its days are listed at 0 %.
    """
    covered = person.benefit in staircase.benefits
    exact: list[tuple[StaircaseStep, int, Decimal]] = []
    for step in staircase.steps:
        days = days_in_step(step, days_before=person.days_before, days=person.days)
        if days:
            rate = step.share_pct / 100 if covered else Decimal(0)
            exact.append((step, days, days * person.daily_basis_eur * rate))
    exact_total = sum((amount for _, _, amount in exact), Decimal(0))
    rounded = exact_total.quantize(CENT, rounding=ROUND_HALF_UP)
    parts = _split_cents(rounded, [amount for _, _, amount in exact])
    by_class = tuple(
        DayClassShare(step=step, days=days, exact_eur=amount, amount_eur=part)
        for (step, days, amount), part in zip(exact, parts, strict=True)
    )
    return PersonShare(
        person=person,
        covered=covered,
        exact_eur=exact_total,
        amount_eur=rounded,
        by_day_class=by_class,
    )


def _split_cents(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """`total` (whole cents) in parts proportional to the exact `weights`, adding up exactly."""
    cents = int(total * 100)
    if cents == 0 or not any(weights):
        return [Decimal("0.00")] * len(weights)
    # The weights have at most a few decimals (days x €/day x percent): scale them exactly.
    scale = 10 ** max(0, *(-int(w.as_tuple().exponent) for w in weights))
    scaled = {str(i): int(w * scale) for i, w in enumerate(weights)}
    parts = largest_remainder(cents, scaled)
    return [(Decimal(parts[str(i)]) / 100).quantize(CENT) for i in range(len(weights))]


def municipal_share(staircase: Staircase, persons: Sequence[PersonInput]) -> MunicipalShare:
    """Each person's share, the day-class totals and the total (the sum of the persons)."""
    shares = tuple(person_share(staircase, p) for p in persons)
    totals: dict[int, ClassTotal] = {}
    for share in shares:
        for part in share.by_day_class:
            known = totals.get(part.step.from_day)
            days = part.days + (known.days if known else 0)
            amount = part.amount_eur + (known.amount_eur if known else Decimal("0.00"))
            totals[part.step.from_day] = ClassTotal(step=part.step, days=days, amount_eur=amount)
    return MunicipalShare(
        persons=shares,
        by_day_class=tuple(totals[day] for day in sorted(totals)),
        total_eur=sum((s.amount_eur for s in shares), Decimal("0.00")),
    )


@dataclass(frozen=True)
class Saving:
    step: StaircaseStep
    persons: int
    per_person_eur: Decimal
    saving_eur: Decimal


def employment_savings(
    staircase: Staircase,
    *,
    persons: int,
    benefit_days: int,
    daily_basis_eur: Decimal,
    day_classes: Sequence[str] | None = None,
) -> list[Saving]:
    """What employing `persons` people who have just reached a day class saves in a year.

    The municipality's cost of a person stops when the person finds work, while the
    state-subsidy compensation, fixed on the 2023 cross-section, stays (plan §2.2; DOMAIN.md
    §2 [26]). A person who would otherwise stay unemployed starts the year with
    `from_day - 1` accumulated days and would receive `benefit_days` more in it, climbing
    the staircase as the days accumulate: the saving is that person's share
    (`person_share`, labour market subsidy) times `persons`. Only classes the municipality
    pays for (share above 0 %) are listed; `day_classes` (Kela labels) narrows them.
    """
    savings = []
    for step in staircase.steps:
        if step.share_pct <= 0 or (day_classes is not None and step.day_class not in day_classes):
            continue
        person = PersonInput(
            days_before=step.from_day - 1,
            days=benefit_days,
            daily_basis_eur=daily_basis_eur,
            benefit=BENEFITS[0],
        )
        each = person_share(staircase, person).amount_eur
        savings.append(
            Saving(step=step, persons=persons, per_person_eur=each, saving_eur=each * persons)
        )
    return savings

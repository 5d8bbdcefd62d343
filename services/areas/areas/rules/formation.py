"""The legal formation check of an employment area (DOMAIN.md §1; law 380/2023, HE 207/2022).

Criteria, each reported as passed, failed, exempted or unknown:
- `labour_force_minimum`: the members' combined labour force is at least the threshold
  (20,000, inclusive). A member without a figure is never counted as zero.
- `contiguity`: the graph of shared borders between members is connected ("every member
  borders another member" is not enough: two separate pairs pass that and fail this).
- `single_membership`: no member belongs to another employment area at the same time; only
  checked for a recorded area, when the caller passes the membership conflicts it found.

A Government exemption (poikkeuslupa) covering a criterion makes it "exempted", never
"passed"; the area is eligible when every criterion is passed or exempted.
"""

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

# Law 380/2023 (DOMAIN.md §1): a parameter with this default, not a hidden constant.
LABOUR_FORCE_MINIMUM = 20_000


class Criterion(StrEnum):
    LABOUR_FORCE_MINIMUM = "labour_force_minimum"
    CONTIGUITY = "contiguity"
    SINGLE_MEMBERSHIP = "single_membership"


class Status(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    EXEMPTED = "exempted"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class LabourForceFigure:
    """One member's labour force as used: the latest figure at or before the asked period."""

    municipality_code: str
    period: str
    value: Decimal
    source: str
    source_url: str | None = None
    is_estimate: bool = False


@dataclass(frozen=True)
class MembershipConflict:
    """A member that also belongs to another employment area over the same time."""

    municipality_code: str
    other_area_id: str
    note: str | None = None


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    status: Status
    detail: str
    # Set when an exemption covers the criterion: what it would have been without one.
    status_without_exemption: Status | None = None
    exemption_reference: str | None = None
    figures: tuple[LabourForceFigure, ...] = ()
    missing_codes: tuple[str, ...] = ()
    components: tuple[tuple[str, ...], ...] = ()
    conflicts: tuple[MembershipConflict, ...] = ()


@dataclass(frozen=True)
class FormationCheck:
    municipality_codes: tuple[str, ...]
    threshold: int
    # The sum of the figures found; a lower bound when a member has no figure.
    labour_force_total: Decimal
    criteria: tuple[CriterionResult, ...]

    @property
    def eligible(self) -> bool:
        return all(c.status in (Status.PASSED, Status.EXEMPTED) for c in self.criteria)

    def criterion(self, criterion: Criterion) -> CriterionResult | None:
        return next((c for c in self.criteria if c.criterion == criterion), None)


def connected_components(
    nodes: Iterable[str], edges: Iterable[tuple[str, str]]
) -> list[tuple[str, ...]]:
    """Components of the graph on `nodes`; edges touching another node are ignored.

    Each component is sorted; the largest comes first (ties: by its first code).
    """
    adjacency: dict[str, list[str]] = {node: [] for node in nodes}
    for a, b in edges:
        if a in adjacency and b in adjacency:
            adjacency[a].append(b)
            adjacency[b].append(a)
    seen: set[str] = set()
    groups: list[list[str]] = []
    for start in adjacency:
        if start in seen:
            continue
        group, stack = [], [start]
        while stack:  # depth-first walk of one component; a node may be stacked twice
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                group.append(node)
                stack.extend(adjacency[node])
        groups.append(group)
    components = [tuple(sorted(group)) for group in groups]
    return sorted(components, key=lambda c: (-len(c), c[0]))


def check_labour_force(
    codes: Sequence[str], figures: Mapping[str, LabourForceFigure], threshold: int
) -> CriterionResult:
    used = tuple(figures[c] for c in codes if c in figures)
    missing = tuple(c for c in codes if c not in figures)
    total = sum((f.value for f in used), Decimal(0))
    periods = ", ".join(sorted({f.period for f in used})) or "none"
    if missing:
        # A member without a figure makes the criterion unknown, whatever the others total (a
        # missing figure is never zero); the answer lists it so the figure can be supplied.
        status = Status.UNKNOWN
        reaches = ">=" if total >= threshold else "<"
        detail = (
            f"no labour-force figure for {', '.join(missing)}; the others total "
            f"{_number(total)} {reaches} {threshold:,} (periods {periods})"
        )
    elif total >= threshold:
        status = Status.PASSED
        detail = f"labour force {_number(total)} >= {threshold:,} (periods {periods})"
    else:
        status = Status.FAILED
        detail = f"labour force {_number(total)} < {threshold:,} (periods {periods})"
    return CriterionResult(
        Criterion.LABOUR_FORCE_MINIMUM, status, detail, figures=used, missing_codes=missing
    )


def check_contiguity(codes: Sequence[str], borders: Iterable[tuple[str, str]]) -> CriterionResult:
    """Connected members pass; otherwise failed, or unknown when a member has no border data.

    `borders` may include borders with non-members: a member that appears in none at all
    has no border data (every mainland municipality has neighbours), which makes a
    disconnected result unknown rather than failed.
    """
    borders = list(borders)
    components = connected_components(codes, borders)
    if len(components) <= 1:
        return CriterionResult(Criterion.CONTIGUITY, Status.PASSED, "the members are connected")
    known = {code for pair in borders for code in pair}
    no_data = tuple(c for c in codes if c not in known)
    groups = "; ".join("[" + ", ".join(c) + "]" for c in components)
    status = Status.UNKNOWN if no_data else Status.FAILED
    detail = f"{len(components)} separate groups: {groups}"
    if no_data:
        detail += f"; no borders recorded for {', '.join(no_data)}"
    return CriterionResult(
        Criterion.CONTIGUITY, status, detail, components=tuple(components), missing_codes=no_data
    )


def check_single_membership(conflicts: Sequence[MembershipConflict]) -> CriterionResult:
    if not conflicts:
        detail = "no member belongs to another area"
        return CriterionResult(Criterion.SINGLE_MEMBERSHIP, Status.PASSED, detail)
    listed = ", ".join(f"{c.municipality_code} (area {c.other_area_id})" for c in conflicts)
    detail = f"members of another area too: {listed}"
    return CriterionResult(
        Criterion.SINGLE_MEMBERSHIP, Status.FAILED, detail, conflicts=tuple(conflicts)
    )


def apply_exemption(result: CriterionResult, reference: str | None) -> CriterionResult:
    """An exempted criterion reads "exempted" whatever its own outcome, which stays visible."""
    by = f" by decision {reference}" if reference else ""
    return replace(
        result,
        status=Status.EXEMPTED,
        status_without_exemption=result.status,
        exemption_reference=reference,
        detail=f"exempted{by}; without the exemption: {result.status} ({result.detail})",
    )


def check_formation(
    *,
    municipality_codes: Sequence[str],
    labour_force: Mapping[str, LabourForceFigure],
    borders: Iterable[tuple[str, str]],
    threshold: int = LABOUR_FORCE_MINIMUM,
    exemptions: Collection[str] | Mapping[str, str | None] = (),
    membership_conflicts: Sequence[MembershipConflict] | None = None,
) -> FormationCheck:
    """Checks a set of municipalities against the formation criteria.

    `labour_force` maps a member's code to its figure (absent: no figure). `exemptions` are
    the exempted criteria, optionally mapped to their decision references.
    `membership_conflicts=None` leaves `single_membership` out (a what-if set is no area).
    """
    results = [
        check_labour_force(municipality_codes, labour_force, threshold),
        check_contiguity(municipality_codes, borders),
    ]
    if membership_conflicts is not None:
        results.append(check_single_membership(membership_conflicts))
    references = dict(exemptions) if isinstance(exemptions, Mapping) else dict.fromkeys(exemptions)
    criteria = tuple(
        apply_exemption(r, references[r.criterion]) if r.criterion in references else r
        for r in results
    )
    found = (labour_force[c].value for c in municipality_codes if c in labour_force)
    return FormationCheck(
        municipality_codes=tuple(municipality_codes),
        threshold=threshold,
        labour_force_total=sum(found, Decimal(0)),
        criteria=criteria,
    )


def _number(value: Decimal) -> str:
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"

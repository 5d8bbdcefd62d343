from collections.abc import Sequence

from servicekit.errors import (
    Conflict,
    FieldError,
    NotFound,
    ServiceError,
    UnprocessableContent,
)


class MunicipalityNotFound(NotFound):
    def __init__(self, code: str) -> None:
        super().__init__(f"No municipality with code '{code}'.")


class MunicipalityExists(Conflict):
    def __init__(self, code: str) -> None:
        super().__init__(f"A municipality with code '{code}' already exists.")


# Employment areas, membership and exemptions (issue 3 part B).


class AreaNotFound(NotFound):
    def __init__(self, area_id: str) -> None:
        super().__init__(f"No employment area '{area_id}'.")


class AreaExists(Conflict):
    def __init__(self, area_id: str) -> None:
        super().__init__(f"An employment area with id '{area_id}' already exists.")


class UnknownMunicipalityField(UnprocessableContent):
    """A body field names a municipality code that is not in the registry."""

    def __init__(self, field: str, code: str) -> None:
        message = f"no municipality with code '{code}'"
        super().__init__(f"{field}: {message}.", [FieldError(field, message)])


class MembershipNotFound(NotFound):
    def __init__(self, area_id: str, membership_id: int) -> None:
        super().__init__(f"No membership {membership_id} in area '{area_id}'.")


class MembershipOverlap(Conflict):
    """DOMAIN.md §1: a municipality belongs to at most one employment area at a time."""

    def __init__(self, *, municipality_code: str, other_area_id: str, other_id: int) -> None:
        super().__init__(
            f"Municipality {municipality_code} is already a member of area '{other_area_id}' "
            f"during this period (membership {other_id}); a municipality belongs to one "
            "area at a time.",
            extra={"conflicting_area_id": other_area_id, "conflicting_membership_id": other_id},
        )


class ExemptionNotFound(NotFound):
    def __init__(self, area_id: str, exemption_id: int) -> None:
        super().__init__(f"No exemption {exemption_id} in area '{area_id}'.")


# Plan records.


class PlanNotFound(NotFound):
    def __init__(self, area_id: str, plan_id: int) -> None:
        super().__init__(f"No plan {plan_id} in area '{area_id}'.")


class PlanExists(Conflict):
    def __init__(self, area_id: str, year: int) -> None:
        super().__init__(f"Area '{area_id}' already has a plan for {year}.")


class IllegalPlanTransition(Conflict):
    def __init__(self, current: str, target: str, allowed: list[str]) -> None:
        options = ", ".join(allowed) or "none (the plan is final)"
        super().__init__(
            f"A {current} plan cannot become {target}; allowed next statuses: {options}.",
            extra={"current_status": current, "allowed_statuses": allowed},
        )


class PlanApproved(Conflict):
    def __init__(self, plan_id: int) -> None:
        super().__init__(f"Plan {plan_id} is approved: its sections can no longer be edited.")


class SectionNotFound(NotFound):
    def __init__(self, plan_id: int, key: str) -> None:
        super().__init__(f"Plan {plan_id} has no section '{key}'.")


class SnapshotNotFound(NotFound):
    def __init__(self, plan_id: int, version: int) -> None:
        super().__init__(f"Plan {plan_id} has no snapshot version {version}.")


class SnapshotImmutable(ServiceError):
    status, title = 405, "Method Not Allowed"

    def __init__(self) -> None:
        super().__init__(
            "A published snapshot is immutable: it can be read, never changed or deleted.",
            headers={"Allow": "GET"},
        )


# Statistics, borders and the formation check (issue 3 part A).


class BadRows(UnprocessableContent):
    """Rows of an all-or-nothing bulk write that cannot be written; nothing was written."""

    LISTED = 1000  # enough to fix a file by; 100,000 bad rows would make a 10 MB answer

    def __init__(self, collection: str, total: int, errors: Sequence[FieldError]) -> None:
        shown = list(errors[: self.LISTED])
        more = f" (the first {len(shown)} are listed)" if len(errors) > len(shown) else ""
        super().__init__(
            f"{len(errors)} problems in the {total} rows of {collection}{more}; "
            "nothing was written.",
            shown,
        )


class BadMunicipalitySet(UnprocessableContent):
    """A set of municipalities given with unknown or repeated codes, or none at all."""

    def __init__(self, errors: Sequence[FieldError]) -> None:
        listed = "; ".join(f"{e.field}: {e.message}" for e in errors)
        super().__init__(f"The municipality codes are not usable: {listed}.", errors)


class LabourForceMissing(UnprocessableContent):
    """A forecast needs a labour force figure for every member: none is taken as zero."""

    def __init__(self, codes: Sequence[str], as_of: str | None, *, field: str) -> None:
        when = f"at or before {as_of}" if as_of else "at all"
        message = f"no labour-force figure {when} for {', '.join(codes)}"
        super().__init__(f"Cannot forecast: {message}.", [FieldError(field, message)])

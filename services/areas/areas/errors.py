"""The areas service's problem types: each is served as `/problems/<slug>` by the gateway."""

from collections.abc import Sequence

from servicekit.errors import (
    ERRORS_LEFT_OUT,
    Conflict,
    FieldError,
    MethodNotAllowed,
    NotFound,
    UnprocessableContent,
    listed,
)


class MunicipalityNotFound(NotFound):
    slug = "municipality-not-found"
    description = "No municipality has this code in the registry (codes are Statistics Finland's)."

    def __init__(self, code: str) -> None:
        super().__init__(f"No municipality with code '{code}'.")


class MunicipalityExists(Conflict):
    slug = "municipality-exists"
    description = (
        "A municipality with this code is already in the registry; change it with PUT on its "
        "own URL instead of creating it again."
    )

    def __init__(self, code: str) -> None:
        super().__init__(f"A municipality with code '{code}' already exists.")


class AreaNotFound(NotFound):
    slug = "area-not-found"
    description = (
        "No employment area has this id. An area the token gives no access to is answered "
        "with `not-found` alike, so that areas cannot be discovered."
    )

    def __init__(self, area_id: str) -> None:
        super().__init__(f"No employment area '{area_id}'.")


class AreaExists(Conflict):
    slug = "area-exists"
    description = "An employment area with this id already exists; ids are never reused."

    def __init__(self, area_id: str) -> None:
        super().__init__(f"An employment area with id '{area_id}' already exists.")


class UnknownMunicipalityField(UnprocessableContent):
    """A body field names a municipality code that is not in the registry."""

    slug = "unknown-municipality"
    description = (
        "A field of the body names a municipality code that is not in the registry; "
        "`errors` names the field."
    )

    def __init__(self, field: str, code: str) -> None:
        message = f"no municipality with code '{code}'"
        super().__init__(f"{field}: {message}.", [FieldError(field, message)])


class MembershipNotFound(NotFound):
    slug = "membership-not-found"
    description = "The employment area has no membership with this id."

    def __init__(self, area_id: str, membership_id: int) -> None:
        super().__init__(f"No membership {membership_id} in area '{area_id}'.")


class MembershipOverlap(Conflict):
    """DOMAIN.md §1: a municipality belongs to at most one employment area at a time."""

    slug = "membership-overlap"
    description = (
        "A municipality belongs to one employment area at a time: the period given overlaps "
        "another membership of the municipality, in this area or another. "
        "`conflicting_area_id` and `conflicting_membership_id` name that membership; end it, "
        "or start the new one after its last day."
    )
    members = {
        "conflicting_area_id": {"type": "string", "description": "The other membership's area."},
        "conflicting_membership_id": {
            "type": "integer",
            "description": "The id of the membership the period overlaps.",
        },
    }

    def __init__(self, *, municipality_code: str, other_area_id: str, other_id: int) -> None:
        super().__init__(
            f"Municipality {municipality_code} is already a member of area '{other_area_id}' "
            f"during this period (membership {other_id}); a municipality belongs to one "
            "area at a time.",
            extra={"conflicting_area_id": other_area_id, "conflicting_membership_id": other_id},
        )


class ExemptionNotFound(NotFound):
    slug = "exemption-not-found"
    description = "The employment area has no exemption with this id."

    def __init__(self, area_id: str, exemption_id: int) -> None:
        super().__init__(f"No exemption {exemption_id} in area '{area_id}'.")


# Plan records.


class PlanNotFound(NotFound):
    slug = "plan-not-found"
    description = "The employment area has no plan with this id."

    def __init__(self, area_id: str, plan_id: int) -> None:
        super().__init__(f"No plan {plan_id} in area '{area_id}'.")


class NoPlanForYear(NotFound):
    slug = "no-plan-for-year"
    description = "The employment area has no plan for this year (yet)."

    def __init__(self, area_id: str, year: int) -> None:
        super().__init__(f"Area '{area_id}' has no plan for {year}.")


class PlanExists(Conflict):
    slug = "plan-exists"
    description = "The employment area already has a plan for this year: one plan per year."

    def __init__(self, area_id: str, year: int) -> None:
        super().__init__(f"Area '{area_id}' already has a plan for {year}.")


class IllegalPlanTransition(Conflict):
    slug = "illegal-plan-transition"
    description = (
        "A plan moves draft -> submitted -> approved, one step at a time; this step is not "
        "one of them. `current_status` is the plan's status and `allowed_statuses` the steps "
        "it can take (none once approved)."
    )
    members = {
        "current_status": {"type": "string", "description": "The plan's status now."},
        "allowed_statuses": {
            "type": "array",
            "items": {"type": "string"},
            "description": "The statuses the plan may move to next.",
        },
    }

    def __init__(self, current: str, target: str, allowed: list[str]) -> None:
        options = ", ".join(allowed) or "none (the plan is final)"
        super().__init__(
            f"A {current} plan cannot become {target}; allowed next statuses: {options}.",
            extra={"current_status": current, "allowed_statuses": allowed},
        )


class PlanApproved(Conflict):
    slug = "plan-approved"
    description = "The plan is approved: its sections can no longer be created or changed."

    def __init__(self, plan_id: int) -> None:
        super().__init__(f"Plan {plan_id} is approved: its sections can no longer be edited.")


class SectionNotFound(NotFound):
    slug = "section-not-found"
    description = "The plan has no section with this key."

    def __init__(self, plan_id: int, key: str) -> None:
        super().__init__(f"Plan {plan_id} has no section '{key}'.")


class SnapshotNotFound(NotFound):
    slug = "snapshot-not-found"
    description = "The plan has no published snapshot with this version."

    def __init__(self, plan_id: int, version: int) -> None:
        super().__init__(f"Plan {plan_id} has no snapshot version {version}.")


class SnapshotImmutable(MethodNotAllowed):
    slug = "snapshot-immutable"
    description = (
        "A published snapshot is the record of what was published: it can be read, never "
        "changed or deleted. Publish a new version instead."
    )

    def __init__(self) -> None:
        super().__init__(
            "A published snapshot is immutable: it can be read, never changed or deleted.",
            headers={"Allow": "GET"},
        )


# Statistics, borders and the formation check.


class BadRows(UnprocessableContent):
    """Rows of an all-or-nothing bulk write that cannot be written; nothing was written."""

    slug = "bad-rows"
    description = (
        "Rows of an all-or-nothing bulk write cannot be written, and none was: `errors` names "
        "each bad row by its index and field (up to 1,000; `errors_left_out` says how many "
        "more there were)."
    )
    members = ERRORS_LEFT_OUT
    LISTED = 1000  # enough to fix a file by; 100,000 bad rows would make a 10 MB answer

    def __init__(self, collection: str, total: int, errors: Sequence[FieldError]) -> None:
        shown = list(errors[: self.LISTED])
        more = f" (the first {len(shown)} are listed)" if len(errors) > len(shown) else ""
        super().__init__(
            f"{len(errors)} problems in the {total} rows of {collection}{more}; "
            "nothing was written.",
            shown,
        )
        if len(errors) > len(shown):
            self.extra["errors_left_out"] = len(errors) - len(shown)


class BadMunicipalitySet(UnprocessableContent):
    """A set of municipalities given with unknown or repeated codes, or none at all."""

    slug = "bad-municipality-set"
    description = (
        "The set of municipalities is not usable: a code is unknown or repeated, or there is "
        "none. `errors` names each bad entry (up to 50; `errors_left_out` says how many more)."
    )
    members = ERRORS_LEFT_OUT
    LISTED = 50  # a set holds at most 400 codes; the first 50 are enough to see what is wrong

    def __init__(self, errors: Sequence[FieldError]) -> None:
        shown = list(errors[: self.LISTED])
        fields = listed(shown)
        left_out = len(errors) - len(shown)
        more = f" and {left_out} more" if left_out else ""
        super().__init__(f"The municipality codes are not usable: {fields}{more}.", shown)
        if left_out:
            self.extra["errors_left_out"] = left_out


class LabourForceMissing(UnprocessableContent):
    """A forecast needs a labour force figure for every member: none is taken as zero."""

    slug = "labour-force-missing"
    description = (
        "A forecast needs a labour-force figure for every member, at or before `as_of`; "
        "a missing figure is not taken as zero. Load the statistics or choose another period."
    )

    def __init__(self, codes: Sequence[str], as_of: str | None, *, field: str) -> None:
        when = f"at or before {as_of}" if as_of else "at all"
        message = f"no labour-force figure {when} for {', '.join(codes)}"
        super().__init__(f"Cannot forecast: {message}.", [FieldError(field, message)])

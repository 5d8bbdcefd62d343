"""The caseload service's problem types: each is served as `/problems/<slug>` by the gateway."""

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


class StaffPositionNotFound(NotFound):
    slug = "staff-position-not-found"
    description = "The employment area has no staff position with this id."

    def __init__(self, area_id: str, position_id: int) -> None:
        super().__init__(f"No staff position {position_id} in area '{area_id}'.")


class CustomerMonthNotFound(NotFound):
    slug = "customer-month-not-found"
    description = "The employment area has no customer counts for this month (yet)."

    def __init__(self, area_id: str, month: str) -> None:
        super().__init__(f"Area '{area_id}' has no customer counts for {month}.")


class ScenarioNotFound(NotFound):
    slug = "scenario-not-found"
    description = "The employment area has no scenario with this id."

    def __init__(self, area_id: str, scenario_id: int) -> None:
        super().__init__(f"No scenario {scenario_id} in area '{area_id}'.")


class UnknownServiceLine(UnprocessableContent):
    slug = "unknown-service-line"
    description = (
        "A field names a service line the area does not have (see GET .../service-lines), "
        "or gives one where none belongs (only customer service works in a line); `errors` "
        "names the field."
    )

    def __init__(self, errors: Sequence[FieldError]) -> None:
        fields = listed(errors)
        super().__init__(f"Service lines: {fields}.", errors)


class NotAnAreaMember(UnprocessableContent):
    slug = "not-an-area-member"
    description = (
        "A field names a municipality that is not a member of the area (on the month in "
        "question, nor today, as the areas service says); `errors` names the field."
    )

    def __init__(self, errors: Sequence[FieldError]) -> None:
        fields = listed(errors)
        super().__init__(f"Municipalities: {fields}.", errors)


class UnknownOffice(UnprocessableContent):
    slug = "unknown-office"
    description = (
        "`office_id` names no office of the area in the offices service. Checked only when "
        "the offices service is configured; until then any id is taken as given."
    )

    def __init__(self, office_id: int) -> None:
        message = f"the offices service has no office {office_id} in this area"
        super().__init__(f"office_id: {message}.", [FieldError("office_id", message)])


class BadCustomerRows(UnprocessableContent):
    """Rows of a month's customer counts that cannot be stored; none was stored."""

    slug = "bad-customer-rows"
    description = (
        "Rows of a month's customer counts cannot be stored, and none was: `errors` names "
        "each bad row by its index and field (`counts.3.customers`): a municipality that is "
        "not the area's, a line the area does not have, a row given twice, a segment larger "
        "than its line's total (`all`) or without one. Up to 1,000 are listed; "
        "`errors_left_out` says how many more there were."
    )
    members = ERRORS_LEFT_OUT
    LISTED = 1000

    def __init__(self, total: int, errors: Sequence[FieldError]) -> None:
        shown = list(errors[: self.LISTED])
        more = f" (the first {len(shown)} are listed)" if len(errors) > len(shown) else ""
        super().__init__(
            f"{len(errors)} problems in the {total} rows of counts{more}; nothing was written.",
            shown,
        )
        if len(errors) > len(shown):
            self.extra["errors_left_out"] = len(errors) - len(shown)


class ServiceLineInUse(Conflict):
    slug = "service-line-in-use"
    description = (
        "The new list of service lines leaves out lines that staff positions, customer "
        "counts or scenarios still name (`service_lines`): move or end those first."
    )
    members = {
        "service_lines": {
            "type": "array",
            "items": {"type": "string"},
            "description": "The keys left out that are still in use.",
        }
    }

    def __init__(self, keys: Sequence[str]) -> None:
        super().__init__(
            f"Service lines still in use cannot be removed: {', '.join(keys)}.",
            extra={"service_lines": list(keys)},
        )


class StaffSummaryReadOnly(MethodNotAllowed):
    slug = "staff-summary-read-only"
    description = (
        "The staff summary is computed from the positions: it can be read, not written. "
        "Change the positions under `.../staff` instead."
    )

    def __init__(self) -> None:
        super().__init__(
            "The staff summary is read only; change the positions instead.",
            headers={"Allow": "GET"},
        )

"""The caseload service's problem types: each is served as `/problems/<slug>` by the gateway."""

from collections.abc import Sequence
from typing import Any, ClassVar

from servicekit.errors import (
    ERRORS_LEFT_OUT,
    Conflict,
    FieldError,
    MethodNotAllowed,
    NotFound,
    ServiceError,
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


class KehaNotConfigured(Conflict):
    slug = "keha-not-configured"
    description = (
        "The area has no connection to the KEHA national platform configured "
        "(`CASELOAD_KEHA_AREAS`: its security server, X-Road identifiers and certificate)."
    )

    def __init__(self, area_id: str) -> None:
        super().__init__(f"Area '{area_id}' has no KEHA connection configured.")


class XRoadError(ServiceError):
    """The security server or the platform answered an X-Road error (PR-REST: the
    `X-Road-Error` header, and a JSON body with `type`, `message`, `detail`)."""

    status, title, slug = 502, "Bad Gateway", "xroad-error"
    description = (
        "The KEHA national platform, reached over the Suomi.fi Data Exchange Layer, answered "
        "an X-Road error: `xroad_error_type` names it (e.g. `Server.ServerProxy.AccessDenied`), "
        "`xroad_message` is its message. Nothing was written."
    )
    members: ClassVar[dict[str, dict[str, Any]]] = {
        "service": {"type": "string", "description": "The external system: `keha`."},
        "xroad_error_type": {"type": "string", "description": "The `X-Road-Error` type."},
        "xroad_message": {"type": "string", "description": "The error's message."},
    }

    def __init__(self, error_type: str, message: str) -> None:
        super().__init__(
            f"The KEHA platform answered the X-Road error {error_type}: {message}",
            extra={"service": "keha", "xroad_error_type": error_type, "xroad_message": message},
        )
        self.error_type = error_type


class PlanVersionNotApproved(Conflict):
    slug = "plan-version-not-approved"
    description = (
        "Only a published version of an approved organisation plan is submitted to the "
        "national platform (`plan_status` says what the plan was when it was published)."
    )
    members = {"plan_status": {"type": "string", "description": "The version's plan status."}}

    def __init__(self, version: int, plan_status: str) -> None:
        super().__init__(
            f"Version {version} was published from a plan that was {plan_status}, not approved.",
            extra={"plan_status": plan_status},
        )

"""The offices service's problem types: each is served as `/problems/<slug>` by the gateway."""

from collections.abc import Sequence

from servicekit.errors import FieldError, NotFound, UnprocessableContent


class OfficeNotFound(NotFound):
    slug = "office-not-found"
    description = "The employment area has no office or service point with this id."

    def __init__(self, area_id: str, office_id: int) -> None:
        super().__init__(f"No office {office_id} in area '{area_id}'.")


class LeaseNotFound(NotFound):
    slug = "lease-not-found"
    description = "The office has no lease with this id."

    def __init__(self, office_id: int, lease_id: int) -> None:
        super().__init__(f"No lease {lease_id} of office {office_id}.")


class MunicipalityNotAMember(UnprocessableContent):
    slug = "municipality-not-a-member"
    description = (
        "`municipality_code` names a municipality that is not a member of the area, as the "
        "areas service says, today nor on the office's `opened_on`: an area's places of "
        "service are in its members (plan §4)."
    )

    def __init__(self, code: str) -> None:
        message = f"municipality {code} is not a member of the area"
        super().__init__(
            f"municipality_code: {message}.", [FieldError("municipality_code", message)]
        )


class BadOpeningHours(UnprocessableContent):
    slug = "bad-opening-hours"
    description = (
        "The opening hours do not hold together, and none were stored: `errors` names each "
        "bad entry (`weekly.2.closes`, `exceptions.0`): a range that closes before it opens, "
        "ranges of one day that overlap, a closed date with times or with other entries, an "
        "open date without both times."
    )

    def __init__(self, errors: Sequence[FieldError]) -> None:
        listed = "; ".join(f"{e.field}: {e.message}" for e in errors)
        super().__init__(f"Opening hours: {listed}.", errors)

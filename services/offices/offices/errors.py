"""The offices service's problem types: each is served as `/problems/<slug>` by the gateway."""

from collections.abc import Sequence

from servicekit.errors import ERRORS_LEFT_OUT, FieldError, NotFound, UnprocessableContent, listed


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
        fields = listed(errors)
        super().__init__(f"Opening hours: {fields}.", errors)


class BadDistanceRows(UnprocessableContent):
    slug = "bad-distance-rows"
    description = (
        "Rows of a distances write cannot be stored, and none was: `errors` names each bad "
        "row by its index and field (`distances.3.to_code`): a code the areas service does "
        "not know, a municipality paired with itself, a pair given twice (in either order), "
        "an estimate without its method. Up to 1,000 are listed; `errors_left_out` says how "
        "many more there were."
    )
    members = ERRORS_LEFT_OUT
    LISTED = 1000

    def __init__(self, total: int, errors: Sequence[FieldError]) -> None:
        shown = list(errors[: self.LISTED])
        super().__init__(
            f"{len(errors)} problems in the {total} rows of distances; nothing was written.", shown
        )
        if len(errors) > len(shown):
            self.extra["errors_left_out"] = len(errors) - len(shown)


class DistanceUnknown(UnprocessableContent):
    slug = "distance-unknown"
    description = (
        "No road distance is recorded for some pairs the answer needs, and they cannot be "
        "estimated: the areas service has no coordinates for a municipality (or does not "
        "know its code). `errors` names the fields that give those codes; record the "
        "distances with `PUT /v1/distances` or the coordinates in the areas service."
    )
    members = ERRORS_LEFT_OUT
    LISTED = 100

    def __init__(self, errors: Sequence[FieldError]) -> None:
        shown = list(errors[: self.LISTED])
        super().__init__(f"No distance known: {listed(shown)}.", shown)
        if len(errors) > len(shown):
            self.extra["errors_left_out"] = len(errors) - len(shown)


class InfeasiblePlacement(UnprocessableContent):
    slug = "infeasible-placement"
    description = (
        "No network meets the placement's terms: `k` below the number of `fixed` places or "
        "above the number of candidates, or a fixed place that is not a candidate; `errors` "
        "names each field."
    )

    def __init__(self, errors: Sequence[FieldError]) -> None:
        super().__init__(f"No network is possible: {listed(errors)}.", errors)

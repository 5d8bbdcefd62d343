"""Errors of publishing the plan and reading its versions.

ServiceError (servicekit)
├── PlanIncomplete          409  a section is unavailable and `force` was not given
├── PlanRecordMissing       409  the area has no plan record for the year to publish into
└── PlanVersionNotFound     404  no published version with that number for the year
"""

from __future__ import annotations

from servicekit.errors import Conflict, NotFound


class PlanIncomplete(Conflict):
    slug = "plan-incomplete"
    description = (
        "The composed plan has sections whose service failed or ran out of time, listed in "
        "`unavailable_sections` (each `key`, `title_fi`, `service`, `detail`); nothing was "
        "published. Retry when the services answer, or publish it as it is with "
        '`"force": true` and a `reason`, which the version keeps.'
    )
    members = {
        "unavailable_sections": {
            "type": "array",
            "description": "The sections the plan lacks.",
            "items": {
                "type": "object",
                "properties": {
                    "key": {"type": "string"},
                    "title_fi": {"type": "string"},
                    "service": {"type": "string"},
                    "detail": {"type": "string"},
                },
                "required": ["key", "title_fi", "service", "detail"],
            },
        }
    }

    def __init__(self, unavailable: list[dict[str, str]]) -> None:
        keys = ", ".join(s["key"] for s in unavailable)
        super().__init__(
            f"The plan is incomplete ({keys} unavailable); publish it with force and a reason, "
            "or retry later.",
            extra={"unavailable_sections": unavailable},
        )


class PlanRecordMissing(Conflict):
    slug = "plan-record-missing"
    description = (
        "A version is stored under the area's plan record for the year, and there is none: "
        "create it first (`POST /areas/v1/areas/{area_id}/plans` with the `year` and a "
        "`title`), then publish. `year` is the year asked for."
    )
    members = {"year": {"type": "integer", "description": "The year that has no plan record."}}

    def __init__(self, area_id: str, year: int) -> None:
        super().__init__(
            f"Area '{area_id}' has no plan record for {year}: create it first with "
            f"POST /areas/v1/areas/{area_id}/plans.",
            extra={"year": year},
        )


class PlanVersionNotFound(NotFound):
    slug = "plan-version-not-found"
    description = (
        "The area's plan for the year has no published version with this number (or there is "
        "no plan record for the year at all)."
    )

    def __init__(self, area_id: str, year: int, version: int) -> None:
        super().__init__(f"The {year} plan of area '{area_id}' has no version {version}.")

"""The partners service's problem types: each is served as `/problems/<slug>` by the gateway."""

from collections.abc import Sequence

from servicekit.errors import (
    Conflict,
    FieldError,
    Forbidden,
    NotFound,
    UnprocessableContent,
    listed,
)


class PartnerNotFound(NotFound):
    slug = "partner-not-found"
    description = "No partner organisation has this id."

    def __init__(self, partner_id: int) -> None:
        super().__init__(f"No partner {partner_id}.")


class ContactNotFound(NotFound):
    slug = "contact-not-found"
    description = "The employment area has no contact with this id at this partner."

    def __init__(self, area_id: str, partner_id: int, contact_id: int) -> None:
        super().__init__(f"No contact {contact_id} at partner {partner_id} in area '{area_id}'.")


class CooperationNotFound(NotFound):
    slug = "cooperation-not-found"
    description = "The employment area has no cooperation arrangement with this id."

    def __init__(self, area_id: str, cooperation_id: int) -> None:
        super().__init__(f"No cooperation {cooperation_id} in area '{area_id}'.")


class ServiceNotFound(NotFound):
    slug = "service-not-found"
    description = "The employment area's service inventory has no service with this id."

    def __init__(self, area_id: str, service_id: int) -> None:
        super().__init__(f"No service {service_id} in area '{area_id}'.")


class ProjectNotFound(NotFound):
    slug = "project-not-found"
    description = "The employment area has no project with this id."

    def __init__(self, area_id: str, project_id: int) -> None:
        super().__init__(f"No project {project_id} in area '{area_id}'.")


class ContactsForbidden(Forbidden):
    slug = "contacts-forbidden"
    description = (
        "Contacts at partners are personal data of one employment area: only that area's "
        "planners may read or write them; its viewers, reviewers and admins may not."
    )

    def __init__(self, area_id: str) -> None:
        super().__init__(f"Only the planners of area '{area_id}' may see its contacts.")


class InvalidBusinessId(UnprocessableContent):
    slug = "invalid-business-id"
    description = (
        "`business_id` is no valid Finnish business ID (Y-tunnus): it must be seven digits, "
        "a hyphen and the check digit (weights 7, 9, 10, 5, 8, 4, 2, sum mod 11 = r; r = 0 "
        "gives 0, r = 1 is never issued, else 11 - r). `errors` says which: the form, "
        "remainder 1 or the wrong check digit."
    )

    def __init__(self, reason: str) -> None:
        super().__init__(f"business_id: {reason}.", [FieldError("business_id", reason)])


class UnknownPartner(UnprocessableContent):
    slug = "unknown-partner"
    description = "A field names a partner id that no partner has; `errors` names each field."

    def __init__(self, errors: Sequence[FieldError]) -> None:
        fields = listed(errors)
        super().__init__(f"Partners: {fields}.", errors)


class UnknownMunicipality(UnprocessableContent):
    slug = "unknown-municipality-code"
    description = (
        "A field names a municipality code that the areas service's registry does not have; "
        "`errors` names each field."
    )

    def __init__(self, errors: Sequence[FieldError]) -> None:
        fields = listed(errors)
        super().__init__(f"Municipalities: {fields}.", errors)


class NotAnAreaMember(UnprocessableContent):
    slug = "not-a-member-municipality"
    description = (
        "A field names a municipality that is not a member of the area today (as the areas "
        "service says): a service's provider and the municipalities it reaches must be "
        "members; `errors` names each field."
    )

    def __init__(self, errors: Sequence[FieldError]) -> None:
        fields = listed(errors)
        super().__init__(f"Municipalities: {fields}.", errors)


class UnknownArea(UnprocessableContent):
    slug = "not-another-area"
    description = (
        "`area_ids` names the area itself: cooperation with other employment areas lists "
        "the others (by id); `errors` names each field."
    )

    def __init__(self, errors: Sequence[FieldError]) -> None:
        fields = listed(errors)
        super().__init__(f"Employment areas: {fields}.", errors)


class PartnerInUse(Conflict):
    slug = "partner-in-use"
    description = (
        "The partner is still named by some area's cooperation, services, projects or "
        "contacts (`references` counts them, without saying which areas): those must change "
        "first. Partners are shared by every area, so one area cannot delete another's."
    )
    members = {
        "references": {
            "type": "integer",
            "minimum": 1,
            "description": "How many records still name the partner.",
        }
    }

    def __init__(self, partner_id: int, references: int) -> None:
        super().__init__(
            f"Partner {partner_id} is still named by {references} records.",
            extra={"references": references},
        )

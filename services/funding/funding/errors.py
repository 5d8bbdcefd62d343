"""The funding service's problem types: each is served as `/problems/<slug>` by the gateway."""

from collections.abc import Sequence
from typing import Any, ClassVar

from funding.rules.budget import Finding
from servicekit.errors import (
    Conflict,
    FieldError,
    NotFound,
    UnprocessableContent,
    UnsupportedMediaType,
)

# Money: allocation runs, subsidies, budgets, cost sharing.


class AllocationNotFound(NotFound):
    slug = "allocation-not-found"
    description = "No allocation run has this id."

    def __init__(self, allocation_id: object) -> None:
        super().__init__(f"No allocation run '{allocation_id}'.")


class BadAllocation(UnprocessableContent):
    """DOMAIN.md §2: the inputs of an allocation must fit together."""

    slug = "bad-allocation"
    description = (
        "The allocation's inputs do not fit together: the weights do not sum to exactly 1, "
        "a criterion is given twice, a municipality lacks a value for a criterion (or has "
        "one for a criterion not given), or a criterion's values sum to zero. `errors` "
        "names each criterion or municipality; nothing was stored."
    )

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        super().__init__(
            "The allocation's inputs do not fit together: "
            + "; ".join(message for _, message in problems),
            [FieldError(field, message) for field, message in problems],
        )


class BadSubsidies(UnprocessableContent):
    slug = "bad-subsidies"
    description = (
        "Rows of the subsidies do not fit together: a municipality with the same kind twice, "
        "or an `allocation_id` that names no allocation run of that year. `errors` names "
        "each row; nothing was written."
    )

    def __init__(self, errors: Sequence[FieldError]) -> None:
        super().__init__(
            "Rows of the subsidies do not fit together: " + "; ".join(e.message for e in errors),
            errors,
        )


class BudgetNotFound(NotFound):
    slug = "budget-not-found"
    description = "The area has no budget for this year, or no version with this number."

    def __init__(self, area_id: str, year: int, version: int | None = None) -> None:
        which = f"version {version} of the budget" if version is not None else "budget"
        super().__init__(f"Area '{area_id}' has no {which} for {year}.")


class BenefitCompensationNotFound(NotFound):
    slug = "benefit-compensation-not-found"
    description = (
        "The area has no benefit compensation figures for this year (yet): PUT them first. "
        "An area the token may not read is the generic not-found instead."
    )

    def __init__(self, area_id: str, year: int) -> None:
        super().__init__(f"Area '{area_id}' has no benefit compensation for {year}.")


class BudgetExists(Conflict):
    slug = "budget-exists"
    description = (
        "The area already has a budget for this year. Change its draft with PUT .../lines, "
        "or amend an approved one with POST .../amendments."
    )

    def __init__(self, area_id: str, year: int) -> None:
        super().__init__(f"Area '{area_id}' already has a budget for {year}.")


class BudgetNotDraft(Conflict):
    slug = "budget-not-draft"
    description = (
        "Only a draft's lines change. A proposed or approved version stays as it was; an "
        "approved budget is changed by an amendment (a new draft version), plan §2.1."
    )
    members: ClassVar[dict[str, dict[str, Any]]] = {
        "current_status": {"type": "string", "description": "The latest version's status."}
    }

    def __init__(self, *, version: int, status: str) -> None:
        super().__init__(
            f"Version {version} of the budget is {status}: only a draft's lines change.",
            extra={"current_status": status},
        )


class IllegalBudgetTransition(Conflict):
    slug = "illegal-budget-transition"
    description = (
        "Not the next step of the budget: draft -> proposed -> approved (plan §2.1). "
        "`current_status` and `allowed_statuses` say where it stands."
    )
    members: ClassVar[dict[str, dict[str, Any]]] = {
        "current_status": {"type": "string"},
        "allowed_statuses": {"type": "array", "items": {"type": "string"}},
    }

    def __init__(self, *, current: str, allowed: list[str]) -> None:
        options = ", ".join(allowed) or "none: it is approved (amend it instead)"
        super().__init__(
            f"A {current} budget cannot go to that status; next: {options}.",
            extra={"current_status": current, "allowed_statuses": allowed},
        )


class BudgetHasBlockingFindings(Conflict):
    slug = "budget-has-blocking-findings"
    description = (
        "The budget cannot be approved while it has blocking findings (over the cap, a "
        "member without a preliminary subsidy, no change-security reserve, fewer than two "
        "planning years, members unknown); `findings` lists them."
    )
    members: ClassVar[dict[str, dict[str, Any]]] = {
        "findings": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "code": {"type": "string"},
                    "blocking": {"type": "boolean"},
                    "detail": {"type": "string"},
                    "municipality_code": {"type": ["string", "null"]},
                },
            },
        }
    }

    def __init__(self, findings: Sequence[Finding]) -> None:
        super().__init__(
            "The budget has blocking findings: " + ", ".join(sorted({f.code for f in findings})),
            extra={
                "findings": [
                    {
                        "code": f.code,
                        "blocking": f.blocking,
                        "detail": f.detail,
                        "municipality_code": f.municipality_code,
                    }
                    for f in findings
                ]
            },
        )


class BudgetNotApproved(Conflict):
    slug = "budget-not-approved"
    description = (
        "An amendment copies the approved budget into a new draft version: the latest "
        "version must be approved first (a draft or proposed version is changed directly)."
    )

    def __init__(self, *, version: int, status: str) -> None:
        super().__init__(f"Version {version} of the budget is {status}, not approved.")


class NotLeadMunicipalityArea(Conflict):
    slug = "not-lead-municipality-area"
    description = (
        "Cost sharing by advances and equalisation is for lead-municipality areas "
        "(vastuukuntamalli); a joint municipal authority is funded by its members' "
        "contributions instead."
    )
    members: ClassVar[dict[str, dict[str, Any]]] = {
        "organisation_form": {"type": "string", "description": "The area's form, per areas."}
    }

    def __init__(self, area_id: str, organisation_form: str) -> None:
        super().__init__(
            f"Area '{area_id}' is a {organisation_form}, not a lead-municipality area.",
            extra={"organisation_form": organisation_form},
        )


class NoApprovedBudget(Conflict):
    slug = "no-approved-budget"
    description = "Costs are shared from an approved budget; the year has none yet."

    def __init__(self, area_id: str, year: int) -> None:
        super().__init__(f"Area '{area_id}' has no approved budget for {year}.")


class CostSharingKeyMissing(Conflict):
    slug = "cost-sharing-key-missing"
    description = (
        "A member has no figure for the chosen key (its population in the areas service, "
        "or its TE state subsidy for the year), so the costs cannot be shared by it; "
        "`municipality_codes` names them."
    )
    members: ClassVar[dict[str, dict[str, Any]]] = {
        "municipality_codes": {"type": "array", "items": {"type": "string"}}
    }

    def __init__(self, key: str, codes: Sequence[str]) -> None:
        detail = (
            f"No {key} figure for member(s) {', '.join(codes)}."
            if codes
            else "The area has no members in the year to share the costs among."
        )
        super().__init__(detail, extra={"municipality_codes": list(codes)})


# The unemployment-benefit part (DOMAIN.md §2): staircases, Kela's open data, the balance.


class UnknownStaircase(UnprocessableContent):
    slug = "unknown-staircase"
    description = (
        "No municipal-share staircase has this key; `errors` names the field. The tables are "
        "data: `2025` (from 1.1.2025, the default) and `legacy` (until 2024)."
    )

    def __init__(self, key: str, *, field: str = "staircase", in_: str = "body") -> None:
        message = f"no staircase '{key}'"
        super().__init__(f"{field}: {message}.", [FieldError(field, message, in_=in_)])


class KelaImportNotFound(NotFound):
    slug = "kela-import-not-found"
    description = "No Kela open-data import has this id."

    def __init__(self, import_id: int) -> None:
        super().__init__(f"No Kela import {import_id}.")


class KelaFileNotCsv(UnsupportedMediaType):
    slug = "kela-file-not-csv"
    description = (
        "A Kela import is the file as Kela publishes it: send it as the body with "
        "`Content-Type: text/csv` (UTF-8, with or without a BOM)."
    )


class BadKelaFile(UnprocessableContent):
    """Lines of a Kela file that cannot be read; nothing of the file was stored."""

    slug = "bad-kela-file"
    description = (
        "Lines of the Kela file cannot be read (a wrong header, a field that is not what the "
        "layout says, a cell given twice, a municipality's rows not together), and nothing "
        "of the file was stored. `errors` names each by `line.<n>.<column>` (the header is "
        "line 1; up to 100 listed, `errors_left_out` says how many more), `first_bad_line` "
        "the first."
    )
    members: ClassVar[dict[str, dict[str, Any]]] = {
        "first_bad_line": {"type": "integer", "minimum": 1, "description": "The first bad line."},
        "errors_left_out": {
            "type": "integer",
            "minimum": 1,
            "description": "How many more errors there were than `errors` lists (absent: none).",
        },
    }
    LISTED = 100

    def __init__(self, errors: Sequence[tuple[int, str, str]], total: int) -> None:
        shown = [FieldError(f"line.{line}.{column}", message) for line, column, message in errors]
        first = errors[0][0]
        super().__init__(
            f"{total} bad lines in the Kela file, the first at line {first}; nothing was stored.",
            shown[: self.LISTED],
        )
        self.extra["first_bad_line"] = first
        if total > len(shown[: self.LISTED]):
            self.extra["errors_left_out"] = total - len(shown[: self.LISTED])

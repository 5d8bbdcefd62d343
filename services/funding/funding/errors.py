"""The funding service's problem types: each is served as `/problems/<slug>` by the gateway."""

from collections.abc import Sequence
from typing import Any, ClassVar

from servicekit.errors import (
    FieldError,
    NotFound,
    ServiceUnavailable,
    UnprocessableContent,
    UnsupportedMediaType,
)

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


class AreasUnavailable(ServiceUnavailable):
    slug = "areas-unavailable"
    description = (
        "The areas service, which says who an employment area's members are on a date, gave "
        "no usable answer (it did not answer in time, could not be reached or failed); "
        "`service` names it. Nothing was computed; try again later."
    )
    members: ClassVar[dict[str, dict[str, Any]]] = {
        "service": {"type": "string", "description": "The service that did not answer."}
    }

    def __init__(self, reason: str) -> None:
        super().__init__(f"The areas service {reason}.", extra={"service": "areas"})

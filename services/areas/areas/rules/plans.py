"""Plan records: the status workflow and the canonical form of a published snapshot.

Status: a plan is drafted, submitted (to the members' decision and the ministry) and
approved; each step goes forward only (draft -> submitted -> approved), and an approved
plan is final: a change after approval is a new year's plan or a new snapshot of it.

A snapshot's SHA-256 is taken over its canonical JSON: UTF-8, object keys sorted by code
point at every level, no whitespace between tokens (`","` and `":"`), non-ASCII characters
as themselves (not `\\u` escapes), numbers as Python's `json` module writes them (integers
in full, floats in their shortest round-tripping form), NaN and infinities refused. It is
close to RFC 8785 (JCS) but not identical: JCS formats numbers as ECMAScript does and sorts
keys by UTF-16 code units.
"""

import hashlib
import json
from enum import StrEnum
from typing import Any


class PlanStatus(StrEnum):
    draft = "draft"
    submitted = "submitted"
    approved = "approved"


NEXT_STATUSES: dict[PlanStatus, tuple[PlanStatus, ...]] = {
    PlanStatus.draft: (PlanStatus.submitted,),
    PlanStatus.submitted: (PlanStatus.approved,),
    PlanStatus.approved: (),
}


def may_transition(current: PlanStatus, target: PlanStatus) -> bool:
    return target in NEXT_STATUSES[current]


def sections_editable(status: PlanStatus) -> bool:
    """An approved plan's text is what was approved: its sections no longer change."""
    return status is not PlanStatus.approved


def canonical_json(document: Any) -> str:
    """The canonical serialisation described above; ValueError for NaN or an infinity."""
    return json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def sha256_hex(canonical: str) -> str:
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

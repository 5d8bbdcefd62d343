"""Submitting a published version of the approved organisation plan to the national platform.

The version is read from the areas service, which stores published versions for good
(`.../plans/{id}/snapshots/{n}`: the document and the SHA-256 of its canonical JSON), as the
caller, so the caller's rights apply. It is sent once, with an idempotency key made of the
area, year, version and SHA-256: submitting the same version again sends the same key, and
the platform answers its first receipt instead of storing it twice.
"""

import hashlib
import json
from typing import Any

from caseload.errors import PlanVersionNotApproved
from caseload.integrations.keha import KehaPlanSubmission, KehaPlatform, KehaReceipt
from servicekit.errors import DependencyUnavailable, NotFound
from servicekit.peers import PeerCalls, PeerUnavailable

APPROVED = "approved"


def idempotency_key(area_id: str, year: int, version: int, sha256: str) -> str:
    return f"alue:{area_id}:plan:{year}:v{version}:{sha256}"


def canonical_sha256(document: Any) -> str:
    """As the areas service hashes a snapshot: sorted keys, no whitespace, UTF-8."""
    canonical = json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


async def _areas(calls: PeerCalls, path: str, params: dict[str, str] | None = None) -> Any:
    try:
        reply = await calls.get("areas", path, params=params)
    except PeerUnavailable as exc:
        raise exc.problem() from exc
    if reply.status == 404:
        return None
    if not reply.ok:
        raise DependencyUnavailable("areas", f"answered {reply.status}")
    return reply.body


async def published_version(
    calls: PeerCalls, *, area_id: str, year: int, version: int
) -> dict[str, Any]:
    plans = await _areas(calls, f"/v1/areas/{area_id}/plans", {"limit": "500"})
    if plans is None:
        raise NotFound(f"No employment area '{area_id}'.")
    plan_id = next((p["id"] for p in plans["items"] if p["year"] == year), None)
    if plan_id is None:
        raise NotFound(f"Area '{area_id}' has no plan record for {year}.")
    path = f"/v1/areas/{area_id}/plans/{plan_id}/snapshots/{version}"
    snapshot = await _areas(calls, path)
    if snapshot is None:
        raise NotFound(f"The {year} plan of '{area_id}' has no published version {version}.")
    result: dict[str, Any] = snapshot
    return result


async def submit_plan(
    calls: PeerCalls, platform: KehaPlatform, *, area_id: str, year: int, version: int
) -> tuple[KehaReceipt, str]:
    snapshot = await published_version(calls, area_id=area_id, year=year, version=version)
    if snapshot["plan_status"] != APPROVED:
        raise PlanVersionNotApproved(version, snapshot["plan_status"])
    sha256 = snapshot["sha256"]
    if canonical_sha256(snapshot["document"]) != sha256:
        raise DependencyUnavailable("areas", "answered a document that does not match its SHA-256")
    key = idempotency_key(area_id, year, version, sha256)
    submission = KehaPlanSubmission(
        year=year, version=version, sha256=sha256, snapshot=snapshot["document"]
    )
    return await platform.submit_plan(submission, key), key

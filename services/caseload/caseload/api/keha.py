"""Routes of the KEHA national platform: the import for schedulers and the plan submission.

`POST .../imports/keha` reads customer counts (months `from`..`to`) and the staff transfer
list (positions starting in those months) from the platform over X-Road and writes them in
one transaction, reporting what was new, changed, unchanged and rejected. `POST
.../submissions/keha` sends a published version of the approved plan. Both are for the
area's planners and admins; an area without a configured connection is 409.
"""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Request

from caseload.api.deps import AreaWriter, Session
from caseload.api.params import AreaIdPath
from caseload.errors import KehaNotConfigured, PlanVersionNotApproved, XRoadError
from caseload.integrations.keha import KehaConnector, KehaPlatform
from caseload.rules.months import Month
from caseload.schemas.keha import (
    ImportCountsRead,
    KehaImportCreate,
    KehaImportRead,
    KehaImportWhat,
    KehaSubmissionCreate,
    KehaSubmissionRead,
)
from caseload.service import imports, submissions
from servicekit.errors import (
    DependencyUnavailable,
    FieldError,
    NotFound,
    UnprocessableContent,
    raises,
)
from servicekit.peers import AsCaller

router = APIRouter(tags=["keha"])


async def keha_platform(
    request: Request, area_id: AreaIdPath, _: AreaWriter
) -> AsyncIterator[KehaPlatform]:
    """The area's platform over its security server, for this request (after the access
    check: anyone else's 404 comes first)."""
    connector: KehaConnector = request.app.state.keha
    async with connector.client(area_id) as client:
        yield connector.platform(area_id, client)


Keha = Annotated[KehaPlatform, Depends(keha_platform)]


def _counts(counts: imports.ImportCounts | None) -> ImportCountsRead | None:
    if counts is None:
        return None
    return ImportCountsRead.model_validate(
        {
            **vars(counts),
            "rejected": counts.rejected,
            "rejections": [vars(r) for r in counts.rejections],
        }
    )


@router.post("/areas/{area_id}/imports/keha")
@raises(NotFound, KehaNotConfigured, XRoadError, DependencyUnavailable)
async def import_from_keha(
    area_id: AreaIdPath,
    body: KehaImportCreate,
    session: Session,
    calls: AsCaller,
    _: AreaWriter,
    platform: Keha,
) -> KehaImportRead:
    """Imports the months' customer counts and the staff transfer list, all or nothing.

    The same months again change nothing (all `unchanged`). A month or position that breaks
    the rules is `rejected` with its reasons and not written; the rest is. A failure of the
    platform (`xroad-error`, `dependency-unavailable`) writes nothing at all.
    """
    first, last = Month.parse(body.from_month), Month.parse(body.to_month)
    if last < first:
        raise UnprocessableContent(
            "The range ends before it starts.", [FieldError("to", "must not be before from")]
        )
    customers = staff = None
    if body.what in (None, KehaImportWhat.customers):
        customers = await imports.import_customers(
            session, calls, platform, area_id=area_id, first=first, last=last,
            source=imports.source_of("customer-counts"),
        )  # fmt: skip
    if body.what in (None, KehaImportWhat.staff):
        staff = await imports.import_staff(
            session, calls, platform, area_id=area_id, first=first.first_day, last=last.last_day
        )
    return KehaImportRead(
        area_id=area_id,
        from_month=str(first),
        to_month=str(last),
        customers=_counts(customers),
        staff=_counts(staff),
    )


@router.post("/areas/{area_id}/submissions/keha")
@raises(NotFound, KehaNotConfigured, PlanVersionNotApproved, XRoadError, DependencyUnavailable)
async def submit_plan_to_keha(
    area_id: AreaIdPath,
    body: KehaSubmissionCreate,
    calls: AsCaller,
    _: AreaWriter,
    platform: Keha,
) -> KehaSubmissionRead:
    """Sends published version `version` of the approved `year` plan (its document and
    SHA-256, read from the areas service) to the national platform, once, with an
    idempotency key of the area, year, version and SHA-256: the same version again is
    answered from the platform's first receipt (`replayed: true`)."""
    receipt, key = await submissions.submit_plan(
        calls, platform, area_id=area_id, year=body.year, version=body.version
    )
    return KehaSubmissionRead(
        area_id=area_id,
        year=receipt.year,
        version=receipt.version,
        sha256=receipt.sha256,
        submission_id=receipt.submission_id,
        received_at=receipt.received_at,
        replayed=receipt.replayed,
        idempotency_key=key,
    )

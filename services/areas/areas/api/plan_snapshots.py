"""Routes for a plan's published snapshots: create, list and read; never change or delete.

`POST .../snapshots` with `{"document": {...}}` stores the document as the plan's next
version (1, 2, ...) with the SHA-256 of its canonical JSON (see `areas.rules.plans`) and the
plan's status at that moment. PUT, PATCH and DELETE on a snapshot answer 405; below the API
a trigger refuses UPDATE, DELETE and TRUNCATE on the table.
"""

from fastapi import APIRouter, Request, Response, status

from areas.api.deps import AreaReader, IdempotentAreaWriter, Session
from areas.api.params import AreaIdPath, RowId
from areas.errors import AreaNotFound, PlanNotFound, SnapshotImmutable, SnapshotNotFound
from areas.schemas.plans import SnapshotCreate, SnapshotRead, SnapshotSummary
from areas.service import plans as service
from servicekit.errors import raises
from servicekit.http import ETagged, ETaggedWrite, FreshRead, Page, PageParams
from servicekit.idempotency import IdempotentRoute
from servicekit.links import public_path

router = APIRouter(tags=["plans"], route_class=IdempotentRoute)

SNAPSHOTS = "/areas/{area_id}/plans/{plan_id}/snapshots"


def _snapshot_read(snapshot: object, answer: ETagged) -> SnapshotRead:
    read = SnapshotRead.model_validate(snapshot)
    # The document's own hash: the same version has the same ETag forever.
    return answer.respond(read, etag=f'"{read.sha256}"')


@router.post(SNAPSHOTS, status_code=status.HTTP_201_CREATED)
@raises(AreaNotFound, PlanNotFound)
async def publish_snapshot(
    area_id: AreaIdPath,
    plan_id: RowId,
    body: SnapshotCreate,
    request: Request,
    response: Response,
    session: Session,
    principal: IdempotentAreaWriter,
    written: ETaggedWrite,
) -> SnapshotRead:
    """Stores `document` for good as the plan's next version (1, 2, ...).

    `sha256` is the hex SHA-256 of the canonical JSON of the document: UTF-8, object keys
    sorted by code point, no whitespace (separators `,` and `:`), non-ASCII characters
    unescaped, numbers as Python's json module writes them; NaN and infinities are 422.
    A snapshot is never changed or deleted (PUT, PATCH, DELETE: 405).
    """
    plan = await service.get_plan(session, area_id=area_id, plan_id=plan_id, for_update=True)
    snapshot = await service.publish_snapshot(
        session, plan=plan, document=body.document, published_by=principal.sub
    )
    path = f"/v1{SNAPSHOTS}/{snapshot.version}".format(area_id=area_id, plan_id=plan_id)
    response.headers["Location"] = public_path(request, path)
    return _snapshot_read(snapshot, written)


@router.get(SNAPSHOTS)
@raises(AreaNotFound, PlanNotFound)
async def list_snapshots(
    area_id: AreaIdPath, plan_id: RowId, session: Session, _: AreaReader, page: PageParams
) -> Page[SnapshotSummary]:
    """Summaries (no documents) in version order."""
    plan = await service.get_plan(session, area_id=area_id, plan_id=plan_id)
    rows = await service.list_snapshots(session, plan=plan, page=page.keyset(int))
    return page.build(SnapshotSummary, rows, key=lambda s: (s.version,))


@router.get(SNAPSHOTS + "/{version}")
@raises(AreaNotFound, PlanNotFound, SnapshotNotFound)
async def get_snapshot(
    area_id: AreaIdPath,
    plan_id: RowId,
    version: RowId,
    session: Session,
    _: AreaReader,
    fresh: FreshRead,
) -> SnapshotRead:
    """One published version with its document; its ETag is the document's SHA-256."""
    plan = await service.get_plan(session, area_id=area_id, plan_id=plan_id)
    return _snapshot_read(await service.get_snapshot(session, plan=plan, version=version), fresh)


@router.api_route(
    SNAPSHOTS + "/{version}", methods=["PUT", "PATCH", "DELETE"], include_in_schema=False
)
@raises(SnapshotImmutable)
async def refuse_snapshot_change(
    area_id: AreaIdPath, plan_id: RowId, version: RowId, _: AreaReader
) -> None:
    """A published snapshot is immutable: 405 (after the usual 404 for outsiders)."""
    raise SnapshotImmutable()

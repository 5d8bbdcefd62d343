"""Routes for Kela's open data on the municipal share of unemployment benefits.

An admin imports Kela's file as published; the figures are public, so any valid token
reads the imports (their counts and reconciliation checks).
"""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response, status

from funding.errors import BadKelaFile, KelaFileNotCsv, KelaImportNotFound
from funding.models import KelaImport
from funding.rules.kela_file import HEADER, TOLERANCE_EUR
from funding.schemas.benefits import KelaCheckMismatch, KelaChecks, KelaImportRead, KelaPeriod
from funding.service import kela_imports as service
from servicekit.auth import Principal, current_principal, require_role
from servicekit.bodies import LARGEST_BODY_LIMIT, body_limit
from servicekit.db import DbSession
from servicekit.errors import raises
from servicekit.fields import PlainText
from servicekit.http import Page, PageParams, encode_cursor
from servicekit.links import public_path

router = APIRouter(prefix="/unemployment-benefit/kela-imports", tags=["unemployment benefits"])

AnyReader = Annotated[Principal, Depends(current_principal)]
Admin = Annotated[Principal, Depends(require_role("admin"))]
ImportId = Annotated[int, Path(ge=1, le=2_147_483_647)]
DEFAULT_SOURCE = "Kela open data: the municipal share of unemployment benefits (as uploaded)"

_CSV_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "Kela's file as published: UTF-8 (with or without a BOM), `;`-separated, "
        f"the header `{';'.join(HEADER)}`",
        "content": {
            "text/csv": {
                "schema": {"type": "string"},
                "example": f"{';'.join(HEADER)}\n"
                "Kuukausi;2025;10;202510;009;Peruspäiväraha;101-200;4;334.89\n"
                "Kuukausi;2025;10;202510;009;Peruspäiväraha;201-300;1;148.84\n"
                "Kuukausi;2025;10;202510;009;Peruspäiväraha;Yhteensä;5;483.73\n",
            }
        },
    }
}


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    openapi_extra=_CSV_BODY,
    responses={200: {"model": KelaImportRead, "description": "The same file, imported before"}},
)
@raises(KelaFileNotCsv, BadKelaFile)
@body_limit(LARGEST_BODY_LIMIT)  # a national file is about 9 MB a year (bench_kela_import)
async def import_kela_file(
    request: Request,
    response: Response,
    session: DbSession,
    principal: Admin,
    source: Annotated[
        PlainText | None,
        Query(min_length=1, max_length=2000, description="Where the file comes from"),
    ] = None,
) -> KelaImportRead:
    """Imports Kela's file, streamed: checked and stored in one transaction, or not at all.

    Checks (reported, not refused): each benefit's day classes add up to its `Yhteensä`
    row and each class's benefits to the `etuus = Yhteensä` row, within 0.02 €. A line that
    cannot be read is 422 naming it; nothing is stored. The same file again (by SHA-256)
    answers its first import with 200.
    """
    _require_csv(request)
    kela_import, created = await service.import_kela_file(
        session, body=request.stream(), source=source or DEFAULT_SOURCE, imported_by=principal.sub
    )
    response.headers["Location"] = public_path(
        request, f"/v1/unemployment-benefit/kela-imports/{kela_import.id}"
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    return import_read(kela_import, with_mismatches=True)


@router.get("")
async def list_kela_imports(
    session: DbSession, _: AnyReader, page: PageParams
) -> Page[KelaImportRead]:
    """Imports, newest first, with their counts and whether their checks passed."""
    rows = await service.list_imports(session, page=page.keyset(int))
    shown = rows[: page.limit]
    next_cursor = None
    if len(rows) > page.limit and shown:
        next_cursor = encode_cursor([shown[-1].order_key])
        page.link_next(next_cursor)
    items = [import_read(row, with_mismatches=False) for row in shown]
    return Page[KelaImportRead](items=items, next_cursor=next_cursor)


@router.get("/{import_id}")
@raises(KelaImportNotFound)
async def get_kela_import(import_id: ImportId, session: DbSession, _: AnyReader) -> KelaImportRead:
    """One import with every mismatch its checks found."""
    kela_import = await service.get_import(session, import_id=import_id)
    return import_read(kela_import, with_mismatches=True)


def _require_csv(request: Request) -> None:
    media_type, _, parameters = request.headers.get("content-type", "").partition(";")
    charset = parameters.strip().lower().removeprefix("charset=").strip('"')
    if media_type.strip().lower() != "text/csv" or charset not in ("", "utf-8", "utf8"):
        raise KelaFileNotCsv("Send Kela's file as the body with Content-Type: text/csv (UTF-8).")


def import_read(kela_import: KelaImport | Any, *, with_mismatches: bool) -> KelaImportRead:
    mismatches = kela_import.mismatches
    return KelaImportRead(
        id=kela_import.id,
        sha256=kela_import.sha256,
        source=kela_import.source,
        imported_by=kela_import.imported_by,
        imported_at=kela_import.imported_at,
        bytes=kela_import.byte_count,
        lines=kela_import.line_count,
        rows=kela_import.row_count,
        detail_rows=kela_import.detail_row_count,
        subtotal_rows=kela_import.subtotal_row_count,
        municipalities=kela_import.municipality_count,
        periods=[KelaPeriod.model_validate(p) for p in kela_import.periods],
        municipal_share_eur=kela_import.municipal_share_eur,
        checks=KelaChecks(
            passed=kela_import.checks_passed,
            tolerance_eur=TOLERANCE_EUR,
            day_class_groups=kela_import.day_class_groups,
            benefit_groups=kela_import.benefit_groups,
            mismatch_count=len(mismatches),
            mismatches=[KelaCheckMismatch.model_validate(m) for m in mismatches]
            if with_mismatches
            else None,
        ),
    )

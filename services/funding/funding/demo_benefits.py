"""Demo data of the unemployment-benefit part: Kela's real 2025 figures for the ten Kymppi
municipalities (demo/SOURCES.md), imported as an admin would, idempotently (the same file is
recognised by its SHA-256 and not imported twice)."""

from collections.abc import AsyncIterator
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from funding.models import KelaImport
from funding.service.kela_imports import import_kela_file

KYMPPI_KELA_FILE = Path(__file__).parent / "demo" / "kela_share_2025_kymppi_year.csv"
KYMPPI_KELA_SOURCE = (
    "Kela open data, the municipal share of unemployment benefits 2025 (year to date through "
    "December), the ten Kymppi municipalities; via github.com/mikkokesa/tyottomyysturvatyokalu "
    "mk_kela_osarahoittama_kunnittain_2025.csv (commit fd0bb91)"
)
CHUNK_BYTES = 64 * 1024


async def _chunks(path: Path) -> AsyncIterator[bytes]:
    with path.open("rb") as f:
        while chunk := f.read(CHUNK_BYTES):
            yield chunk


async def load_benefit_demo(session: AsyncSession) -> tuple[KelaImport, bool]:
    """Imports the Kymppi 2025 file unless it is already there (then False); the caller
    commits."""
    return await import_kela_file(
        session,
        body=_chunks(KYMPPI_KELA_FILE),
        source=KYMPPI_KELA_SOURCE,
        imported_by="alue-demo",
    )

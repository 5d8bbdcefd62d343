"""For the tests: Kela's files as they send them, and figures computed from them with the
csv module alone (independently of the service's own reading)."""

import csv
import io
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

DEMO_DIR = Path(__file__).parent / "demo"
KYMPPI_YEAR = DEMO_DIR / "kela_share_2025_kymppi_year.csv"
MONTHLY_SAMPLE = DEMO_DIR / "kela_share_2025_monthly_sample.csv"
KELA_TOTAL = "Yhteensä"
CSV = {"Content-Type": "text/csv"}


def kela_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def detail_sum(path: Path, **match: str) -> Decimal:
    """Kela's detail rows (one benefit, one day class) matching `match` (columns), summed."""
    return sum(
        (
            Decimal(r["kuntaosuus_eur"])
            for r in kela_rows(path.read_bytes())
            if KELA_TOTAL not in (r["etuus"], r["kertymaluokka"])
            and all(r[k] == v for k, v in match.items())
        ),
        Decimal(0),
    )


def subtotal_recipients(
    path: Path, code: str, benefit: str = KELA_TOTAL, day_class: str = KELA_TOTAL
) -> int:
    """`saajat` of a `Yhteensä` row of municipality `code`."""
    for r in kela_rows(path.read_bytes()):
        if (r["kunta_nro"], r["etuus"], r["kertymaluokka"]) == (code, benefit, day_class):
            return int(r["saajat"])
    raise KeyError((code, benefit, day_class))


async def in_chunks(content: bytes, size: int) -> AsyncIterator[bytes]:
    for start in range(0, len(content), size):
        yield content[start : start + size]

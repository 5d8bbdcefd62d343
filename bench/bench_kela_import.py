"""A national year of Kela's open data imported through the HTTP route, streamed.

    .venv/bin/python -m bench.bench_kela_import [--json FILE]

Uses DATABASE_URL if set, otherwise an embedded PostgreSQL in a throw-away folder; creates a
fresh database and runs the funding migrations as the service's own role. The funding
service then runs in a process of its own (uvicorn, one worker, loopback), so that its
memory is measured alone: the benchmark reads its resident set from /proc before each
upload, resets its peak (`/proc/<pid>/clear_refs`, 5) and reads the peak (VmHWM) after.

The file is generated in Kela's published layout from the monthly sample
(`services/funding/funding/demo/kela_share_2025_monthly_sample.csv`: 37 municipality
blocks of October 2025): every mainland municipality (292, codes from the areas demo
data) gets one of the sample's blocks, unchanged, for each month 1-12, once as `Kuukausi`
and once as `Vuosikertymä`, so every subtotal still reconciles (about 147,000 rows, 9 MB,
close to the 149,829 rows of Kela's 2025 file). It is written to a temporary file and sent
from there in 64 KiB chunks, so the client does not hold it either.

Measured: the first import (201), the same file again (200, nothing stored), and the file
with one more trailing newline (another SHA-256, so a second full import): wall time and
the service's peak RSS growth, and the progress lines the service logged.
Targets: <= 10 s and <= 50 MB peak memory growth for the first import.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx

from funding.config import DB_ROLE, MIGRATIONS_DIR, SCHEMA, FundingSettings
from servicekit import provision
from servicekit.auth import mint_token
from servicekit.embedded import start_embedded
from servicekit.migrations import upgrade

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "services/funding/funding/demo/kela_share_2025_monthly_sample.csv"
MUNICIPALITIES = ROOT / "services/areas/areas/demo/municipalities_mainland.csv"
TARGETS = {"import_s_max": 10.0, "peak_rss_growth_mb_max": 50.0}
SECRET = "bench-secret-for-the-kela-import-benchmark-0123456789"
CHUNK = 64 * 1024


def sample_blocks() -> tuple[str, list[list[list[str]]]]:
    """The sample's header and its municipality blocks (rows split into fields)."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    blocks: dict[str, list[list[str]]] = {}
    for line in lines[1:]:
        fields = line.split(";")
        blocks.setdefault(fields[4], []).append(fields)
    return lines[0], list(blocks.values())


def write_national_file(path: Path) -> int:
    header, blocks = sample_blocks()
    with MUNICIPALITIES.open(encoding="utf-8") as f:
        codes = sorted(row["code"] for row in csv.DictReader(f))
    rows = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(header + "\n")
        for kind in ("Kuukausi", "Vuosikertymä"):
            for month in range(12, 0, -1):
                for index, code in enumerate(codes):
                    for fields in blocks[(index + month) % len(blocks)]:
                        cells = [kind, "2025", str(month), f"2025{month:02d}", code, *fields[5:]]
                        out.write(";".join(cells) + "\n")
                        rows += 1
    return rows


def rss_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} for {pid}")


def reset_peak(pid: int) -> bool:
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


async def chunks(path: Path) -> AsyncIterator[bytes]:
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            yield chunk


async def upload(http: httpx.AsyncClient, token: str, path: Path, pid: int) -> dict[str, Any]:
    before = rss_kb(pid, "VmRSS")
    peak_reset = reset_peak(pid)
    started = time.perf_counter()
    answer = await http.post(
        "/v1/unemployment-benefit/kela-imports",
        content=chunks(path),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "text/csv"},
        timeout=300,
    )
    elapsed = time.perf_counter() - started
    body = answer.json()
    peak = rss_kb(pid, "VmHWM")
    return {
        "status": answer.status_code,
        "seconds": round(elapsed, 2),
        "rows": body.get("rows"),
        "checks_passed": body.get("checks", {}).get("passed"),
        "import_id": body.get("id"),
        "rss_before_mb": round(before / 1024, 1),
        "peak_rss_mb": round(peak / 1024, 1),
        "peak_rss_growth_mb": round((peak - before) / 1024, 1) if peak_reset else None,
    }


def start_service(url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "FUNDING_DATABASE_URL": url,
        "ALUE_JWT_SECRET": SECRET,
        "ALUE_DEV_MODE": "false",
    }
    code = (
        "import uvicorn; from funding.main import build_app; "
        f"uvicorn.run(build_app(), host='127.0.0.1', port={port}, log_config=None)"
    )
    with log.open("wb") as sink:
        return subprocess.Popen([sys.executable, "-c", code], env=env, stderr=sink)


async def wait_ready(base: str, process: subprocess.Popen[bytes]) -> None:
    async with httpx.AsyncClient(base_url=base) as http:
        for _ in range(200):
            if process.poll() is not None:
                raise RuntimeError("the funding service exited")
            try:
                if (await http.get("/readyz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("the funding service did not become ready")


async def measure(url: str, scratch: Path) -> dict[str, Any]:
    national = scratch / "kela_national_2025.csv"
    rows = write_national_file(national)
    changed = scratch / "kela_national_2025_again.csv"
    changed.write_bytes(national.read_bytes() + b"\n")
    settings = FundingSettings.model_validate(
        {"database_url": url, "ALUE_JWT_SECRET": SECRET, "ALUE_DEV_MODE": "false"}
    )
    token = mint_token(settings, sub="bench", roles=["admin"], areas=[], ttl_seconds=3600)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    log = scratch / "funding.log"
    process = start_service(url, port, log)
    base = f"http://127.0.0.1:{port}"
    try:
        await wait_ready(base, process)
        async with httpx.AsyncClient(base_url=base) as http:
            first = await upload(http, token, national, process.pid)
            same = await upload(http, token, national, process.pid)
            another = await upload(http, token, changed, process.pid)
    finally:
        process.terminate()
        process.wait(timeout=10)
    progress = [
        json.loads(line)["message"]
        for line in log.read_text(encoding="utf-8").splitlines()
        if '"funding.kela_import"' in line
    ]
    return {
        "generated_rows": rows,
        "file_mb": round(national.stat().st_size / 1e6, 2),
        "first_import": first,
        "same_file_again": same,
        "another_file": another,
        "progress_log": progress,
    }


async def run(admin_url: str, scratch: Path) -> dict[str, Any]:
    name = f"alue_bench_{uuid.uuid4().hex[:8]}"
    await provision.create_database(admin_url, name)
    try:
        database_url = provision.with_database(admin_url, name)
        await provision.ensure_service_role(database_url, role=DB_ROLE, schema=SCHEMA)
        url = provision.role_url(database_url, DB_ROLE, None)
        await asyncio.to_thread(upgrade, MIGRATIONS_DIR, url, SCHEMA)
        return await measure(url, scratch)
    finally:
        await provision.drop_database(admin_url, name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    given = os.environ.get("DATABASE_URL")
    with tempfile.TemporaryDirectory(prefix="alue-bench-") as scratch:
        server = None
        if given:
            admin_url = given
        else:
            admin_url, server = start_embedded(Path(scratch) / "pgdata")
        try:
            results = asyncio.run(run(admin_url, Path(scratch)))
        finally:
            if server is not None:
                server.cleanup()
    first = results["first_import"]
    growth = first["peak_rss_growth_mb"]
    results["targets"] = TARGETS
    results["met"] = {
        "import_s": first["seconds"] <= TARGETS["import_s_max"],
        "peak_rss_growth_mb": growth is not None and growth <= TARGETS["peak_rss_growth_mb_max"],
    }
    results["machine"] = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "database": "DATABASE_URL" if given else "embedded pgserver",
    }
    print(json.dumps(results, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()

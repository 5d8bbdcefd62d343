"""Closed-loop HTTP load on a loopback URL: wrk when installed, else a small asyncio client.

Both keep `connections` keep-alive connections busy for `duration` seconds and
report throughput, latency percentiles and errors (non-2xx answers, socket
errors and timeouts). Only loopback addresses are accepted: a benchmark here
must never send traffic anywhere else.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import shutil
import socket
import subprocess
import time
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

# The asyncio client's own ceiling, so a run stays bounded even if the server is very fast.
MAX_REQUESTS_PER_CONNECTION = 200_000
SOCKET_TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True)
class LoadResult:
    tool: str
    url: str
    connections: int
    duration_s: float
    requests: int
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    errors: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def require_loopback(url: str) -> tuple[str, int, str]:
    """(host, port, path-and-query) of a loopback http URL; anything else is refused."""
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname is None:
        raise ValueError(f"only http URLs: {url}")
    address = ipaddress.ip_address(socket.gethostbyname(parts.hostname))
    if not address.is_loopback:
        raise ValueError(f"load is sent to loopback addresses only, not {parts.hostname}")
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return parts.hostname, parts.port or 80, path


def run_load(
    url: str, *, headers: dict[str, str], connections: int, duration: float, tool: str = "auto"
) -> LoadResult:
    require_loopback(url)
    use_wrk = tool == "wrk" or (tool == "auto" and shutil.which("wrk") is not None)
    if use_wrk:
        return run_wrk(url, headers=headers, connections=connections, duration=duration)
    load = run_asyncio(url, headers=headers, connections=connections, duration=duration)
    return asyncio.run(load)


def run_wrk(url: str, *, headers: dict[str, str], connections: int, duration: float) -> LoadResult:
    # One wrk thread: on a 2-core machine the server under test needs the other core.
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration:g}s", "--latency", "--timeout", "5s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=duration + 30
    ).stdout
    return parse_wrk(output, url=url, connections=connections, duration=duration)


_WRK_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse_wrk(output: str, *, url: str, connections: int, duration: float) -> LoadResult:
    def latency(percent: str) -> float:
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
        if match is None:
            raise ValueError(f"no {percent}% latency in wrk output:\n{output}")
        return float(match.group(1)) * _WRK_UNITS_MS[match.group(2)]

    requests = re.search(r"(\d+) requests in ([\d.]+)(ms|s|m)", output)
    if requests is None:
        raise ValueError(f"no request count in wrk output:\n{output}")
    elapsed_s = float(requests.group(2)) * _WRK_UNITS_MS[requests.group(3)] / 1000
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    errors += sum(int(n) for n in sockets.groups()) if sockets else 0
    count = int(requests.group(1))
    return LoadResult(
        tool="wrk",
        url=url,
        connections=connections,
        duration_s=round(elapsed_s, 2),
        requests=count,
        requests_per_s=round(count / elapsed_s, 1),
        p50_ms=round(latency("50"), 2),
        p99_ms=round(latency("99"), 2),
        errors=errors,
    )


@dataclass
class _Tally:
    latencies: list[float]
    errors: int = 0


async def run_asyncio(
    url: str, *, headers: dict[str, str], connections: int, duration: float
) -> LoadResult:
    host, port, target = require_loopback(url)
    lines = [f"GET {target} HTTP/1.1", f"Host: {host}:{port}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    tally = _Tally(latencies=[])
    started = time.perf_counter()
    deadline = started + duration
    await asyncio.gather(
        *(_connection_loop(host, port, request, deadline, tally) for _ in range(connections))
    )
    elapsed = time.perf_counter() - started
    ordered = sorted(tally.latencies)
    return LoadResult(
        tool="python-asyncio",
        url=url,
        connections=connections,
        duration_s=round(elapsed, 2),
        requests=len(ordered),
        requests_per_s=round(len(ordered) / elapsed, 1),
        p50_ms=round(_percentile(ordered, 0.50) * 1000, 2),
        p99_ms=round(_percentile(ordered, 0.99) * 1000, 2),
        errors=tally.errors,
    )


async def _connection_loop(
    host: str, port: int, request: bytes, deadline: float, tally: _Tally
) -> None:
    stream: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
    for _ in range(MAX_REQUESTS_PER_CONNECTION):
        if time.perf_counter() >= deadline:
            break
        sent = time.perf_counter()
        try:
            if stream is None:
                stream = await asyncio.open_connection(host, port)
            status = await asyncio.wait_for(
                _exchange(*stream, request), timeout=SOCKET_TIMEOUT_SECONDS
            )
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
            tally.errors += 1
            _close(stream)
            stream = None
            continue
        tally.latencies.append(time.perf_counter() - sent)
        if not 200 <= status < 400:
            tally.errors += 1
    _close(stream)


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> int:
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    match = re.search(rb"\r\ncontent-length:\s*(\d+)", head, re.IGNORECASE)
    if match is None:
        raise ValueError("a response without Content-Length")
    await reader.readexactly(int(match.group(1)))
    return status


def _close(stream: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None) -> None:
    if stream is not None:
        stream[1].close()


def _percentile(ordered: list[float], fraction: float) -> float:
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]

"""The municipality page: on the areas service, through the gateway and on the floor app.

    .venv/bin/python -m bench.bench_gateway [--duration 15] [--connections 32] [--json FILE]

Starts the whole system the way `alue run` does (alue.launcher.run: embedded PostgreSQL,
or DATABASE_URL; migrations; demo data; one uvicorn worker per service; the gateway),
with its state in a throw-away folder so that a developer's `.alue/` is left alone.
It boots twice: the first boot creates the database, the second is the warm start that
is timed. Then it records each process's idle memory and puts
`GET /areas/v1/municipalities?limit=50` under closed-loop load on loopback, first on the
service, then through the gateway, then on the floor app (bench.bench_floor: the same rows
from Starlette, raw asyncpg and orjson, started next to the system on the same database).
See bench/README.md for targets and results.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import psutil

from alue.processes import free_port
from alue.system import default_ports
from bench.loadgen import run_load
from servicekit.auth import mint_token
from servicekit.settings import AuthSettings

PAGE = "/v1/municipalities?limit=50"
SERVICE = "areas"
TARGETS = {
    "service_rps_min": 250.0,
    "gateway_rps_ratio_min": 0.45,
    "gateway_p99_ratio_max": 2.0,
    "errors_max": 0,
    "warm_ready_s_max": 15.0,
    "idle_rss_mb_max": 150.0,
    "service_cpu_ms_max": 0.6,
    "floor_ratio_max": 3.5,
}
BOOT = """
import json, sys
from pathlib import Path
from alue.launcher import RunOptions, run
ports = json.loads(sys.argv[2])
raise SystemExit(run(RunOptions(state_dir=Path(sys.argv[1]), database="alue", ports=ports)))
"""


def boot(state_dir: Path, ports: dict[str, int], env: dict[str, str]) -> subprocess.Popen[bytes]:
    log = (state_dir / "run.log").open("ab")
    return subprocess.Popen(
        [sys.executable, "-c", BOOT, str(state_dir), json.dumps(ports)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_ready(run: subprocess.Popen[bytes], ports: dict[str, int], timeout: float) -> float:
    """Seconds from now until every process answers /readyz 200 (the caller just started it)."""
    started = time.monotonic()
    pending = set(ports)
    with httpx.Client(timeout=2.0) as client:
        while pending:
            if run.poll() is not None:
                raise RuntimeError(f"the system exited with {run.returncode}; see run.log")
            if time.monotonic() - started > timeout:
                raise RuntimeError(f"not ready within {timeout} s: {sorted(pending)}")
            for name in list(pending):
                try:
                    ready = client.get(f"http://127.0.0.1:{ports[name]}/readyz").status_code
                except httpx.HTTPError:
                    continue
                if ready == 200:
                    pending.discard(name)
            time.sleep(0.05)
    return time.monotonic() - started


def stop(run: subprocess.Popen[bytes]) -> None:
    if run.poll() is None:
        run.send_signal(signal.SIGTERM)
        try:
            run.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()


def uvicorn_children(run: subprocess.Popen[bytes], ports: dict[str, int]) -> dict[str, Any]:
    """Each uvicorn child as a psutil.Process, found by the port on its command line."""
    by_port = {port: name for name, port in ports.items()}
    found: dict[str, Any] = {}
    for child in psutil.Process(run.pid).children(recursive=True):
        try:
            command = child.cmdline()
        except psutil.Error:
            continue
        if "uvicorn" in command and "--port" in command:
            name = by_port.get(int(command[command.index("--port") + 1]))
            if name is not None:
                found[name] = child
    return found


def rss_mb(processes: dict[str, Any]) -> dict[str, float]:
    return {name: round(p.memory_info().rss / 2**20, 1) for name, p in processes.items()}


def postgres_processes(state_dir: Path) -> list[Any]:
    """The embedded server's postmaster and backends (none when DATABASE_URL is used)."""
    for process in psutil.process_iter(["cmdline"]):
        command = " ".join(process.info["cmdline"] or [])
        if "postgres" in command and str(state_dir) in command:
            return [process, *process.children(recursive=True)]
    return []


def cpu_seconds(processes: dict[str, Any], postgres: list[Any], wrk: bool) -> dict[str, float]:
    """CPU seconds so far of each service, the database and the load generator (wrk, or
    this process for the asyncio client)."""
    used = {name: sum(p.cpu_times()[:2]) for name, p in processes.items()}
    used["postgres"] = 0.0
    for backend in postgres:
        try:
            used["postgres"] += sum(backend.cpu_times()[:2])
        except psutil.Error:
            continue  # a backend that ended with its connection
    usage = resource.getrusage(resource.RUSAGE_CHILDREN if wrk else resource.RUSAGE_SELF)
    used["load generator"] = usage.ru_utime + usage.ru_stime
    return used


def check_page(urls: dict[str, str], headers: dict[str, str]) -> None:
    """Every route must answer the same full page before its speed means anything."""
    bodies = []
    with httpx.Client(timeout=5.0) as client:
        for url in urls.values():
            response = client.get(url, headers=headers)
            response.raise_for_status()
            bodies.append(response.json())
    if len(bodies[0]["items"]) != 50 or any(body != bodies[0] for body in bodies):
        raise RuntimeError(f"the routes {sorted(urls)} do not return the same 50 items")


def start_floor(port: int, database_url: str, secret: str, log: Path) -> subprocess.Popen[bytes]:
    """The floor app under uvicorn with the same options as the system's processes."""
    command = [
        sys.executable, "-m", "uvicorn", "bench.bench_floor:build_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--no-access-log",
    ]  # fmt: skip
    env = {**os.environ, "FLOOR_DATABASE_URL": database_url, "ALUE_JWT_SECRET": secret}
    with log.open("ab") as output:
        return subprocess.Popen(
            command, env=env, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT
        )


def measure(
    urls: dict[str, str],
    headers: dict[str, str],
    processes: dict[str, Any],
    state_dir: Path,
    args: argparse.Namespace,
) -> dict[str, dict[str, Any]]:
    """Each route's load result, with the CPU time each process spent per request.

    CPU per request is the steadier figure on a shared machine: throughput falls when
    something else takes a core, the work each request costs does not.
    """
    results = {}
    wrk = args.tool == "wrk" or (args.tool == "auto" and shutil.which("wrk") is not None)
    for route, url in urls.items():
        # A short warm-up: connection pools filled, statement caches primed.
        run_load(url, headers=headers, connections=args.connections, duration=2, tool=args.tool)
        postgres = postgres_processes(state_dir)  # after the warm-up: every pooled backend
        before = cpu_seconds(processes, postgres, wrk)
        result = run_load(
            url,
            headers=headers,
            connections=args.connections,
            duration=args.duration,
            tool=args.tool,
        )
        after = cpu_seconds(processes, postgres, wrk)
        results[route] = {
            **result.as_dict(),
            "cpu_ms_per_request": {
                name: round((after[name] - before[name]) * 1000 / max(result.requests, 1), 2)
                for name in after
            },
        }
    return results


def floor_ratio(load: dict[str, dict[str, Any]]) -> float:
    """The service's CPU per request as a multiple of the floor's."""
    service: float = load["direct"]["cpu_ms_per_request"][SERVICE]
    floor: float = load["floor"]["cpu_ms_per_request"]["floor"]
    return round(service / max(floor, 1e-9), 2)


def verdicts(report: dict[str, Any]) -> dict[str, bool]:
    direct, gateway = report["load"]["direct"], report["load"]["gateway"]
    service_cpu = direct["cpu_ms_per_request"][SERVICE]
    return {
        "service CPU <= 0.6 ms/request": service_cpu <= TARGETS["service_cpu_ms_max"],
        "service CPU <= 3.5x the floor's": report["floor_ratio"] <= TARGETS["floor_ratio_max"],
        "service >= 250 req/s": direct["requests_per_s"] >= TARGETS["service_rps_min"],
        "gateway >= 0.45x direct": gateway["requests_per_s"]
        >= TARGETS["gateway_rps_ratio_min"] * direct["requests_per_s"],
        "gateway p99 <= 2x direct": gateway["p99_ms"]
        <= TARGETS["gateway_p99_ratio_max"] * direct["p99_ms"],
        "0 errors": direct["errors"] + gateway["errors"] <= TARGETS["errors_max"],
        "warm run ready <= 15 s": report["warm_ready_s"] <= TARGETS["warm_ready_s_max"],
        "idle RSS <= 150 MB each": all(
            mb <= TARGETS["idle_rss_mb_max"] for mb in report["idle_rss_mb"].values()
        ),
    }


def machine() -> dict[str, Any]:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "database": "DATABASE_URL" if os.environ.get("DATABASE_URL") else "embedded (pgserver)",
    }


def bench(args: argparse.Namespace, state_dir: Path) -> dict[str, Any]:
    ports = {name: free_port() for name in default_ports()}
    secret = secrets.token_urlsafe(48)
    # The rate limit is counted but never reached: one token sends every request.
    env = {**os.environ, "ALUE_JWT_SECRET": secret, "GATEWAY_RATE_LIMIT": "1000000000/minute"}
    first = boot(state_dir, ports, env)  # the cold start: creates, migrates and seeds
    try:
        cold_ready_s = wait_ready(first, ports, args.ready_timeout)
    finally:
        stop(first)
    report: dict[str, Any] = {"machine": machine(), "cold_ready_s": round(cold_ready_s, 2)}
    run = boot(state_dir, ports, env)
    try:
        report["warm_ready_s"] = round(wait_ready(run, ports, args.ready_timeout), 2)
        processes = uvicorn_children(run, ports)
        time.sleep(2)  # idle: nothing but the readiness polls has run yet
        report["idle_rss_mb"] = rss_mb(processes)
        settings = AuthSettings.model_validate({"ALUE_JWT_SECRET": secret, "ALUE_DEV_MODE": True})
        token = mint_token(settings, sub="bench", roles=["viewer"], ttl_seconds=3600)
        headers = {"Authorization": f"Bearer {token}"}
        floor_port = free_port()
        # The floor reads the same database as the service, with the service's own role.
        service_url = processes[SERVICE].environ()["AREAS_DATABASE_URL"]
        floor = start_floor(floor_port, service_url, secret, state_dir / "floor.log")
        try:
            wait_ready(floor, {"floor": floor_port}, args.ready_timeout)
            processes["floor"] = psutil.Process(floor.pid)
            urls = {
                "direct": f"http://127.0.0.1:{ports[SERVICE]}{PAGE}",
                "gateway": f"http://127.0.0.1:{ports['gateway']}/{SERVICE}{PAGE}",
                "floor": f"http://127.0.0.1:{floor_port}{PAGE}",
            }
            check_page(urls, headers)
            report["load_average_before"] = os.getloadavg()
            report["load"] = measure(urls, headers, processes, state_dir, args)
            report["load_average_after"] = os.getloadavg()
            report["rss_after_load_mb"] = rss_mb(processes)
        finally:
            stop(floor)
    finally:
        stop(run)
    report["floor_ratio"] = floor_ratio(report["load"])
    report["verdicts"] = verdicts(report)
    return report


def print_summary(report: dict[str, Any]) -> None:
    print(json.dumps(report["machine"]))
    print(f"warm run ready: {report['warm_ready_s']} s; idle RSS MB: {report['idle_rss_mb']}")
    averages = report["load_average_before"], report["load_average_after"]
    print("load average (1, 5, 15 min) before and after: {} {}".format(*averages))
    print("route    tool  conns  req/s    p50 ms   p99 ms   errors  CPU ms/request")
    for route, r in report["load"].items():
        print(
            f"{route:8} {r['tool'][:5]:5} {r['connections']:5} {r['requests_per_s']:8} "
            f"{r['p50_ms']:8} {r['p99_ms']:8} {r['errors']:6}  {r['cpu_ms_per_request']}"
        )
    direct, gateway = report["load"]["direct"], report["load"]["gateway"]
    print(f"areas CPU per request / floor's: {report['floor_ratio']}x")
    print(
        f"gateway/direct: throughput {gateway['requests_per_s'] / direct['requests_per_s']:.2f}x, "
        f"p99 {gateway['p99_ms'] / direct['p99_ms']:.2f}x"
    )
    for target, met in report["verdicts"].items():
        print(f"  {'met   ' if met else 'MISSED'} {target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--tool", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--ready-timeout", type=float, default=120.0)
    parser.add_argument("--json", type=Path, help="also write the full report here")
    args = parser.parse_args()
    if args.duration > 120:
        parser.error("--duration is at most 120 s: this is a benchmark, not a soak test")
    with tempfile.TemporaryDirectory(prefix="alue-bench-") as tmp:
        report = bench(args, Path(tmp))
    print_summary(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

"""The municipality page and the Kymppi plan with 1 and with 2 workers per process.

    .venv/bin/python -m bench.bench_workers [--duration 10] [--connections 32] [--json FILE]

Starts the whole system the way `alue run --workers N` does (alue.launcher.run, embedded
PostgreSQL or DATABASE_URL, a database of its own, the demo data), once with one worker
per process and once with two, each in a throw-away state folder. Each time, under
closed-loop load on loopback (wrk, or bench.loadgen's asyncio client), after a 2 s
warm-up:

- `GET /v1/municipalities?limit=50` on the areas service itself,
- the same page through the gateway,
- `GET /v1/plans/kymppi?year=2025&on=2025-06-01` through the gateway (nothing writes
  meanwhile, so after the first it is the kept plan: one `GET /v1/generation` per
  service and the gateway's access check, gateway/gateway/plan/cache.py).

It reports throughput, p50 / p99, errors and the CPU time per request of each process,
a uvicorn supervisor counted with its workers. The ratio of throughputs (2 workers over
1) is bounded by the machine's cores: on 2 cores the load generator, PostgreSQL, the
gateway and the service already share them. CPU per request does not depend on the
machine's load, and says what a second worker costs or saves per request.
See bench/README.md for results.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
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
from bench.bench_gateway import machine, postgres_processes, stop, wait_ready
from bench.loadgen import run_load
from servicekit.auth import mint_token
from servicekit.settings import AuthSettings

PAGE = "/v1/municipalities?limit=50"
PLAN = "/v1/plans/kymppi?year=2025&on=2025-06-01"
BOOT = """
import json, sys
from pathlib import Path
from alue.launcher import RunOptions, run
ports = json.loads(sys.argv[2])
options = RunOptions(
    state_dir=Path(sys.argv[1]), database=sys.argv[3], ports=ports, workers=int(sys.argv[4])
)
raise SystemExit(run(options))
"""


def boot(
    state_dir: Path, ports: dict[str, int], env: dict[str, str], workers: int
) -> subprocess.Popen[bytes]:
    database = f"alue_bench_workers_{secrets.token_hex(4)}"
    log = (state_dir / "run.log").open("ab")
    return subprocess.Popen(
        [sys.executable, "-c", BOOT, str(state_dir), json.dumps(ports), database, str(workers)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def process_trees(run: subprocess.Popen[bytes], ports: dict[str, int]) -> dict[str, list[Any]]:
    """Each process by name: its uvicorn (found by its port) and that one's workers."""
    by_port = {port: name for name, port in ports.items()}
    trees: dict[str, list[Any]] = {}
    for child in psutil.Process(run.pid).children(recursive=True):
        try:
            command = child.cmdline()
        except psutil.Error:
            continue
        if "uvicorn" in command and "--port" in command:
            name = by_port.get(int(command[command.index("--port") + 1]))
            if name is not None:
                trees[name] = [child, *child.children(recursive=True)]
    return trees


def cpu_seconds(trees: dict[str, list[Any]], postgres: list[Any]) -> dict[str, float]:
    used: dict[str, float] = {}
    for name, processes in {**trees, "postgres": postgres}.items():
        used[name] = 0.0
        for process in processes:
            try:
                used[name] += sum(process.cpu_times()[:2])
            except psutil.Error:
                continue  # a backend that ended with its connection
    return used


def prime(url: str, headers: dict[str, str]) -> None:
    """One answer before the load: the plan's first composition (then kept) is not timed."""
    deadline = time.monotonic() + 60
    while True:
        response = httpx.get(url, headers=headers, timeout=30)
        if response.status_code == 200 and response.json().get("complete", True):
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} answered {response.status_code}: {response.text[:300]}")
        time.sleep(0.5)


def load(
    url: str,
    headers: dict[str, str],
    trees: dict[str, list[Any]],
    state_dir: Path,
    args: argparse.Namespace,
) -> dict[str, Any]:
    prime(url, headers)
    run_load(url, headers=headers, connections=args.connections, duration=2, tool=args.tool)
    postgres = postgres_processes(state_dir)  # after the warm-up: every pooled backend
    before = cpu_seconds(trees, postgres)
    result = run_load(
        url, headers=headers, connections=args.connections, duration=args.duration, tool=args.tool
    )
    after = cpu_seconds(trees, postgres)
    per_request = {
        name: round((after[name] - before[name]) * 1000 / max(result.requests, 1), 3)
        for name in after
        if after[name] - before[name] > 0
    }
    return {
        **result.as_dict(),
        "cpu_ms_per_request": per_request,
        "cpu_ms_per_request_total": round(sum(per_request.values()), 3),
    }


def one_configuration(workers: int, args: argparse.Namespace) -> dict[str, Any]:
    ports = {name: free_port() for name in default_ports()}
    secret = secrets.token_urlsafe(48)
    # One principal asks everything: the gateway's limit per principal (GATEWAY_RATE_LIMIT)
    # would answer most of it 429; the check itself is still made on every request.
    env = {**os.environ, "ALUE_JWT_SECRET": secret, "GATEWAY_RATE_LIMIT": "1000000000/minute"}
    settings = AuthSettings.model_validate({"ALUE_JWT_SECRET": secret, "ALUE_DEV_MODE": True})
    token = mint_token(settings, sub="bench", roles=["viewer"], areas=["kymppi"], ttl_seconds=3600)
    headers = {"Authorization": f"Bearer {token}"}
    state_dir = Path(tempfile.mkdtemp(prefix=f"alue-bench-workers-{workers}-"))
    run = boot(state_dir, ports, env, workers)
    try:
        ready_s = wait_ready(run, ports, args.ready_timeout)
        trees = process_trees(run, ports)
        # uvicorn's workers are multiprocessing's spawned children (beside its resource tracker)
        counts = {
            name: max(1, sum("spawn_main" in " ".join(p.cmdline()) for p in tree))
            for name, tree in trees.items()
        }
        gateway = f"http://127.0.0.1:{ports['gateway']}"
        routes = {
            "page, areas service": f"http://127.0.0.1:{ports['areas']}{PAGE}",
            "page, gateway": f"{gateway}/areas{PAGE}",
            "plan, gateway": f"{gateway}{PLAN}",
        }
        results = {
            route: load(url, headers, trees, state_dir, args) for route, url in routes.items()
        }
        load_average = os.getloadavg()
    finally:
        stop(run)
        shutil.rmtree(state_dir, ignore_errors=True)
    return {
        "workers": workers,
        "ready_s": round(ready_s, 1),
        "workers_per_name": counts,
        "load_average_after": [round(x, 2) for x in load_average],
        "routes": results,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per load run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--tool", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--ready-timeout", type=float, default=120.0)
    parser.add_argument("--json", type=Path, help="also write the full report here")
    args = parser.parse_args()
    report: dict[str, Any] = {
        "machine": machine(),
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
    }
    report["runs"] = [one_configuration(workers, args) for workers in (1, 2)]
    one, two = report["runs"]
    report["ratio_2_over_1"] = {
        route: {
            "requests_per_s": round(
                two["routes"][route]["requests_per_s"]
                / max(one["routes"][route]["requests_per_s"], 1e-9),
                2,
            ),
            "cpu_ms_per_request_total": round(
                two["routes"][route]["cpu_ms_per_request_total"]
                / max(one["routes"][route]["cpu_ms_per_request_total"], 1e-9),
                2,
            ),
        }
        for route in one["routes"]
    }
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()

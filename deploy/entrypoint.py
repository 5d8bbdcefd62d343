"""The container's entrypoint: one image runs every Alue process.

The first argument, or `ALUE_SERVICE` when there is none, chooses what runs:

    <service>    a service of alue.registry (areas, ...): its app on :$PORT, one worker
    gateway      the gateway on :$PORT
    migrate      the one-shot job: `alue migrate`, then `alue seed` (skip it: ALUE_SEED=false)
    healthcheck  exits 0 when http://127.0.0.1:$PORT/readyz answers 200, else 1
    anything     else is run as given (`alue token ...`, `sh`)

A container runs one worker: replicas, not worker processes, are how it scales, so that
the orchestrator sees (and restarts) each process on its own.
"""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence

from alue.registry import SERVICES

DEFAULT_PORT = "8000"
GATEWAY_APP = "gateway.main:build_app"


def service_app(name: str) -> str | None:
    """The uvicorn factory of a registry service; the registry is the one list of services."""
    for spec in SERVICES:
        if spec.name == name:
            return f"{spec.package}.main:build_app"
    return None


def uvicorn_command(app: str, port: str) -> list[str]:
    return [
        "uvicorn",
        app,
        "--factory",
        "--host",
        "0.0.0.0",  # inside a container: the published port or the pod network reaches it
        "--port",
        port,
        "--workers",
        "1",
        "--no-server-header",
        "--timeout-graceful-shutdown",
        "20",
    ]


def command_for(args: Sequence[str], env: Mapping[str, str]) -> list[list[str]]:
    """The commands to run in order; the last one replaces this process."""
    chosen = list(args) or [env.get("ALUE_SERVICE", "")]
    what, port = chosen[0], env.get("PORT", DEFAULT_PORT)
    if what == "":
        raise SystemExit("no command: pass one or set ALUE_SERVICE (e.g. areas, gateway, migrate)")
    app = GATEWAY_APP if what == "gateway" else service_app(what)
    if app is not None and len(chosen) == 1:
        return [uvicorn_command(app, port)]
    if chosen == ["migrate"]:
        steps = [["alue", "migrate"]]
        if env.get("ALUE_SEED", "true").lower() not in {"0", "false", "no"}:
            steps.append(["alue", "seed"])
        return steps
    return [chosen]


def healthcheck_url(env: Mapping[str, str]) -> str:
    """What the healthcheck asks: readiness (the schema at head, the database answering)."""
    return f"http://127.0.0.1:{env.get('PORT', DEFAULT_PORT)}/readyz"


def probe(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=3) as response:
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as exc:
        print(f"not ready: {exc}", file=sys.stderr)
        return 1


def main() -> None:
    if sys.argv[1:] == ["healthcheck"]:
        raise SystemExit(probe(healthcheck_url(os.environ)))
    steps = command_for(sys.argv[1:], os.environ)
    for step in steps[:-1]:
        if subprocess.run(step, check=False).returncode != 0:
            raise SystemExit(f"{' '.join(step)} failed")
    os.execvp(steps[-1][0], steps[-1])


if __name__ == "__main__":
    main()

"""What `alue run` prints once everything is ready: where to go and how to get in."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from alue.signing import token
from simulators.registry import SIMULATORS

SIMULATOR_DESCRIPTIONS = {spec.name: spec.description for spec in SIMULATORS}

if TYPE_CHECKING:
    from alue.launcher import RunOptions
    from alue.system import System

DEMO_AREA = "kymppi"


def print_ready(system: System, options: RunOptions, secret: str, *, elapsed: float) -> None:
    planner = token(secret, roles=["planner"], areas=[DEMO_AREA], ttl_seconds=options.token_ttl)
    admin = token(secret, roles=["admin"], ttl_seconds=options.token_ttl)
    hours = options.token_ttl / 3600
    lines = [
        "",
        f"Alue is ready ({elapsed:.1f} s).",
        "",
        f"  Gateway   {system.gateway_url}",
        f"  API docs  {system.gateway_url}/docs  (gateway)",
        *(f"            {child.url}/docs  ({name})" for name, child in system.services.items()),
        *_stand_ins(system),
        f"  Logs      {system.gateway.log_path.parent}/<name>.log  (JSON lines)",
        "",
        f"Planner token for area '{DEMO_AREA}' (valid {hours:g} h):",
        f"  export ALUE_TOKEN={planner}",
        f"Admin token (valid {hours:g} h):",
        f"  export ALUE_ADMIN_TOKEN={admin}",
        f"More tokens: {alue_command()} token --role viewer --area {DEMO_AREA}",
        "",
        "Try:",
        '  curl -s -H "Authorization: Bearer $ALUE_TOKEN" '
        f"'{system.gateway_url}/areas/v1/municipalities?limit=3'",
        "",
        "Press Ctrl-C to stop everything.",
    ]
    print("\n".join(lines), flush=True)


def _stand_ins(system: System) -> list[str]:
    """Where each stand-in listens (`alue run --simulators`), the system pointed at it."""
    lines = []
    for index, (name, child) in enumerate(system.simulators.items()):
        label = "Stand-ins" if index == 0 else ""
        lines.append(f"  {label:<9} {child.url}  ({name}: {SIMULATOR_DESCRIPTIONS[name]})")
    return lines


def alue_command() -> str:
    """How to call `alue` from here: the venv's script, relative when that is shorter."""
    script = Path(sys.executable).parent / "alue"
    try:
        relative = os.path.relpath(script)
    except ValueError:  # another drive (Windows)
        return str(script)
    return relative if len(relative) < len(str(script)) else str(script)

"""The stand-ins `alue run --simulators` starts: one entry each.

An entry names the stand-in's app, its local port and the settings that point the system
at it (`system_env(url)`: environment variables for every service and the gateway). Adding
a stand-in is its package under `simulators/` and one entry here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from simulators import ptv, pxweb
from simulators.keha.identity import Identity

DEMO_AREA = "kymppi"


@dataclass(frozen=True)
class SimulatorSpec:
    name: str  # also what its /readyz answers as `service`
    app: str  # "package.module:factory" for uvicorn --factory
    port: int
    system_env: Callable[[str], Mapping[str, str]]
    description: str


def keha_env(url: str) -> dict[str, str]:
    """The caseload service's KEHA connection of the demo area, through the stand-in as its
    security server (no TLS locally)."""
    provider = Identity()
    connection = {
        "security_server": url,
        "instance": provider.instance,
        "member_class": provider.member_class,
        "member_code": provider.member_code,
        "subsystem": provider.subsystem,
        "client": f"FI/MUN/0000000-0/{DEMO_AREA}",
    }
    return {"CASELOAD_KEHA_AREAS": json.dumps({DEMO_AREA: connection})}


def command_only(url: str) -> dict[str, str]:
    """A stand-in only commands talk to (`alue publish ptv`, `alue import statfin`): no
    service needs pointing at it; the command takes its URL (see its description)."""
    return {}


SIMULATORS: tuple[SimulatorSpec, ...] = (
    SimulatorSpec(
        "keha",
        "simulators.keha.app:build_app",
        8101,
        keha_env,
        "KEHA national platform over X-Road REST (customer counts, staff transfers, plans)",
    ),
    SimulatorSpec(
        ptv.NAME,
        ptv.APP,
        ptv.PORT,
        command_only,
        "PTV Open API v11 and its OAuth2 tokens; alue publish ptv --ptv-url URL "
        "--token-url URL/connect/token",
    ),
    SimulatorSpec(
        pxweb.NAME,
        pxweb.APP,
        pxweb.PORT,
        command_only,
        "Statistics Finland PxWeb; alue import statfin --base-url URL/PxWeb/api/v1/fi/StatFin",
    ),
)


def simulator(name: str) -> SimulatorSpec:
    for spec in SIMULATORS:
        if spec.name == name:
            return spec
    raise KeyError(name)

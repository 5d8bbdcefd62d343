"""The whole system as processes: every service and the gateway, wired by the registry.

Used by `alue run` and by the system tests, which start it on free ports
against a throwaway database. With stand-ins (`simulators.registry`), each runs as a
process of its own and every service and the gateway get the settings that point at it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from alue.processes import (
    METRICS_DIR_VARIABLE,
    Child,
    ReadyCallback,
    WaitingCallback,
    stop_all,
    wait_ready,
)
from alue.registry import GATEWAY_PORT, SERVICES, ServiceSpec
from simulators.registry import SimulatorSpec

GATEWAY = "gateway"
GATEWAY_APP = "gateway.main:build_app"


@dataclass
class System:
    gateway: Child
    services: dict[str, Child] = field(default_factory=dict)
    simulators: dict[str, Child] = field(default_factory=dict)

    @property
    def children(self) -> list[Child]:
        return [self.gateway, *self.services.values(), *self.simulators.values()]

    @property
    def gateway_url(self) -> str:
        return self.gateway.url

    def start(self) -> None:
        for child in self.children:
            child.start()

    def wait_ready(
        self,
        *,
        timeout: float = 60.0,
        on_ready: ReadyCallback | None = None,
        on_waiting: WaitingCallback | None = None,
    ) -> None:
        wait_ready(self.children, timeout=timeout, on_ready=on_ready, on_waiting=on_waiting)

    def stop(self) -> None:
        # The gateway first, so no request reaches a service that is going away.
        stop_all([self.gateway])
        stop_all(list(self.services.values()))
        stop_all(list(self.simulators.values()))


def default_ports(services: tuple[ServiceSpec, ...] = SERVICES) -> dict[str, int]:
    return {GATEWAY: GATEWAY_PORT, **{spec.name: spec.port for spec in services}}


def build_system(
    *,
    service_urls: Mapping[str, str],
    ports: Mapping[str, int],
    jwt_secret: str,
    log_dir: Path,
    host: str = "127.0.0.1",
    services: tuple[ServiceSpec, ...] = SERVICES,
    extra_env: Mapping[str, str] | None = None,
    workers: int = 1,
    metrics_dir: Path | None = None,
    simulators: tuple[SimulatorSpec, ...] = (),
) -> System:
    """The children, not yet started: each gets its database URL, the secret and dev mode.
    Each stand-in in `simulators` listens on `ports[its name]`.

    With `workers` > 1 each service and the gateway is that many processes on its port;
    they share the database and nothing else (deploy/README.md, "Several workers and
    replicas"), and each one's /metrics adds up its workers' files in `metrics_dir/<name>`
    (prometheus_client's multiprocess mode; required then, or a scrape would see one
    worker's counts). A stand-in stays one process."""
    if workers > 1 and metrics_dir is None:
        raise ValueError("several workers need a metrics_dir for their /metrics")

    def per_process(name: str) -> dict[str, str]:
        if workers == 1 or metrics_dir is None:
            return {}
        return {METRICS_DIR_VARIABLE: str(metrics_dir / name)}

    stand_ins = {
        spec.name: Child(
            name=spec.name,
            app=spec.app,
            host=host,
            port=ports[spec.name],
            env={**os.environ},
            log_path=log_dir / f"{spec.name}.log",
        )
        for spec in simulators
    }
    base_env = {
        **os.environ,
        "ALUE_JWT_SECRET": jwt_secret,
        "ALUE_DEV_MODE": "true",
        **{
            k: v
            for spec in simulators
            for k, v in spec.system_env(stand_ins[spec.name].url).items()
        },
        **(extra_env or {}),
    }
    # Every process knows where the services listen: the gateway to route by it, a service
    # to ask another (servicekit.peers).
    routes = {spec.name: Child.url_of(host, ports[spec.name]) for spec in services}
    base_env["ALUE_SERVICES"] = json.dumps(routes)
    children = {
        spec.name: Child(
            name=spec.name,
            app=f"{spec.package}.main:build_app",
            host=host,
            port=ports[spec.name],
            env={
                **base_env,
                f"{spec.env_prefix}DATABASE_URL": service_urls[spec.name],
                **per_process(spec.name),
            },
            log_path=log_dir / f"{spec.name}.log",
            workers=workers,
        )
        for spec in services
    }
    gateway = Child(
        name=GATEWAY,
        app=GATEWAY_APP,
        host=host,
        port=ports[GATEWAY],
        env={**base_env, "GATEWAY_SERVICES": json.dumps(routes), **per_process(GATEWAY)},
        log_path=log_dir / f"{GATEWAY}.log",
        workers=workers,
    )
    return System(gateway=gateway, services=children, simulators=stand_ins)

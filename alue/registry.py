"""The service registry: the one place that lists Alue's services.

Adding a service means adding its folder under `services/` and one entry here.
Each service package provides `<package>.main:build_app`, `<package>.config`
(`SCHEMA`, `DB_ROLE`, `MIGRATIONS_DIR`, a settings class) and, optionally,
`<package>.demo:load_demo_data(session)`.
"""

from __future__ import annotations

from dataclasses import dataclass

GATEWAY_PORT = 8000


@dataclass(frozen=True)
class ServiceSpec:
    name: str  # the path segment on the gateway: /{name}/v1/...
    package: str  # the Python package under services/
    schema: str  # its own Postgres schema
    role: str  # its own login role, with rights on that schema only
    port: int  # where it listens locally (the gateway is on 8000)
    env_prefix: str  # its settings' environment prefix
    # The services it asks itself (servicekit.peers): their URLs in its ALUE_SERVICES, and
    # the only callers besides the gateway that deploy/k8s lets reach them.
    peers: tuple[str, ...] = ()

    def base_url(self, host: str = "127.0.0.1", port: int | None = None) -> str:
        return f"http://{host}:{port or self.port}"


SERVICES: tuple[ServiceSpec, ...] = (
    ServiceSpec("areas", "areas", "areas", "alue_areas", 8001, "AREAS_"),
    ServiceSpec("funding", "funding", "funding", "alue_funding", 8002, "FUNDING_", ("areas",)),
    ServiceSpec(
        "caseload", "caseload", "caseload", "alue_caseload", 8003, "CASELOAD_", ("areas", "offices")
    ),
    ServiceSpec("offices", "offices", "offices", "alue_offices", 8004, "OFFICES_", ("areas",)),
    ServiceSpec("partners", "partners", "partners", "alue_partners", 8005, "PARTNERS_", ("areas",)),
)


def service(name: str) -> ServiceSpec:
    for spec in SERVICES:
        if spec.name == name:
            return spec
    raise KeyError(name)

"""Schemathesis over the system's OpenAPI (`GET /openapi.json` on the gateway: its own
operations and every service's under its prefix), against the real processes: all phases,
the stateful one following the links, a fixed seed, every check.

The settings are the gateway's own (schemathesis.toml here) and each registry service's
(its tests/schemathesis.toml), with the service's operation ids as the merged document names
them, so a new service's statuses carry over without a copy here.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from alue.database import service_config
from alue.registry import SERVICES, ServiceSpec
from alue.signing import token
from alue.system import System
from servicekit.contract import run_st
from servicekit.testing import TEST_JWT_SECRET

pytestmark = pytest.mark.system

SEED = 20261204
# Every operation of the whole system, each with all phases: fewer examples each than a
# service's own contract test, which already ran them at 25, to keep CI's time.
MAX_EXAMPLES = 5
HERE = Path(__file__).parent


def service_settings(spec: ServiceSpec) -> dict[str, Any]:
    """services/<svc>/tests/schemathesis.toml, beside the service's package."""
    folder = Path(str(service_config(spec).__file__)).parents[1]
    with (folder / "tests" / "schemathesis.toml").open("rb") as file:
        return tomllib.load(file)


def system_settings() -> dict[str, Any]:
    with (HERE / "schemathesis.toml").open("rb") as file:
        settings = tomllib.load(file)
    groups: list[dict[str, Any]] = settings.setdefault("operations", [])
    for spec in SERVICES:
        for group in service_settings(spec).get("operations", []):
            ids = [f"{spec.name}_{operation_id}" for operation_id in group["include-operation-id"]]
            groups.append({**group, "include-operation-id": ids})
    return settings


def to_toml(settings: Mapping[str, Any]) -> str:
    """The settings above as TOML: tables of string lists, and `[[operations]]` of them."""
    lines: list[str] = []

    def values(table: Mapping[str, Any], prefix: str = "") -> Iterator[str]:
        for key, value in table.items():
            if isinstance(value, Mapping):
                yield from values(value, f"{prefix}{key}.")
            else:
                items = ", ".join(f'"{v}"' for v in value)
                yield f"{prefix}{key} = [{items}]"

    for key, value in settings.items():
        if key != "operations":
            lines += [f"[{key}]", *values(value)]
    for group in settings.get("operations", []):
        lines += ["", "[[operations]]", *values(group)]
    return "\n".join(lines) + "\n"


def test_the_system_openapi_holds_under_schemathesis(system: System, tmp_path: Path) -> None:
    config = tmp_path / "schemathesis.toml"
    config.write_text(to_toml(system_settings()), encoding="utf-8")
    bearer = token(TEST_JWT_SECRET, roles=["admin"], sub="schemathesis", ttl_seconds=3600)
    result = run_st(
        system.gateway_url,
        bearer,
        config_file=config,
        seed=SEED,
        workdir=tmp_path,
        max_examples=MAX_EXAMPLES,
    )
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-5000:]

"""The registry and each service's own package describe the same service.

`alue/registry.py` is what `alue run`, compose and the gateway's routes read; the service's
`config.py` is what the service itself runs with. A mismatch (a schema renamed in one place)
would otherwise surface only as a /readyz that never turns ready.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from pydantic_settings import BaseSettings

from alue.paths import REPO_ROOT
from alue.registry import SERVICES, ServiceSpec
from servicekit.migrations import head_revision
from servicekit.settings import ServiceSettings

SPECS = pytest.mark.parametrize("spec", SERVICES, ids=[spec.name for spec in SERVICES])


def settings_class(config: object) -> type[BaseSettings]:
    defined = [
        value
        for value in vars(config).values()
        if isinstance(value, type)
        and issubclass(value, ServiceSettings)
        and value.__module__ == config.__name__  # type: ignore[attr-defined]
    ]
    assert len(defined) == 1, f"{config} must define exactly one ServiceSettings subclass"
    return defined[0]


@SPECS
def test_the_registry_entry_matches_the_service_config(spec: ServiceSpec) -> None:
    config = importlib.import_module(f"{spec.package}.config")
    assert spec.schema == config.SCHEMA
    assert spec.role == config.DB_ROLE
    assert settings_class(config).model_config.get("env_prefix") == spec.env_prefix
    assert (REPO_ROOT / "services" / spec.package / spec.package).is_dir()


@SPECS
def test_the_models_and_every_migration_use_the_registered_schema(spec: ServiceSpec) -> None:
    models = importlib.import_module(f"{spec.package}.models")
    assert models.Base.metadata.schema == spec.schema
    migrations_dir: Path = importlib.import_module(f"{spec.package}.config").MIGRATIONS_DIR
    assert head_revision(migrations_dir) is not None
    for migration in sorted((migrations_dir / "versions").glob("*.py")):
        named = set(re.findall(r'^SCHEMA = "([a-z_]+)"$', migration.read_text(), re.MULTILINE))
        assert named <= {spec.schema}, f"{migration.name} names schema {named}"


def test_names_schemas_roles_ports_and_prefixes_are_each_used_once() -> None:
    for field in ("name", "package", "schema", "role", "port", "env_prefix"):
        values = [getattr(spec, field) for spec in SERVICES]
        assert len(values) == len(set(values)), f"{field} repeats: {values}"

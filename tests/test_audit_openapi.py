"""Every service's audit trail (servicekit.audit) is in the gateway's system OpenAPI, with
its problem answers, whatever services the registry lists."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from alue.registry import SERVICES, ServiceSpec
from gateway.openapi_merge import merge_documents
from servicekit.settings import ServiceSettings
from servicekit.testing import test_auth_env


def service_document(spec: ServiceSpec) -> dict[str, Any]:
    config = importlib.import_module(f"{spec.package}.config")
    main = importlib.import_module(f"{spec.package}.main")
    settings_class = next(
        value
        for value in vars(config).values()
        if isinstance(value, type)
        and issubclass(value, ServiceSettings)
        and value.__module__ == config.__name__
    )
    settings = settings_class.model_validate(
        {"database_url": "postgresql://nowhere/none", **test_auth_env()}
    )
    document: dict[str, Any] = main.build_app(settings).openapi()
    return document


@pytest.mark.parametrize("spec", SERVICES, ids=lambda spec: spec.name)
def test_the_audit_trail_of_every_service_is_in_the_system_openapi(spec: ServiceSpec) -> None:
    own = {"openapi": "3.1.0", "info": {"title": "gateway", "version": "1"}, "paths": {}}
    merged = merge_documents(own, {spec.name: service_document(spec)})
    operation = merged["paths"][f"/{spec.name}/v1/audit"]["get"]
    assert {"401", "403", "422"} <= set(operation["responses"]), operation["responses"]
    assert {p["name"] for p in operation["parameters"]} >= {"resource", "since", "limit", "cursor"}

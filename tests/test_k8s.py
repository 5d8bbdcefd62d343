"""The Kubernetes manifests in deploy/k8s, read as data (no cluster runs here)."""

from __future__ import annotations

import importlib
import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from alue.registry import SERVICES

K8S = Path(__file__).resolve().parents[1] / "deploy" / "k8s"
Manifest = dict[str, Any]


@pytest.fixture(scope="module")
def manifests() -> list[Manifest]:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))
    found: list[Manifest] = []
    for name in kustomization["resources"]:
        found += list(yaml.safe_load_all((K8S / name).read_text(encoding="utf-8")))
    return found


@pytest.fixture(scope="module")
def entrypoint() -> ModuleType:
    path = K8S.parent / "entrypoint.py"
    spec = importlib.util.spec_from_file_location("alue_entrypoint_k8s", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def of_kind(manifests: list[Manifest], kind: str) -> dict[str, Manifest]:
    return {m["metadata"]["name"]: m for m in manifests if m["kind"] == kind}


def workloads(manifests: list[Manifest]) -> list[Manifest]:
    return [*of_kind(manifests, "Deployment").values(), *of_kind(manifests, "Job").values()]


def container(workload: Manifest) -> dict[str, Any]:
    (only,) = workload["spec"]["template"]["spec"]["containers"]
    found: dict[str, Any] = only
    return found


def test_every_service_and_the_gateway_have_a_deployment_and_a_service(
    manifests: list[Manifest],
) -> None:
    expected = {"gateway"} | {spec.name for spec in SERVICES}
    deployments, services = of_kind(manifests, "Deployment"), of_kind(manifests, "Service")
    assert set(deployments) == expected
    assert set(services) == expected
    for name in expected:
        labels = deployments[name]["spec"]["template"]["metadata"]["labels"]
        assert services[name]["spec"]["selector"].items() <= labels.items(), name
        assert services[name]["spec"]["ports"][0]["port"] == 8000


def test_pods_are_probed_on_readyz_and_livez(manifests: list[Manifest]) -> None:
    for name, deployment in of_kind(manifests, "Deployment").items():
        main = container(deployment)
        ports = {p["name"]: p["containerPort"] for p in main["ports"]}
        assert main["readinessProbe"]["httpGet"]["path"] == "/readyz", name
        assert main["livenessProbe"]["httpGet"]["path"] == "/livez", name
        for probe in ("readinessProbe", "livenessProbe"):
            assert ports[main[probe]["httpGet"]["port"]] == 8000, (name, probe)


def test_each_pod_runs_a_real_app_factory(
    manifests: list[Manifest], entrypoint: ModuleType
) -> None:
    for name, deployment in of_kind(manifests, "Deployment").items():
        (command,) = entrypoint.command_for(container(deployment)["args"], {})
        module_name, _, attribute = command[1].partition(":")
        assert command[0] == "uvicorn", name
        assert callable(getattr(importlib.import_module(module_name), attribute)), name


def test_migrate_job_runs_migrate_with_every_role_password(
    manifests: list[Manifest], entrypoint: ModuleType
) -> None:
    job = of_kind(manifests, "Job")["alue-migrate"]
    main = container(job)
    assert entrypoint.command_for(main["args"], {}) == [["alue", "migrate"], ["alue", "seed"]]
    env = {e["name"] for e in main["env"]}
    assert {"DATABASE_URL"} | {f"{spec.env_prefix}DB_PASSWORD" for spec in SERVICES} <= env


def test_gateway_routes_to_every_service_by_its_cluster_name(manifests: list[Manifest]) -> None:
    env = {e["name"]: e for e in container(of_kind(manifests, "Deployment")["gateway"])["env"]}
    routes = json.loads(env["GATEWAY_SERVICES"]["value"])
    assert routes == {spec.name: f"http://{spec.name}:8000" for spec in SERVICES}


def test_secrets_are_referenced_never_committed(manifests: list[Manifest]) -> None:
    assert not of_kind(manifests, "Secret")
    for workload in workloads(manifests):
        for variable in container(workload).get("env", []):
            if any(word in variable["name"] for word in ("SECRET", "PASSWORD", "DATABASE_URL")):
                assert "value" not in variable, variable["name"]
                assert variable["valueFrom"]["secretKeyRef"]["name"] == "alue-secrets"


def test_every_pod_runs_as_the_image_non_root_user(manifests: list[Manifest]) -> None:
    assert workloads(manifests)
    for workload in workloads(manifests):
        pod = workload["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["runAsUser"] == 10001
        assert container(workload)["securityContext"]["allowPrivilegeEscalation"] is False

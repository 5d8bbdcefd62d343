"""The Kubernetes manifests in deploy/k8s, rendered and checked as data (no cluster runs here).

Each overlay is rendered as `kustomize build` would (deploy/k8s/render.py; the same output
as `kubectl kustomize`, compared where kubectl is installed), every object is validated
against the Kubernetes schemas shipped in `kubernetes-validate` (offline, strict), and
then the promises are checked for every service of alue/registry.py.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import json
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

import kubernetes_validate
import pytest
import yaml

from alue.registry import SERVICES

ROOT = Path(__file__).resolve().parents[1]
K8S = ROOT / "deploy" / "k8s"
OVERLAYS = ("dev", "production")
KUBERNETES_VERSION = "1.33"
INGRESS_NAMESPACE = {"kubernetes.io/metadata.name": "ingress-nginx"}
APPS = ("gateway", *(spec.name for spec in SERVICES))
Manifest = dict[str, Any]


def load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def render() -> ModuleType:
    return load(K8S / "render.py", "alue_k8s_render")


@pytest.fixture(scope="module")
def generate() -> ModuleType:
    return load(K8S / "generate.py", "alue_k8s_generate")


@pytest.fixture(scope="module")
def entrypoint() -> ModuleType:
    return load(K8S.parent / "entrypoint.py", "alue_entrypoint_k8s")


@pytest.fixture(scope="module")
def rendered(render: ModuleType) -> dict[str, list[Manifest]]:
    return {overlay: render.build(K8S / "overlays" / overlay) for overlay in OVERLAYS}


def of_kind(manifests: list[Manifest], kind: str) -> dict[str, Manifest]:
    return {m["metadata"]["name"]: m for m in manifests if m["kind"] == kind}


def alue_pods(manifests: list[Manifest]) -> list[Manifest]:
    """The pod templates of the Alue image: every Deployment and the migrate Job."""
    return [
        *of_kind(manifests, "Deployment").values(),
        *of_kind(manifests, "Job").values(),
    ]


def container(workload: Manifest) -> dict[str, Any]:
    (only,) = workload["spec"]["template"]["spec"]["containers"]
    found: dict[str, Any] = only
    return found


def env_of(workload: Manifest) -> dict[str, dict[str, Any]]:
    return {e["name"]: e for e in container(workload).get("env", [])}


def canonical(value: Any) -> Any:
    """Lists of named items in name order: kustomize puts a patched item first."""
    if isinstance(value, dict):
        return {key: canonical(item) for key, item in value.items()}
    if isinstance(value, list):
        items = [canonical(item) for item in value]
        if all(isinstance(item, dict) and "name" in item for item in items):
            items.sort(key=lambda item: item["name"])
        return items
    return value


def by_identity(manifests: Iterable[Manifest]) -> dict[tuple[str, str], Any]:
    return {(m["kind"], m["metadata"]["name"]): canonical(m) for m in manifests}


def test_the_base_is_what_generate_writes_from_the_registry(generate: ModuleType) -> None:
    written = {path.name: path.read_text(encoding="utf-8") for path in (K8S / "base").iterdir()}
    assert written == generate.files(), "run: python deploy/k8s/generate.py"


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed")
@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_renderer_builds_what_kubectl_kustomize_builds(
    rendered: dict[str, list[Manifest]], overlay: str
) -> None:
    built = subprocess.run(
        ["kubectl", "kustomize", str(K8S / "overlays" / overlay)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    assert by_identity(rendered[overlay]) == by_identity(yaml.safe_load_all(built))


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_object_is_valid_against_the_kubernetes_schemas(
    rendered: dict[str, list[Manifest]], overlay: str
) -> None:
    for manifest in rendered[overlay]:
        kubernetes_validate.validate(manifest, KUBERNETES_VERSION, strict=True)


def test_the_validator_refuses_what_kubernetes_would() -> None:
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(
            {
                "apiVersion": "v1",
                "kind": "Service",
                "metadata": {"name": "x"},
                "spec": {"ports": [{"port": 8000, "targetPrt": "http"}]},
            },
            KUBERNETES_VERSION,
            strict=True,
        )


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_service_and_the_gateway_have_their_objects(
    rendered: dict[str, list[Manifest]], overlay: str
) -> None:
    manifests = rendered[overlay]
    deployments = of_kind(manifests, "Deployment")
    for kind in ("Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget"):
        assert set(of_kind(manifests, kind)) - {"postgres"} == set(APPS), kind
    for name in APPS:
        labels = deployments[name]["spec"]["template"]["metadata"]["labels"]
        service = of_kind(manifests, "Service")[name]
        assert service["spec"]["selector"].items() <= labels.items(), name
        assert service["spec"]["ports"][0]["port"] == 8000
        pdb = of_kind(manifests, "PodDisruptionBudget")[name]
        assert pdb["spec"]["selector"]["matchLabels"].items() <= labels.items(), name
        hpa = of_kind(manifests, "HorizontalPodAutoscaler")[name]
        assert hpa["spec"]["scaleTargetRef"] == {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "name": name,
        }
        (metric,) = hpa["spec"]["metrics"]
        assert metric["resource"]["name"] == "cpu", name
        assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]
        assert "replicas" not in deployments[name]["spec"], "the autoscaler sets replicas"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_pods_are_probed_limited_and_locked_down(
    rendered: dict[str, list[Manifest]], overlay: str
) -> None:
    for name, deployment in of_kind(rendered[overlay], "Deployment").items():
        main = container(deployment)
        ports = {p["name"]: p["containerPort"] for p in main["ports"]}
        assert main["readinessProbe"]["httpGet"]["path"] == "/readyz", name
        assert main["livenessProbe"]["httpGet"]["path"] == "/livez", name
        assert main["startupProbe"]["httpGet"]["path"] in {"/livez", "/readyz"}, name
        for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
            assert ports[main[probe]["httpGet"]["port"]] == 8000, (name, probe)
        (spread,) = deployment["spec"]["template"]["spec"]["topologySpreadConstraints"]
        assert spread["topologyKey"] == "kubernetes.io/hostname", name
        strategy = deployment["spec"]["strategy"]["rollingUpdate"]
        assert strategy["maxUnavailable"] == 0, "old pods serve until new ones are ready"
    for workload in alue_pods(rendered[overlay]):
        name = workload["metadata"]["name"]
        pod, main = workload["spec"]["template"]["spec"], container(workload)
        assert pod["automountServiceAccountToken"] is False, name
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["runAsUser"] == 10001
        assert main["securityContext"]["allowPrivilegeEscalation"] is False
        assert main["securityContext"]["readOnlyRootFilesystem"] is True
        assert main["securityContext"]["capabilities"]["drop"] == ["ALL"]
        volumes = {v["name"]: v for v in pod["volumes"]}
        (tmp,) = [m for m in main["volumeMounts"] if m["mountPath"] == "/tmp"]
        assert "emptyDir" in volumes[tmp["name"]], name
        requests, limits = main["resources"]["requests"], main["resources"]["limits"]
        assert {"cpu", "memory"} <= set(requests), name
        assert "memory" in limits, name


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_each_pod_runs_a_real_app_factory(
    rendered: dict[str, list[Manifest]], overlay: str, entrypoint: ModuleType
) -> None:
    for name, deployment in of_kind(rendered[overlay], "Deployment").items():
        (command,) = entrypoint.command_for(container(deployment)["args"], {})
        module_name, _, attribute = command[1].partition(":")
        assert command[0] == "uvicorn", name
        assert callable(getattr(importlib.import_module(module_name), attribute)), name


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_migrate_job_provisions_both_roles_of_every_service(
    rendered: dict[str, list[Manifest]], overlay: str, entrypoint: ModuleType
) -> None:
    job = of_kind(rendered[overlay], "Job")["alue-migrate"]
    env = env_of(job)
    values = {name: e["value"] for name, e in env.items() if "value" in e}
    expected = [["alue", "migrate"]]
    if overlay == "dev":
        expected.append(["alue", "seed"])  # the demo data, in development only
    assert entrypoint.command_for(container(job)["args"], values) == expected
    required = {"DATABASE_URL"}
    for spec in SERVICES:
        required |= {f"{spec.env_prefix}DB_PASSWORD", f"{spec.env_prefix}APP_DB_PASSWORD"}
    assert required <= set(env)


def test_gateway_routes_to_every_service_and_each_service_knows_its_peers(
    rendered: dict[str, list[Manifest]],
) -> None:
    deployments = of_kind(rendered["production"], "Deployment")
    routes = json.loads(env_of(deployments["gateway"])["GATEWAY_SERVICES"]["value"])
    assert routes == {spec.name: f"http://{spec.name}:8000" for spec in SERVICES}
    for spec in SERVICES:
        env = env_of(deployments[spec.name])
        peers = json.loads(env["ALUE_SERVICES"]["value"]) if "ALUE_SERVICES" in env else {}
        assert peers == {peer: f"http://{peer}:8000" for peer in spec.peers}, spec.name


def asked_services(package: Path) -> set[str]:
    """The other services a package's code names in a module that calls peers."""
    names = {spec.name for spec in SERVICES}
    found: set[str] = set()
    for path in package.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        if "calls.get(" not in source and "_ask(calls" not in source:
            continue
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Constant) and node.value in names:
                found.add(node.value)
    return found


def test_the_registry_names_every_service_a_service_asks() -> None:
    """The peers decide the NetworkPolicies: a call the registry does not name is blocked."""
    for spec in SERVICES:
        asked = asked_services(ROOT / "services" / spec.name / spec.package) - {spec.name}
        assert asked <= set(spec.peers), f"{spec.name} asks {sorted(asked)}"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_secrets_are_referenced_never_committed(
    rendered: dict[str, list[Manifest]], overlay: str
) -> None:
    manifests = rendered[overlay]
    assert not of_kind(manifests, "Secret")
    for workload in alue_pods(manifests):
        for variable in container(workload).get("env", []):
            if any(word in variable["name"] for word in ("SECRET", "PASSWORD", "DATABASE_URL")):
                assert "value" not in variable, variable["name"]
                assert variable["valueFrom"]["secretKeyRef"]["name"] == "alue-secrets"
        for source in container(workload)["envFrom"]:
            assert source["configMapRef"]["name"] == "alue-config"
    config = of_kind(manifests, "ConfigMap")["alue-config"]["data"]
    assert not any("SECRET" in key or "PASSWORD" in key for key in config)
    deployments = of_kind(manifests, "Deployment")
    for spec in SERVICES:
        assert f"{spec.env_prefix}DATABASE_URL" in env_of(deployments[spec.name])
    if overlay == "production":
        assert config["ALUE_JWKS_URL"].startswith("https://")
    else:
        assert "ALUE_JWKS_URL" not in config


def matches(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    return bool(selector.get("matchLabels", {}).items() <= labels.items())


def admitted(
    policies: list[Manifest],
    pod: dict[str, str],
    port: int,
    *,
    source: dict[str, str] | None = None,
    namespace: dict[str, str] | None = None,
) -> bool:
    """Whether a connection to `pod` on `port` gets in: from a pod of the same namespace
    with labels `source`, or from any pod of another namespace labelled `namespace`."""
    selecting = [
        p
        for p in policies
        if "Ingress" in p["spec"]["policyTypes"] and matches(p["spec"]["podSelector"], pod)
    ]
    for policy in selecting:
        for rule in policy["spec"].get("ingress", []):
            if port not in {p["port"] for p in rule.get("ports", [{"port": port}])}:
                continue
            for peer in rule.get("from", []):
                if "namespaceSelector" in peer:
                    if namespace is not None and matches(peer["namespaceSelector"], namespace):
                        return True
                elif source is not None and matches(peer["podSelector"], source):
                    return True
    return not selecting


def egress_ports(policies: list[Manifest], pod: dict[str, str]) -> set[int]:
    return {
        port["port"]
        for p in policies
        if "Egress" in p["spec"]["policyTypes"] and matches(p["spec"]["podSelector"], pod)
        for rule in p["spec"].get("egress", [])
        for port in rule.get("ports", [])
    }


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_network_policies_let_in_only_who_needs_in(
    rendered: dict[str, list[Manifest]], overlay: str
) -> None:
    manifests = rendered[overlay]
    policies = list(of_kind(manifests, "NetworkPolicy").values())
    pods = {
        w["metadata"]["name"]: w["spec"]["template"]["metadata"]["labels"]
        for w in [*alue_pods(manifests), *of_kind(manifests, "StatefulSet").values()]
    }
    gateway = pods["gateway"]
    assert admitted(policies, gateway, 8000, namespace=INGRESS_NAMESPACE)
    assert not admitted(policies, gateway, 8000, namespace={"kubernetes.io/metadata.name": "x"})
    for spec in SERVICES:
        pod = pods[spec.name]
        assert not admitted(policies, pod, 8000, namespace=INGRESS_NAMESPACE), spec.name
        assert admitted(policies, pod, 8000, source=gateway), spec.name
        for other in SERVICES:
            expected = spec.name in other.peers
            got = admitted(policies, pod, 8000, source=pods[other.name])
            assert got == expected, f"{other.name} -> {spec.name}"
    clients = {name for name, labels in pods.items() if 5432 in egress_ports(policies, labels)}
    assert clients == {"alue-migrate"} | {spec.name for spec in SERVICES}
    if "postgres" in pods:  # the development database runs in the cluster
        database = pods["postgres"]
        for name, labels in pods.items():
            expected = name in clients
            assert admitted(policies, database, 5432, source=labels) == expected, name
        assert not admitted(policies, database, 5432, namespace=INGRESS_NAMESPACE)
    else:
        (rule,) = of_kind(manifests, "NetworkPolicy")["database-egress"]["spec"]["egress"]
        assert [peer["ipBlock"]["cidr"] for peer in rule["to"]], "the managed server's range"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_gateway_is_published_through_an_ingress_with_tls(
    rendered: dict[str, list[Manifest]], overlay: str
) -> None:
    (ingress,) = of_kind(rendered[overlay], "Ingress").values()
    (rule,) = ingress["spec"]["rules"]
    (tls,) = ingress["spec"]["tls"]
    assert rule["host"] in tls["hosts"]
    assert tls["secretName"]
    (path,) = rule["http"]["paths"]
    assert path["backend"]["service"] == {"name": "gateway", "port": {"name": "http"}}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_pool_at_its_autoscalers_maximum_fits_in_max_connections(
    rendered: dict[str, list[Manifest]], overlay: str
) -> None:
    """pool x (maxReplicas + the rollout's surge pod) per service, one worker per pod,
    plus what is kept back (the provider, psql, the migrate Job), under max_connections."""
    manifests = rendered[overlay]
    limits = of_kind(manifests, "ConfigMap")["alue-database-limits"]["data"]
    deployments = of_kind(manifests, "Deployment")
    autoscalers = of_kind(manifests, "HorizontalPodAutoscaler")
    held = 0
    for spec in SERVICES:
        env = env_of(deployments[spec.name])
        per_pod = int(env[f"{spec.env_prefix}DB_POOL_SIZE"]["value"]) + int(
            env[f"{spec.env_prefix}DB_MAX_OVERFLOW"]["value"]
        )
        surge = deployments[spec.name]["spec"]["strategy"]["rollingUpdate"]["maxSurge"]
        pods = autoscalers[spec.name]["spec"]["maxReplicas"] + surge
        held += per_pod * pods
    assert held + int(limits["reserved_connections"]) <= int(limits["max_connections"])
    assert "DB_POOL_SIZE" not in json.dumps(env_of(deployments["gateway"]))


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_secrets_example_lists_every_key_the_pods_read(
    rendered: dict[str, list[Manifest]], overlay: str
) -> None:
    referenced: dict[str, bool] = {}
    for workload in [
        *alue_pods(rendered[overlay]),
        *of_kind(rendered[overlay], "StatefulSet").values(),
    ]:
        for variable in container(workload).get("env", []):
            ref = variable.get("valueFrom", {}).get("secretKeyRef")
            if ref is not None:
                referenced[ref["key"]] = bool(ref.get("optional")) and referenced.get(
                    ref["key"], True
                )
    text = (K8S / "overlays" / overlay / "secrets.env.example").read_text(encoding="utf-8")
    listed = {
        line.partition("=")[0]: line.partition("=")[2]
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {key for key, optional in referenced.items() if not optional} <= set(listed)
    assert set(listed) <= set(referenced)
    for key, value in listed.items():
        # No secret in the example: passwords empty, URLs with the PASSWORD placeholder.
        assert value == "" or ":PASSWORD@" in value, key

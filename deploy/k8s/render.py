"""`kustomize build`, for the few features deploy/k8s uses, in Python: the test suite renders
the overlays with it where no kustomize binary is installed (tests/test_k8s.py, which also
compares its output with `kubectl kustomize` where kubectl is on the PATH).

Supported, as kustomize v5 does them: `resources` (files and directories with a
kustomization), `namespace`, `labels` (with `includeTemplates`; `includeSelectors: false`
only), `images` (`newName`, `newTag`), `patches` as a file of strategic-merge patches
(matched by kind and name; lists merged by the Kubernetes merge keys named below,
other lists replaced) or as an inline JSON 6902 patch with a `target` (kind, name).
Anything else in a kustomization is refused, so that nothing is silently left out.

    python deploy/k8s/render.py deploy/k8s/overlays/production     # prints the YAML
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

import yaml

Manifest = dict[str, Any]
SUPPORTED = {"apiVersion", "kind", "namespace", "resources", "images", "patches", "labels"}
# Strategic merge: the key by which items of these lists are merged (Kubernetes' patchMergeKey).
MERGE_KEYS = {
    "containers": "name",
    "initContainers": "name",
    "env": "name",
    "envFrom": None,
    "volumes": "name",
    "volumeMounts": "mountPath",
    "imagePullSecrets": "name",
}
WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"}
CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition"}


def load_all(path: Path) -> list[Manifest]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


def build(directory: Path) -> list[Manifest]:
    """The objects `kustomize build directory` prints (in another order)."""
    (kustomization,) = load_all(directory / "kustomization.yaml")
    unknown = set(kustomization) - SUPPORTED
    if unknown:
        raise ValueError(f"{directory}: unsupported kustomization fields {sorted(unknown)}")
    objects: list[Manifest] = []
    for entry in kustomization.get("resources", []):
        path = directory / entry
        objects += build(path) if path.is_dir() else load_all(path)
    for patch in kustomization.get("patches", []):
        if "path" in patch:
            for change in load_all(directory / patch["path"]):
                target = _find(objects, change["kind"], change["metadata"]["name"])
                merged = strategic_merge(target, change)
                target.clear()
                target.update(merged)
        else:
            selected = [o for o in objects if _selected(o, patch["target"])]
            if not selected:
                raise ValueError(f"{directory}: patch target {patch['target']} matches nothing")
            for target in selected:
                for operation in yaml.safe_load(patch["patch"]):
                    json_patch(target, operation)
    if "namespace" in kustomization:
        for obj in objects:
            if obj["kind"] not in CLUSTER_SCOPED:
                obj["metadata"]["namespace"] = kustomization["namespace"]
    for label in kustomization.get("labels", []):
        if label.get("includeSelectors"):
            raise ValueError("labels with includeSelectors are not supported")
        for obj in objects:
            obj["metadata"].setdefault("labels", {}).update(label["pairs"])
            if label.get("includeTemplates") and obj["kind"] in WORKLOADS:
                template = obj["spec"]["template"].setdefault("metadata", {})
                template.setdefault("labels", {}).update(label["pairs"])
    for image in kustomization.get("images", []):
        for obj in objects:
            for container in _containers(obj):
                name = container["image"].split("@")[0].rsplit(":", 1)[0]
                if name == image["name"]:
                    tag = image.get("newTag", container["image"].partition(":")[2] or None)
                    container["image"] = image.get("newName", name) + (f":{tag}" if tag else "")
    return objects


def _find(objects: list[Manifest], kind: str, name: str) -> Manifest:
    for obj in objects:
        if obj["kind"] == kind and obj["metadata"]["name"] == name:
            return obj
    raise ValueError(f"patch for {kind}/{name}: no such object")


def _selected(obj: Manifest, target: dict[str, str]) -> bool:
    unknown = set(target) - {"kind", "name"}
    if unknown:
        raise ValueError(f"unsupported patch target fields {sorted(unknown)}")
    kind, name = obj["kind"], obj["metadata"]["name"]
    return bool(kind == target.get("kind", kind) and name == target.get("name", name))


def _containers(obj: Manifest) -> list[Manifest]:
    if obj["kind"] not in WORKLOADS:
        return []
    pod = obj["spec"]["template"]["spec"]
    found: list[Manifest] = [*pod.get("initContainers", []), *pod["containers"]]
    return found


def strategic_merge(base: Any, patch: Any, field: str = "") -> Any:
    if isinstance(base, dict) and isinstance(patch, dict):
        merged = dict(base)
        for key, value in patch.items():
            if value is None:
                merged.pop(key, None)
            elif key in merged:
                merged[key] = strategic_merge(merged[key], value, key)
            else:
                merged[key] = copy.deepcopy(value)
        return merged
    key = MERGE_KEYS.get(field)
    if isinstance(base, list) and isinstance(patch, list) and key is not None:
        merged_items = [copy.deepcopy(item) for item in base]
        for item in patch:
            same = [i for i, old in enumerate(merged_items) if old.get(key) == item.get(key)]
            if same:
                merged_items[same[0]] = strategic_merge(merged_items[same[0]], item)
            else:
                merged_items.append(copy.deepcopy(item))
        return merged_items
    return copy.deepcopy(patch)


def json_patch(obj: Manifest, operation: dict[str, Any]) -> None:
    """One RFC 6902 operation (add, replace, remove) on `obj`, in place."""
    *parents, last = [
        part.replace("~1", "/").replace("~0", "~") for part in operation["path"].split("/")[1:]
    ]
    node: Any = obj
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    op = operation["op"]
    if isinstance(node, list):
        index = len(node) if last == "-" else int(last)
        if op == "add":
            node.insert(index, operation["value"])
        elif op == "replace":
            node[index] = operation["value"]
        elif op == "remove":
            del node[index]
        else:
            raise ValueError(f"unsupported JSON patch op {op!r}")
        return
    if op in {"add", "replace"}:
        if op == "replace" and last not in node:
            raise ValueError(f"replace {operation['path']}: no such field")
        node[last] = operation["value"]
    elif op == "remove":
        del node[last]
    else:
        raise ValueError(f"unsupported JSON patch op {op!r}")


if __name__ == "__main__":
    print(yaml.safe_dump_all(build(Path(sys.argv[1])), sort_keys=False), end="")

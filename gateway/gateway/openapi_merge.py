"""One OpenAPI document for the whole system: the gateway's own and every service's, merged.

A pure function over the documents. A service's `/v1/x` becomes `/{service}/v1/x`, the
path the gateway answers it on; its other paths are not reachable through the gateway
and are left out. Every service operation id is prefixed with the service name, always
(`areas_list_municipalities`), so an id never changes because another service added a
clashing one; the gateway's own ids stay as they are, and a clash left over gets a
number. Tags get the same prefix (`areas: plans`), keeping each service's operations
together in the docs.

Components (schemas, security schemes, ...) keep their names unless a component of that
name already in the merged document differs; then the service's is renamed
`<Service><Name>` (`AreasPlanRead`) and every `$ref` to it in that service's document is
rewritten, as are the names in its security requirements. Renaming one component can make
another that refers to it differ in turn, so the renames are found to a fixed point.
Components that are the same everywhere (`Problem`, `HTTPBearer`) are kept once.
A response's `links` name operations of the same service by id, and follow the new ids.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
REF_PREFIX = "#/components/"
SERVICE_PATH_PREFIX = "/v1/"

Document = dict[str, Any]
Renames = dict[tuple[str, str], str]  # (components section, old name) -> new name


def merge_documents(own: Document, services: Mapping[str, Document]) -> Document:
    """`own` (the gateway's) with each service's operations under `/{service}`, by name order."""
    merged = copy.deepcopy(own)
    merged.pop("servers", None)
    paths: dict[str, Any] = merged.setdefault("paths", {})
    components: dict[str, dict[str, Any]] = merged.setdefault("components", {})
    operation_ids = {op["operationId"] for op in _operations(paths) if "operationId" in op}
    for service in sorted(services):
        document = services[service]
        renames = component_renames(service, document.get("components", {}), components)
        for section, items in document.get("components", {}).items():
            target = components.setdefault(section, {})
            for name, item in items.items():
                target.setdefault(renames.get((section, name), name), rewrite_refs(item, renames))
        new_ids: dict[str, str] = {}
        items = {
            f"/{service}{path}": _service_path_item(
                service, rewrite_refs(item, renames), renames, operation_ids, new_ids
            )
            for path, item in document.get("paths", {}).items()
            if path.startswith(SERVICE_PATH_PREFIX)
        }
        # After every operation of the service has its new id: a link may name a later one.
        paths.update({path: _relink(item, new_ids) for path, item in items.items()})
    return merged


def _relink(item: dict[str, Any], new_ids: Mapping[str, str]) -> dict[str, Any]:
    """The path item with each response link naming its operation's merged id."""
    for method in METHODS:
        operation = item.get(method)
        if not isinstance(operation, dict):
            continue
        for response in operation.get("responses", {}).values():
            links = response.get("links") if isinstance(response, dict) else None
            if not isinstance(links, dict):
                continue
            relinked = {}
            for link in links.values():
                target = new_ids.get(link.get("operationId", ""))
                if target is not None:
                    relinked[target] = {**link, "operationId": target}
            response["links"] = relinked
    return item


def component_renames(
    service: str, theirs: Mapping[str, Mapping[str, Any]], ours: Mapping[str, Mapping[str, Any]]
) -> Renames:
    """Which of the service's components clash with different ones of the same name."""
    renames: Renames = {}
    changed = True
    while changed:
        changed = False
        for section, items in theirs.items():
            existing = ours.get(section, {})
            for name, item in items.items():
                if (section, name) in renames or name not in existing:
                    continue
                if rewrite_refs(item, renames) != existing[name]:
                    new_names = {new for (s, _), new in renames.items() if s == section}
                    taken = {*existing, *items, *new_names}
                    renames[(section, name)] = _fresh_name(service, name, taken)
                    changed = True
    return renames


def rewrite_refs(value: Any, renames: Renames) -> Any:
    """A copy of `value` with every `$ref` (and discriminator mapping) to a renamed component
    pointing at its new name."""
    if not renames:
        return copy.deepcopy(value)
    if isinstance(value, list):
        return [rewrite_refs(v, renames) for v in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key == "$ref" and isinstance(item, str):
            out[key] = _renamed_ref(item, renames)
        elif key == "mapping" and isinstance(item, dict):
            out[key] = {
                k: _renamed_ref(v, renames) if isinstance(v, str) else v for k, v in item.items()
            }
        else:
            out[key] = rewrite_refs(item, renames)
    return out


def _renamed_ref(ref: str, renames: Renames) -> str:
    if not ref.startswith(REF_PREFIX):
        return ref
    section, _, name = ref[len(REF_PREFIX) :].partition("/")
    new = renames.get((section, name))
    return ref if new is None else f"{REF_PREFIX}{section}/{new}"


def _fresh_name(service: str, name: str, taken: set[str]) -> str:
    base = "".join(part.capitalize() for part in service.split("-")) + name
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}{n}", n + 1
    return candidate


def _service_path_item(
    service: str,
    item: dict[str, Any],
    renames: Renames,
    operation_ids: set[str],
    new_ids: dict[str, str],
) -> dict[str, Any]:
    schemes = {old: new for (section, old), new in renames.items() if section == "securitySchemes"}
    for method in METHODS:
        operation = item.get(method)
        if not isinstance(operation, dict):
            continue
        if "operationId" in operation:
            new_id = _unique(f"{service}_{operation['operationId']}", operation_ids)
            new_ids[operation["operationId"]] = new_id
            operation["operationId"] = new_id
        if "tags" in operation:
            operation["tags"] = [f"{service}: {tag}" for tag in operation["tags"]]
        if "security" in operation:
            operation["security"] = [
                {schemes.get(name, name): scopes for name, scopes in requirement.items()}
                for requirement in operation["security"]
            ]
    return item


def _unique(operation_id: str, taken: set[str]) -> str:
    candidate, n = operation_id, 2
    while candidate in taken:
        candidate, n = f"{operation_id}_{n}", n + 1
    taken.add(candidate)
    return candidate


def _operations(paths: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        item[method]
        for item in paths.values()
        if isinstance(item, dict)
        for method in METHODS
        if isinstance(item.get(method), dict)
    ]

"""What changed between two published plans: JSON Pointer paths with old and new values.

A pure function over two JSON values. Objects are compared key by key. Lists are
compared by position, except a list whose items are all objects carrying one
identity field with unique values: the sections (`key`), the narrative texts
(`key`), the members (`code`) and the eligibility criteria (`criterion`) are
matched by it, so a section or member added in the middle shows as one addition,
not as every later entry changed. A path then names the entry's index in the new
document (in the old one for an entry removed). Paths are RFC 6901 JSON Pointers
(`~` written `~0`, `/` written `~1`). `true` and `1` differ; `1` and `1.0` do not.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any, Literal

# Fields that differ between any two compositions of the same figures, or that describe
# the act of publishing rather than the plan.
VOLATILE = frozenset({"/generated_at", "/publication"})
IDENTITY_FIELDS = ("key", "code", "criterion")

Operation = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class Change:
    path: str
    op: Operation
    old: Any = None
    new: Any = None


def escape_token(token: str) -> str:
    """One reference token of a JSON Pointer: `~` first, so `/` -> `~1` stays unambiguous."""
    return token.replace("~", "~0").replace("/", "~1")


def diff(old: Any, new: Any, *, ignore: Collection[str] = VOLATILE) -> list[Change]:
    """Every leaf (or whole added/removed subtree) that differs, in document order."""
    return list(_walk("", old, new, frozenset(ignore)))


def _walk(path: str, old: Any, new: Any, ignore: frozenset[str]) -> Iterator[Change]:
    if path in ignore:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        yield from _objects(path, old, new, ignore)
    elif isinstance(old, list) and isinstance(new, list):
        identity = _identity(old, new)
        if identity is None:
            yield from _by_position(path, old, new, ignore)
        else:
            yield from _by_identity(path, old, new, identity, ignore)
    elif not _same(old, new):
        yield Change(path, "changed", old, new)


def _objects(
    path: str, old: dict[str, Any], new: dict[str, Any], ignore: frozenset[str]
) -> Iterator[Change]:
    for key in [*old, *(k for k in new if k not in old)]:
        child = f"{path}/{escape_token(key)}"
        if child in ignore:
            continue
        if key not in new:
            yield Change(child, "removed", old=old[key])
        elif key not in old:
            yield Change(child, "added", new=new[key])
        else:
            yield from _walk(child, old[key], new[key], ignore)


def _by_position(
    path: str, old: list[Any], new: list[Any], ignore: frozenset[str]
) -> Iterator[Change]:
    for index in range(max(len(old), len(new))):
        child = f"{path}/{index}"
        if index >= len(new):
            yield Change(child, "removed", old=old[index])
        elif index >= len(old):
            yield Change(child, "added", new=new[index])
        else:
            yield from _walk(child, old[index], new[index], ignore)


def _by_identity(
    path: str, old: list[Any], new: list[Any], field: str, ignore: frozenset[str]
) -> Iterator[Change]:
    old_by_id = {item[field]: item for item in old}
    new_ids = {item[field] for item in new}
    for index, item in enumerate(new):
        before = old_by_id.get(item[field])
        if before is None:
            yield Change(f"{path}/{index}", "added", new=item)
        else:
            yield from _walk(f"{path}/{index}", before, item, ignore)
    for index, item in enumerate(old):
        if item[field] not in new_ids:
            yield Change(f"{path}/{index}", "removed", old=item)


def _identity(old: list[Any], new: list[Any]) -> str | None:
    """The field that names each item of both lists uniquely, if there is one."""
    items = [*old, *new]
    if not items or not all(isinstance(item, dict) for item in items):
        return None
    for field in IDENTITY_FIELDS:
        if all(field in item and isinstance(item[field], str | int) for item in items) and all(
            len({item[field] for item in side}) == len(side) for side in (old, new)
        ):
            return field
    return None


def _same(old: Any, new: Any) -> bool:
    # In Python True == 1; in JSON a boolean is never a number.
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    numbers = (int, float)
    if isinstance(old, numbers) and isinstance(new, numbers):
        return old == new
    return type(old) is type(new) and bool(old == new)

"""The pages behind every problem `type`: `/problems` and `/problems/{slug}` on the gateway.

A problem's `type` is a relative URI such as `/problems/membership-overlap`; a
client resolves it against the gateway it called, so the gateway serves one short
page per type. It knows its own types and asks each service for its catalogue
(`GET /problems` on the service, which servicekit's app factory serves), keeping
an answer for `CACHE_SECONDS` and a failure for `RETRY_SECONDS`: the pages never
wait on a service for more than its readiness timeout. The gateway imports no
service.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

from gateway.clients import Upstreams
from gateway.errors import BadGateway, GatewayTimeout
from servicekit.errors import PROBLEMS_PATH, ServiceError

log = logging.getLogger("gateway.problems")

CACHE_SECONDS = 300.0
RETRY_SECONDS = 10.0
GATEWAY = "gateway"


@dataclass(frozen=True)
class ProblemType:
    type: str
    slug: str
    title: str
    status: int
    description: str
    members: tuple[str, ...]

    @classmethod
    def parse(cls, entry: Any) -> ProblemType | None:
        """One catalogue entry as a service sent it, or None when it is not one."""
        if not isinstance(entry, Mapping):
            return None
        type_uri, slug, title, description, status, members = (
            entry.get(k) for k in ("type", "slug", "title", "description", "status", "members")
        )
        texts = (type_uri, slug, title, description)
        if not all(isinstance(t, str) for t in texts) or not isinstance(status, int):
            return None
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            return None
        if type_uri != f"{PROBLEMS_PATH}/{slug}":
            return None
        return cls(
            type=str(type_uri),
            slug=str(slug),
            title=str(title),
            status=status,
            description=str(description),
            members=tuple(members),
        )


@dataclass
class _Cached:
    types: list[ProblemType]
    until: float


@dataclass
class ProblemCatalogue:
    """The gateway's own problem types and, cached, those of every service behind it."""

    upstreams: Upstreams
    own: Sequence[type[ServiceError]]
    _cache: dict[str, _Cached] = field(default_factory=dict)

    async def by_slug(self) -> dict[str, tuple[ProblemType, list[str]]]:
        """Each slug's type (the first that defines it) and every part of the system using it."""
        own = [ProblemType.parse(cls.catalogue_entry()) for cls in self.own]
        sources = {GATEWAY: [t for t in own if t is not None]}
        names = self.upstreams.names
        fetched = await asyncio.gather(*(self._service_types(name) for name in names))
        sources.update(zip(names, fetched, strict=True))
        merged: dict[str, tuple[ProblemType, list[str]]] = {}
        for source, types in sources.items():
            for problem_type in types:
                merged.setdefault(problem_type.slug, (problem_type, []))[1].append(source)
        return merged

    async def _service_types(self, service: str) -> list[ProblemType]:
        cached = self._cache.get(service)
        now = time.monotonic()
        if cached is not None and now < cached.until:
            return cached.types
        types = await self._fetch(service)
        if types is None:
            # Keep what we had; ask again soon rather than on every page view.
            stale = cached.types if cached is not None else []
            self._cache[service] = _Cached(stale, now + RETRY_SECONDS)
            return stale
        self._cache[service] = _Cached(types, now + CACHE_SECONDS)
        return types

    async def _fetch(self, service: str) -> list[ProblemType] | None:
        upstreams = self.upstreams
        request = upstreams.build_request(
            "GET", upstreams.url(service, PROBLEMS_PATH.encode()), headers=[]
        )
        try:
            reply = await upstreams.send(service, request, deadline=upstreams.readiness_timeout)
            items = json.loads(reply.body)["items"] if reply.status == 200 else None
        except (BadGateway, GatewayTimeout, ValueError, KeyError, TypeError) as exc:
            log.warning("no problem catalogue from %s: %r", service, exc)
            return None
        if not isinstance(items, list):
            log.warning("no problem catalogue from %s: status %s", service, reply.status)
            return None
        parsed = [ProblemType.parse(item) for item in items]
        return [t for t in parsed if t is not None]


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:sans-serif;max-width:44em;margin:2em auto;line-height:1.5}}
td,th{{text-align:left;padding:.2em .8em .2em 0}}code{{background:#f3f3f3}}</style>
</head><body>
{body}
</body></html>
"""


def index_page(types: Mapping[str, tuple[ProblemType, list[str]]]) -> str:
    rows = "\n".join(
        f'<tr><td><a href="{escape(t.type)}"><code>{escape(t.slug)}</code></a></td>'
        f"<td>{t.status}</td><td>{escape(t.title)}</td></tr>"
        for t, _ in sorted(types.values(), key=lambda pair: (pair[0].status, pair[0].slug))
    )
    body = (
        "<h1>Problem types</h1>\n<p>The <code>type</code> of every problem "
        "(RFC 9457) Alue answers with.</p>\n"
        f"<table><tr><th>type</th><th>status</th><th>title</th></tr>\n{rows}\n</table>"
    )
    return _PAGE.format(title="Problem types", body=body)


def type_page(problem_type: ProblemType, sources: Sequence[str]) -> str:
    members = "".join(f"<li><code>{escape(m)}</code></li>" for m in problem_type.members)
    extra = f"<h2>Extension members</h2><ul>{members}</ul>" if members else ""
    body = (
        f"<h1>{escape(problem_type.title)}: <code>{escape(problem_type.slug)}</code></h1>\n"
        f"<p>HTTP status {problem_type.status}. Answered by: "
        f"{escape(', '.join(sources))}.</p>\n"
        f"<p>{escape(problem_type.description)}</p>\n{extra}\n"
        f'<p><a href="{PROBLEMS_PATH}">All problem types</a></p>'
    )
    return _PAGE.format(title=escape(problem_type.slug), body=body)

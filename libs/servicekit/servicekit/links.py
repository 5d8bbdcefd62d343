"""Links as the client sees them: under the prefix it reached the service by.

The gateway forwards `/{service}/v1/x` to the service as `/v1/x` and says so in
`X-Forwarded-Prefix: /{service}`. Every link a service answers with (Location,
Link, a problem's `instance`) goes through `public_path`, so it resolves on the
gateway as well as on the service itself. Only one lowercase path segment is
taken as a prefix; any other value is ignored, so a caller cannot make the
service point elsewhere.
"""

from __future__ import annotations

import re

from starlette.requests import HTTPConnection
from starlette.types import Scope

FORWARDED_PREFIX_HEADER = b"x-forwarded-prefix"
_PREFIX = re.compile(r"^/[a-z][a-z0-9-]{0,62}$")


def forwarded_prefix(scope: Scope) -> str:
    """The validated `X-Forwarded-Prefix` of the request, or "" when there is none."""
    for name, value in scope.get("headers", ()):
        if name == FORWARDED_PREFIX_HEADER:
            prefix = value.decode("latin-1")
            return prefix if _PREFIX.fullmatch(prefix) else ""
    return ""


def public_path(where: HTTPConnection | Scope, path: str) -> str:
    """`path` (the service's own, e.g. `/v1/areas/kymppi`) as the client must ask for it."""
    scope = where.scope if isinstance(where, HTTPConnection) else where
    return forwarded_prefix(scope) + path

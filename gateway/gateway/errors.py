"""Errors of the gateway itself, as opposed to the ones a service answers and it passes on.

    ServiceError (servicekit)
    ├── DotSegmentInPath      400  the path has a `.` or `..` segment
    ├── UnknownService        404  no service by that name
    ├── BadGateway            502  the service refused the connection or broke the exchange
    └── GatewayTimeout        504  the service did not answer within the deadline

Each names the service in its detail and in a `service` field, so a client
(and the plan view later) can tell which part of the system failed.
"""

from __future__ import annotations

from typing import Any

from servicekit.errors import BadRequest, NotFound, ServiceError

_SERVICE: dict[str, dict[str, Any]] = {
    "service": {"type": "string", "description": "The service the request was for."}
}


class DotSegmentInPath(BadRequest):
    slug = "dot-segment-in-path"
    description = (
        "The path has a `.` or `..` segment (perhaps percent-encoded). The gateway forwards "
        "only /{service}/v1/... paths as they are and will not normalise one into another."
    )

    def __init__(self) -> None:
        super().__init__("A path with '.' or '..' segments is not forwarded.")


class UnknownService(NotFound):
    slug = "unknown-service"
    description = (
        "The first path segment names no service behind the gateway; GET /v1/services "
        "lists those there are. `service` is the name asked for."
    )
    members = _SERVICE

    def __init__(self, name: str) -> None:
        super().__init__(f"No service named '{name}'.", extra={"service": name})


class BadGateway(ServiceError):
    status, title, slug = 502, "Bad Gateway", "bad-gateway"
    description = (
        "The gateway could not get an answer from the service named in `service`: it "
        "refused the connection or broke off the exchange. A GET may be retried; for a "
        "write, read the resource first, since the service may have carried it out."
    )
    members = _SERVICE

    def __init__(self, service: str, reason: str) -> None:
        super().__init__(f"The {service} service {reason}.", extra={"service": service})
        self.service = service


class GatewayTimeout(ServiceError):
    status, title, slug = 504, "Gateway Timeout", "gateway-timeout"
    description = (
        "The service named in `service` did not answer within the gateway's deadline. The "
        "request may still have been carried out: read before retrying a write."
    )
    members = _SERVICE

    def __init__(self, service: str, reason: str) -> None:
        super().__init__(f"The {service} service {reason}.", extra={"service": service})
        self.service = service

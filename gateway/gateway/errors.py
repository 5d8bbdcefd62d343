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

from servicekit.errors import BadRequest, NotFound, ServiceError


class DotSegmentInPath(BadRequest):
    def __init__(self) -> None:
        super().__init__("A path with '.' or '..' segments is not forwarded.")


class UnknownService(NotFound):
    def __init__(self, name: str) -> None:
        super().__init__(f"No service named '{name}'.", extra={"service": name})


class BadGateway(ServiceError):
    status, title = 502, "Bad Gateway"

    def __init__(self, service: str, reason: str) -> None:
        super().__init__(f"The {service} service {reason}.", extra={"service": service})
        self.service = service


class GatewayTimeout(ServiceError):
    status, title = 504, "Gateway Timeout"

    def __init__(self, service: str, reason: str) -> None:
        super().__init__(f"The {service} service {reason}.", extra={"service": service})
        self.service = service

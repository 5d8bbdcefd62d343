"""Per-request context that log lines, problem bodies and database transactions read."""

from contextvars import ContextVar
from dataclasses import dataclass

# The `alue.area` setting that lets a transaction see every area's rows (servicekit.tenancy).
ALL_AREAS = "*"


@dataclass(frozen=True)
class DatabaseScope:
    """What a transaction tells the database about who asks (servicekit.db): `area` is the
    `alue.area` setting the row-level security policies read (area ids joined by commas,
    or `ALL_AREAS`), `sub` who writes, for the audit trail."""

    area: str
    sub: str


request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
database_scope_var: ContextVar[DatabaseScope | None] = ContextVar("database_scope", default=None)

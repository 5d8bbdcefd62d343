from collections.abc import Iterable

from sqlalchemy.orm import DeclarativeBase

from partners.config import SCHEMA
from servicekit.audit import audit_table
from servicekit.db import schema_metadata
from servicekit.generation import generation_table
from servicekit.idempotency import idempotency_table


class Base(DeclarativeBase):
    metadata = schema_metadata(SCHEMA)


IdempotencyKey = idempotency_table(Base.metadata)
# Advanced by every committed write (servicekit.generation): what the gateway's kept plans
# are checked against.
DataGeneration = generation_table(Base.metadata)
# Every write to area data, recorded by a trigger (servicekit.audit).
AuditEntry = audit_table(Base.metadata)


def one_of(column: str, values: Iterable[str]) -> str:
    """A CHECK constraint's condition: `column` holds one of the known values."""
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"

from sqlalchemy.orm import DeclarativeBase

from areas.config import SCHEMA
from servicekit.db import schema_metadata
from servicekit.idempotency import idempotency_table


class Base(DeclarativeBase):
    metadata = schema_metadata(SCHEMA)


IdempotencyKey = idempotency_table(Base.metadata)

from sqlalchemy.orm import DeclarativeBase

from servicekit.db import schema_metadata
from servicekit.idempotency import idempotency_table

from areas.config import SCHEMA


class Base(DeclarativeBase):
    metadata = schema_metadata(SCHEMA)


IdempotencyKey = idempotency_table(Base.metadata)

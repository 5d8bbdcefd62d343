from servicekit.db import make_base
from servicekit.idempotency import idempotency_table

from areas.config import SCHEMA

Base = make_base(SCHEMA)
IdempotencyKey = idempotency_table(Base.metadata)

"""The offices schema's tables; importing this package registers all of them on Base.metadata."""

from offices.models.base import Base, IdempotencyKey
from offices.models.offices import Lease, Office, OfficeHours

__all__ = ["Base", "IdempotencyKey", "Lease", "Office", "OfficeHours"]

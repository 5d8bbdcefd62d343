"""The offices schema's tables; importing this package registers all of them on Base.metadata."""

from offices.models.base import AuditEntry, Base, DataGeneration, IdempotencyKey
from offices.models.distances import Distance
from offices.models.offices import Lease, Office, OfficeHours

__all__ = [
    "AuditEntry",
    "Base",
    "DataGeneration",
    "Distance",
    "IdempotencyKey",
    "Lease",
    "Office",
    "OfficeHours",
]

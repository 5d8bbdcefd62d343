"""The caseload schema's tables; importing this package registers all of them on Base.metadata."""

from caseload.models.base import Base, IdempotencyKey

__all__ = ["Base", "IdempotencyKey"]

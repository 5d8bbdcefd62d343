"""The partners schema's tables; importing this package registers all of them on Base.metadata."""

from partners.models.base import Base, IdempotencyKey

__all__ = ["Base", "IdempotencyKey"]

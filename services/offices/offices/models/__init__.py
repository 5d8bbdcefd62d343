"""The offices schema's tables; importing this package registers all of them on Base.metadata."""

from offices.models.base import Base, IdempotencyKey

__all__ = ["Base", "IdempotencyKey"]

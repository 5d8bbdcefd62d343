"""The offices schema's tables; importing this package registers all of them on Base.metadata."""

from offices.models.base import Base, IdempotencyKey
from offices.models.distances import Distance

__all__ = ["Base", "Distance", "IdempotencyKey"]

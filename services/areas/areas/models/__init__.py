"""The areas schema's tables; importing this package registers all of them on Base.metadata."""

from areas.models.base import Base, IdempotencyKey
from areas.models.municipalities import Municipality

__all__ = ["Base", "IdempotencyKey", "Municipality"]

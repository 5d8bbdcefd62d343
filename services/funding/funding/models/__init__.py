"""The funding schema's tables; importing this package registers all of them on Base.metadata."""

from funding.models.base import Base, IdempotencyKey
from funding.models.benefits import (
    BenefitCompensation,
    BenefitCompensationSet,
    BenefitStaircase,
    BenefitStaircaseStep,
    KelaImport,
    KelaShareRow,
)

__all__ = [
    "Base",
    "BenefitCompensation",
    "BenefitCompensationSet",
    "BenefitStaircase",
    "BenefitStaircaseStep",
    "IdempotencyKey",
    "KelaImport",
    "KelaShareRow",
]

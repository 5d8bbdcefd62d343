"""The funding schema's tables; importing this package registers all of them on Base.metadata."""

from funding.models.allocations import AllocationRun
from funding.models.base import AuditEntry, Base, DataGeneration, IdempotencyKey
from funding.models.benefits import (
    BenefitCompensation,
    BenefitCompensationSet,
    BenefitStaircase,
    BenefitStaircaseStep,
    KelaImport,
    KelaShareRow,
)
from funding.models.budgets import Budget, BudgetLine, BudgetPlanningYear
from funding.models.subsidies import Subsidy, SubsidySet

__all__ = [
    "AllocationRun",
    "AuditEntry",
    "Base",
    "BenefitCompensation",
    "BenefitCompensationSet",
    "BenefitStaircase",
    "BenefitStaircaseStep",
    "Budget",
    "BudgetLine",
    "BudgetPlanningYear",
    "DataGeneration",
    "IdempotencyKey",
    "KelaImport",
    "KelaShareRow",
    "Subsidy",
    "SubsidySet",
]

"""The areas schema's tables; importing this package registers all of them on Base.metadata."""

from areas.models.areas import Area, AreaExemption, AreaMembership
from areas.models.base import AuditEntry, Base, DataGeneration, IdempotencyKey
from areas.models.borders import Border
from areas.models.municipalities import Municipality
from areas.models.plans import Plan, PlanSection, PlanSnapshot
from areas.models.statistics import Statistic

__all__ = [
    "Area",
    "AreaExemption",
    "AreaMembership",
    "AuditEntry",
    "Base",
    "Border",
    "DataGeneration",
    "IdempotencyKey",
    "Municipality",
    "Plan",
    "PlanSection",
    "PlanSnapshot",
    "Statistic",
]

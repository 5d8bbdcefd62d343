"""The caseload schema's tables; importing this package registers all of them on Base.metadata."""

from caseload.models.areas import Area, ServiceLine
from caseload.models.base import AuditEntry, Base, DataGeneration, IdempotencyKey
from caseload.models.customers import CustomerCount, CustomerMonth
from caseload.models.scenarios import Scenario, ScenarioChange
from caseload.models.staff import StaffPosition

__all__ = [
    "Area",
    "AuditEntry",
    "Base",
    "CustomerCount",
    "CustomerMonth",
    "DataGeneration",
    "IdempotencyKey",
    "Scenario",
    "ScenarioChange",
    "ServiceLine",
    "StaffPosition",
]

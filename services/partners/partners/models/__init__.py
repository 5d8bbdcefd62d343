"""The partners schema's tables; importing this package registers all of them on Base.metadata."""

from partners.models.areas import Area
from partners.models.base import AuditEntry, Base, DataGeneration, IdempotencyKey
from partners.models.cooperation import Cooperation
from partners.models.partners import Contact, Partner
from partners.models.projects import Project
from partners.models.services import Service

__all__ = [
    "Area",
    "AuditEntry",
    "Base",
    "Contact",
    "Cooperation",
    "DataGeneration",
    "IdempotencyKey",
    "Partner",
    "Project",
    "Service",
]

"""Partner organisations (shared across areas) and each area's own contacts at them."""

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Computed,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    String,
    Uuid,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from partners.models.base import Base, one_of
from partners.rules.business_id import BUSINESS_ID_PATTERN
from partners.vocabulary import PartnerKind


def _weighted(column: str, weight: str) -> str:
    # The text in the Finnish, Swedish and unstemmed forms: the `simple` one is what a
    # prefix of a word as written ("työpa" of "työpaja") is matched against.
    return " || ".join(
        f"setweight(jsonb_to_tsvector('{config}'::regconfig, {column}, '[\"string\"]'), '{weight}')"
        for config in ("finnish", "swedish", "simple")
    )


# Names weigh more than the services a partner provides.
SEARCH_VECTOR = f"{_weighted('name', 'A')} || {_weighted('provided_services', 'B')}"


class Partner(Base):
    """An organisation areas work with: shared reference data; an area's relations to it
    (contacts, cooperation, services, projects) are its own."""

    __tablename__ = "partner"
    __table_args__ = (
        CheckConstraint(one_of("kind", PartnerKind), name="kind_known"),
        CheckConstraint(f"business_id ~ '{BUSINESS_ID_PATTERN}'", name="business_id_form"),
        Index("ix_partner_search_vector", "search_vector", postgresql_using="gin"),
        Index("ix_partner_municipalities", "municipalities", postgresql_using="gin"),
    )
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    # {"fi": ..., "sv": ..., "en": ...}: Finnish always, the others when known.
    name: Mapped[dict[str, Any]] = mapped_column(JSONB)
    kind: Mapped[str] = mapped_column(String(40))
    municipalities: Mapped[list[str]] = mapped_column(ARRAY(String(3)))
    business_id: Mapped[str | None] = mapped_column(String(9))
    website: Mapped[str | None] = mapped_column(String(500))
    ptv_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    provided_services: Mapped[list[str]] = mapped_column(JSONB)
    search_vector: Mapped[Any] = mapped_column(TSVECTOR, Computed(SEARCH_VECTOR, persisted=True))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class Contact(Base):
    """A person an area deals with at a partner: personal data, the area's planners' only."""

    __tablename__ = "contact"
    __table_args__ = (Index("ix_contact_area_id_partner_id_id", "area_id", "partner_id", "id"),)
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    area_id: Mapped[str] = mapped_column(ForeignKey("area.id"))
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id"))
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

"""An area's cooperation arrangements: agreements, working groups, networks (plan §5, §5.1)."""

import datetime as dt
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    String,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from partners.models.base import Base, one_of
from partners.vocabulary import CooperationKind, Theme


class Cooperation(Base):
    """Partners (by id), other employment areas (by the areas service's id) and member
    municipalities (by code) working together in one arrangement. `valid_to` is the last
    day (inclusive), none while it runs until further notice."""

    __tablename__ = "cooperation"
    __table_args__ = (
        CheckConstraint(one_of("kind", CooperationKind), name="kind_known"),
        CheckConstraint(
            f"themes <@ ARRAY[{', '.join(repr(str(t)) for t in Theme)}]::varchar[]",
            name="themes_known",
        ),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="period_ordered"),
        Index("ix_cooperation_area_id_id", "area_id", "id"),
        Index("ix_cooperation_partner_ids", "partner_ids", postgresql_using="gin"),
    )
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    area_id: Mapped[str] = mapped_column(ForeignKey("area.id"))
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(300))
    themes: Mapped[list[str]] = mapped_column(ARRAY(String(30)))
    partner_ids: Mapped[list[int]] = mapped_column(ARRAY(Integer))
    area_ids: Mapped[list[str]] = mapped_column(ARRAY(String(50)))
    municipality_codes: Mapped[list[str]] = mapped_column(ARRAY(String(3)))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    # [{"title": ..., "url": ...}]
    documents: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

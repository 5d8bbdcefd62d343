"""An area's projects (hankkeet): who funds them, with whom, on what (plan §3, §5, §6.1)."""

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from partners.models.base import Base, one_of
from partners.vocabulary import ProjectStatus, Theme


class Project(Base):
    """A project and its period (`end_date` its last day; either may be unknown), funder
    (the instrument as named, e.g. AKKE or ESF+, and the partner granting it when known)."""

    __tablename__ = "project"
    __table_args__ = (
        CheckConstraint(one_of("status", ProjectStatus), name="status_known"),
        CheckConstraint(
            f"themes <@ ARRAY[{', '.join(repr(str(t)) for t in Theme)}]::varchar[]",
            name="themes_known",
        ),
        CheckConstraint("amount_eur >= 0", name="amount_not_negative"),
        CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
            name="period_ordered",
        ),
        Index("ix_project_area_id_id", "area_id", "id"),
        Index("ix_project_partner_ids", "partner_ids", postgresql_using="gin"),
    )
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    area_id: Mapped[str] = mapped_column(ForeignKey("area.id"))
    name: Mapped[str] = mapped_column(String(300))
    funder: Mapped[str | None] = mapped_column(String(200))
    funder_partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id"))
    amount_eur: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    partner_ids: Mapped[list[int]] = mapped_column(ARRAY(Integer))
    themes: Mapped[list[str]] = mapped_column(ARRAY(String(30)))
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

"""Structural-change scenarios (plan §7): stored, so that their result can be run again."""

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
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseload.models.base import Base
from caseload.vocabulary import MAX_TARGET, SERVICE_LINE_KEY_MAX_LENGTH


class Scenario(Base):
    __tablename__ = "scenario"
    __table_args__ = (
        CheckConstraint("months BETWEEN 1 AND 36", name="months_range"),
        CheckConstraint("annual_cost_per_fte_eur >= 0", name="cost_not_negative"),
        CheckConstraint(f"uniform_target BETWEEN 1 AND {MAX_TARGET}", name="uniform_target_range"),
        CheckConstraint("extract(day from base_month) = 1", name="base_month_first_day"),
        Index("ix_scenario_area_id", "area_id"),
    )
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    area_id: Mapped[str] = mapped_column(ForeignKey("area.id"))
    name: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    base_month: Mapped[dt.date] = mapped_column(Date)
    months: Mapped[int] = mapped_column(Integer)
    annual_cost_per_fte_eur: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    uniform_target: Mapped[int | None] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    changes: Mapped[list["ScenarioChange"]] = relationship(
        lazy="raise",
        order_by="ScenarioChange.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class ScenarioChange(Base):
    """Customers added (or, negative, taken away) in a municipality's service line."""

    __tablename__ = "scenario_change"
    __table_args__ = (
        CheckConstraint("municipality_code ~ '^[0-9]{3}$'", name="municipality_code_digits"),
        CheckConstraint("to_month IS NULL OR to_month >= from_month", name="months_ordered"),
    )

    scenario_id: Mapped[int] = mapped_column(
        ForeignKey("scenario.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    municipality_code: Mapped[str] = mapped_column(String(3))
    service_line: Mapped[str] = mapped_column(String(SERVICE_LINE_KEY_MAX_LENGTH))
    customers: Mapped[int] = mapped_column(Integer)
    from_month: Mapped[dt.date] = mapped_column(Date)
    to_month: Mapped[dt.date | None] = mapped_column(Date)

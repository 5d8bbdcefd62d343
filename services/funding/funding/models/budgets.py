"""Budgets: one row per version of an area's budget for a year, with its lines and
planning years. A version other than the latest is never changed."""

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from funding.models.base import Base, one_of
from funding.rules.budget import BudgetStatus
from funding.vocabulary import EURO_DIGITS, FUNDING_YEARS, BudgetCategory


class Budget(Base):
    __tablename__ = "budget"
    __table_args__ = (
        UniqueConstraint("area_id", "year", "version", name="uq_budget_area_year_version"),
        CheckConstraint(
            f"year BETWEEN {FUNDING_YEARS[0]} AND {FUNDING_YEARS[1]}", name="year_range"
        ),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint(one_of("status", BudgetStatus), name="status_known"),
        CheckConstraint("cap_share > 0 AND cap_share <= 1", name="cap_share_range"),
    )
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    area_id: Mapped[str] = mapped_column(String(50))
    year: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    cap_share: Mapped[Decimal] = mapped_column(Numeric(5, 4))
    proposed_on: Mapped[dt.date | None] = mapped_column(Date)
    approved_on: Mapped[dt.date | None] = mapped_column(Date)
    amends_version: Mapped[int | None] = mapped_column(Integer)
    # Bumped by every write, so a write based on an older read gets 412.
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    lines: Mapped[list["BudgetLine"]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="BudgetLine.position"
    )
    planning_years: Mapped[list["BudgetPlanningYear"]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="BudgetPlanningYear.year"
    )


class BudgetLine(Base):
    __tablename__ = "budget_line"
    __table_args__ = (
        CheckConstraint(one_of("category", BudgetCategory), name="category_known"),
        CheckConstraint("amount_eur >= 0", name="amount_not_negative"),
    )

    budget_id: Mapped[int] = mapped_column(
        ForeignKey("budget.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    category: Mapped[str] = mapped_column(String(40))
    amount_eur: Mapped[Decimal] = mapped_column(Numeric(EURO_DIGITS, 2))
    note: Mapped[str] = mapped_column(Text)


class BudgetPlanningYear(Base):
    """Plan §2.1: the estimate of a year after the budget year."""

    __tablename__ = "budget_planning_year"
    __table_args__ = (
        CheckConstraint("contributions_total_eur >= 0", name="contributions_not_negative"),
        CheckConstraint("expenditure_eur >= 0", name="expenditure_not_negative"),
    )

    budget_id: Mapped[int] = mapped_column(
        ForeignKey("budget.id", ondelete="CASCADE"), primary_key=True
    )
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    contributions_total_eur: Mapped[Decimal] = mapped_column(Numeric(EURO_DIGITS, 2))
    expenditure_eur: Mapped[Decimal] = mapped_column(Numeric(EURO_DIGITS, 2))

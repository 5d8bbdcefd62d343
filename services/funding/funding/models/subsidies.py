"""An area's TE state subsidies per member and year, of both kinds (DOMAIN.md §2)."""

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from funding.models.base import Base, one_of
from funding.vocabulary import EURO_DIGITS, FUNDING_YEARS, SubsidyKind


class SubsidySet(Base):
    """The subsidies of one area and year, replaced as one: the row a conditional write
    locks, whose `revision` the ETag is made of."""

    __tablename__ = "subsidy_set"
    __table_args__ = (
        CheckConstraint(
            f"year BETWEEN {FUNDING_YEARS[0]} AND {FUNDING_YEARS[1]}", name="year_range"
        ),
    )
    __mapper_args__ = {"eager_defaults": True}

    area_id: Mapped[str] = mapped_column(String(50), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    subsidies: Mapped[list["Subsidy"]] = relationship(
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="(Subsidy.municipality_code, Subsidy.kind)",
    )


class Subsidy(Base):
    __tablename__ = "subsidy"
    __table_args__ = (
        ForeignKeyConstraint(
            ["area_id", "year"],
            ["subsidy_set.area_id", "subsidy_set.year"],
            name="fk_subsidy_subsidy_set",
            ondelete="CASCADE",
        ),
        # Named here: the naming convention's column label would include the schema.
        Index("ix_subsidy_allocation_id", "allocation_id"),
        CheckConstraint(one_of("kind", SubsidyKind), name="kind_known"),
        CheckConstraint("te_subsidy_eur >= 0", name="amount_not_negative"),
    )

    area_id: Mapped[str] = mapped_column(String(50), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    municipality_code: Mapped[str] = mapped_column(String(3), primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    te_subsidy_eur: Mapped[Decimal] = mapped_column(Numeric(EURO_DIGITS, 2))
    source: Mapped[str] = mapped_column(Text)
    allocation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("allocation_run.id"))

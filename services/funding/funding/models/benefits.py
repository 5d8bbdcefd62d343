"""The municipal share of unemployment benefits: the staircases, Kela's open data, and an
area's compensation for it (DOMAIN.md §2)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Identity,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from funding.models.base import Base, one_of
from funding.rules.kela_file import BENEFIT_LABELS, DAY_CLASS_LABELS, PERIOD_TYPES


class BenefitStaircase(Base):
    """A table of the municipal share by accumulated benefit days ("2025", "legacy")."""

    __tablename__ = "benefit_staircase"

    key: Mapped[str] = mapped_column(String(20), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    # The benefit kinds the municipality pays a share of under this table.
    benefits: Mapped[list[str]] = mapped_column(ARRAY(String(40)))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    is_default: Mapped[bool] = mapped_column(Boolean, server_default="false")
    note: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    steps: Mapped[list["BenefitStaircaseStep"]] = relationship(
        lazy="selectin", order_by="BenefitStaircaseStep.from_day"
    )


class BenefitStaircaseStep(Base):
    __tablename__ = "benefit_staircase_step"
    __table_args__ = (
        CheckConstraint("from_day >= 1", name="from_day_positive"),
        CheckConstraint("to_day IS NULL OR to_day >= from_day", name="days_ordered"),
        CheckConstraint(
            "municipal_share_pct >= 0 AND municipal_share_pct <= 100", name="share_a_percentage"
        ),
    )

    staircase_key: Mapped[str] = mapped_column(
        ForeignKey("benefit_staircase.key", ondelete="CASCADE"), primary_key=True
    )
    from_day: Mapped[int] = mapped_column(Integer, primary_key=True)
    to_day: Mapped[int | None] = mapped_column(Integer)
    municipal_share_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    evidence: Mapped[str] = mapped_column(Text)


class KelaImport(Base):
    """One Kela open-data file as imported: its SHA-256, counts and reconciliation checks."""

    __tablename__ = "kela_import"
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    # NULL only inside the importing transaction, which sets it before it commits.
    sha256: Mapped[str | None] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(String(2000))
    imported_by: Mapped[str] = mapped_column(String(255))
    imported_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    byte_count: Mapped[int] = mapped_column(Integer, server_default="0")
    line_count: Mapped[int] = mapped_column(Integer, server_default="0")
    row_count: Mapped[int] = mapped_column(Integer, server_default="0")
    detail_row_count: Mapped[int] = mapped_column(Integer, server_default="0")
    subtotal_row_count: Mapped[int] = mapped_column(Integer, server_default="0")
    municipality_count: Mapped[int] = mapped_column(Integer, server_default="0")
    # [{"period_type", "year", "month", "rows"}] in order
    periods: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, server_default="[]")
    # The sum of the detail rows (benefit x class): what the file says municipalities pay.
    municipal_share_eur: Mapped[Decimal] = mapped_column(Numeric(16, 2), server_default="0")
    day_class_groups: Mapped[int] = mapped_column(Integer, server_default="0")
    benefit_groups: Mapped[int] = mapped_column(Integer, server_default="0")
    checks_passed: Mapped[bool] = mapped_column(Boolean, server_default="false")
    mismatches: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, server_default="[]")


class KelaShareRow(Base):
    """One row of an imported file: a municipality x benefit x day class cell of a period.

    `benefit` and `day_class` are "total" on Kela's `Yhteensä` subtotal rows.
    """

    __tablename__ = "kela_share_row"
    __table_args__ = (
        CheckConstraint(one_of("period_type", PERIOD_TYPES.values()), name="period_type_known"),
        CheckConstraint(one_of("benefit", BENEFIT_LABELS.values()), name="benefit_known"),
        CheckConstraint(one_of("day_class", DAY_CLASS_LABELS.values()), name="day_class_known"),
        CheckConstraint("month BETWEEN 1 AND 12", name="month_valid"),
        CheckConstraint("recipients >= 0", name="recipients_not_negative"),
        # The costs read each municipality-period's rows of its latest import.
        Index(
            "ix_kela_share_row_lookup",
            "year",
            "municipality_code",
            "period_type",
            "month",
            "import_id",
        ),
    )

    import_id: Mapped[int] = mapped_column(
        ForeignKey("kela_import.id", ondelete="CASCADE"), primary_key=True
    )
    line: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_type: Mapped[str] = mapped_column(String(12))
    year: Mapped[int] = mapped_column(SmallInteger)
    month: Mapped[int] = mapped_column(SmallInteger)
    municipality_code: Mapped[str] = mapped_column(String(3))
    benefit: Mapped[str] = mapped_column(String(30))
    day_class: Mapped[str] = mapped_column(String(10))
    recipients: Mapped[int] = mapped_column(Integer)
    municipal_share_eur: Mapped[Decimal] = mapped_column(Numeric(14, 2))


class BenefitCompensationSet(Base):
    """An area's compensation for the municipal share in a year, per member (plan §2.2)."""

    __tablename__ = "benefit_compensation_set"
    __mapper_args__ = {"eager_defaults": True}

    area_id: Mapped[str] = mapped_column(String(50), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    compensations: Mapped[list["BenefitCompensation"]] = relationship(
        lazy="selectin",
        order_by="BenefitCompensation.municipality_code",
        cascade="all, delete-orphan",
    )

    @property
    def total_eur(self) -> Decimal:
        return sum((c.amount_eur for c in self.compensations), Decimal("0.00"))


class BenefitCompensation(Base):
    __tablename__ = "benefit_compensation"
    __table_args__ = (
        ForeignKeyConstraint(
            ["area_id", "year"],
            ["benefit_compensation_set.area_id", "benefit_compensation_set.year"],
            ondelete="CASCADE",
        ),
        CheckConstraint("municipality_code ~ '^[0-9]{3}$'", name="code_three_digits"),
    )

    area_id: Mapped[str] = mapped_column(String(50), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    municipality_code: Mapped[str] = mapped_column(String(3), primary_key=True)
    amount_eur: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    source: Mapped[str] = mapped_column(Text)

"""Customer counts of an area by month, municipality, service line and segment."""

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseload.models.base import Base, one_of
from caseload.vocabulary import SERVICE_LINE_KEY_MAX_LENGTH, Segment


class CustomerMonth(Base):
    """One month's counts of an area, written as a whole: the unit of its ETag. `source`
    says where the counts come from, or for an estimate how it was made (DOMAIN.md §7)."""

    __tablename__ = "customer_month"
    __table_args__ = (CheckConstraint("extract(day from month) = 1", name="month_first_day"),)
    __mapper_args__ = {"eager_defaults": True}

    area_id: Mapped[str] = mapped_column(ForeignKey("area.id"), primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    source: Mapped[str | None] = mapped_column(Text)
    is_estimate: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    counts: Mapped[list["CustomerCount"]] = relationship(
        lazy="raise",
        order_by=lambda: [
            CustomerCount.municipality_code,
            CustomerCount.service_line,
            CustomerCount.segment,
        ],
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class CustomerCount(Base):
    __tablename__ = "customer_count"
    __table_args__ = (
        ForeignKeyConstraint(
            ["area_id", "month"],
            ["customer_month.area_id", "customer_month.month"],
            ondelete="CASCADE",
        ),
        CheckConstraint("municipality_code ~ '^[0-9]{3}$'", name="municipality_code_digits"),
        CheckConstraint(one_of("segment", Segment), name="segment_known"),
        CheckConstraint("customers >= 0", name="customers_not_negative"),
    )

    area_id: Mapped[str] = mapped_column(String(50), primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    municipality_code: Mapped[str] = mapped_column(String(3), primary_key=True)
    service_line: Mapped[str] = mapped_column(String(SERVICE_LINE_KEY_MAX_LENGTH), primary_key=True)
    segment: Mapped[str] = mapped_column(String(30), primary_key=True)
    customers: Mapped[int] = mapped_column(Integer)

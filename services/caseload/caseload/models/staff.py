"""Staff positions of an area: FTE, function, service line, office and origin."""

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
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from caseload.models.base import Base, one_of
from caseload.vocabulary import (
    FTE_DECIMALS,
    SERVICE_LINE_KEY_MAX_LENGTH,
    StaffFunction,
    StaffOrigin,
)


class StaffPosition(Base):
    """A position (no person needed: `name` is optional and shown to the area's writers only).

    Only customer service works in a service line; the line is not a foreign key, so that
    the area's lines are replaced as one list (the service refuses to drop a line in use).
    """

    __tablename__ = "staff_position"
    __table_args__ = (
        CheckConstraint("fte > 0 AND fte <= 1", name="fte_range"),
        CheckConstraint(one_of("function", StaffFunction), name="function_known"),
        CheckConstraint(one_of("origin", StaffOrigin), name="origin_known"),
        CheckConstraint(
            "(function = 'customer_service') = (service_line IS NOT NULL)",
            name="service_line_for_customer_service",
        ),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="period_ordered"),
        Index("ix_staff_position_area_id_id", "area_id", "id"),
        Index(
            "uq_staff_position_area_id_keha_position_id",
            "area_id",
            "keha_position_id",
            unique=True,
            postgresql_where=text("keha_position_id IS NOT NULL"),
        ),
    )
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    area_id: Mapped[str] = mapped_column(ForeignKey("area.id"))
    fte: Mapped[Decimal] = mapped_column(Numeric(4, FTE_DECIMALS))
    function: Mapped[str] = mapped_column(String(30))
    service_line: Mapped[str | None] = mapped_column(String(SERVICE_LINE_KEY_MAX_LENGTH))
    office_id: Mapped[int | None] = mapped_column(Integer)
    origin: Mapped[str] = mapped_column(String(30))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    name: Mapped[str | None] = mapped_column(String(200))
    # The national platform's id of a position from its staff transfer list (KEHA import).
    keha_position_id: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

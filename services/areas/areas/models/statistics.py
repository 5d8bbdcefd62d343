import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Computed,
    DateTime,
    ForeignKey,
    Index,
    Numeric,
    SmallInteger,
    String,
    Text,
    Uuid,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from areas.indicators import INDICATORS
from areas.models.base import Base, one_of
from areas.rules.periods import PERIOD_PATTERN


class Statistic(Base):
    """One figure of one municipality for one period, with where it came from."""

    __tablename__ = "statistic"
    __table_args__ = (
        CheckConstraint(one_of("indicator", INDICATORS), name="indicator_known"),
        CheckConstraint(f"period ~ '{PERIOD_PATTERN}'", name="period_month_or_year"),
        CheckConstraint("value >= 0", name="value_not_negative"),
        Index(
            "ix_statistic_indicator_municipality_period_key",
            "indicator",
            "municipality_code",
            "period_key",
            "period",
        ),
    )

    # Collation "C": byte order for these ASCII identifiers, cheap to compare (see migration).
    municipality_code: Mapped[str] = mapped_column(
        String(3, collation="C"), ForeignKey("municipality.code"), primary_key=True
    )
    indicator: Mapped[str] = mapped_column(String(40, collation="C"), primary_key=True)
    # `YYYY-MM` or `YYYY`.
    period: Mapped[str] = mapped_column(String(7, collation="C"), primary_key=True)
    # The month the period counts as when compared (areas.rules.periods): a year is its December.
    period_key: Mapped[str] = mapped_column(
        String(7, collation="C"),
        Computed("CASE WHEN length(period) = 4 THEN period || '-12' ELSE period END"),
    )
    value: Mapped[Decimal] = mapped_column(Numeric(16, 2))
    unit: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(String(2000))
    is_estimate: Mapped[bool] = mapped_column(Boolean)
    retrieved_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ReferenceVersion(Base):
    """A token that changes whenever statistics or borders change (triggers in migration
    0002): the formation check's per-process cache of that data is valid while it holds."""

    __tablename__ = "reference_version"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(
        SmallInteger, primary_key=True, autoincrement=False, server_default="1"
    )
    token: Mapped[uuid.UUID] = mapped_column(Uuid, server_default=text("gen_random_uuid()"))

"""Allocation runs: a pool split over municipalities by criteria, stored with its inputs."""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import CheckConstraint, DateTime, Identity, Integer, Numeric, String, Text, func
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from funding.models.base import Base
from funding.vocabulary import EURO_DIGITS, FUNDING_YEARS


class AllocationRun(Base):
    """Immutable once written: its inputs (`criteria`, `values`), where they came from
    (`label`, `source`) and the parts computed from them, as answered then."""

    __tablename__ = "allocation_run"
    __table_args__ = (
        CheckConstraint(
            f"year BETWEEN {FUNDING_YEARS[0]} AND {FUNDING_YEARS[1]}", name="year_range"
        ),
        CheckConstraint("pool_eur >= 0", name="pool_not_negative"),
    )
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    # The order runs are listed in (a cursor over it); ids are random.
    seq: Mapped[int] = mapped_column(Integer, Identity(), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    pool_eur: Mapped[Decimal] = mapped_column(Numeric(EURO_DIGITS, 2))
    total_eur: Mapped[Decimal] = mapped_column(Numeric(EURO_DIGITS, 2))
    criteria: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    values: Mapped[dict[str, dict[str, str]]] = mapped_column(JSONB)
    parts: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    label: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )

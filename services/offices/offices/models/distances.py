"""Road distances between municipalities: one row per unordered pair (DOMAIN.md §4)."""

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, DateTime, Float, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from offices.models.base import Base


class Distance(Base):
    """A pair's road distance and time, with its source; an estimate says how it was made.

    Symmetric: the pair is stored once, the smaller code first (`code_a < code_b`).
    Municipalities are the areas service's: referenced by code, not by a foreign key.
    """

    __tablename__ = "distance"
    __table_args__ = (
        CheckConstraint("code_a < code_b", name="pair_ordered"),
        CheckConstraint("code_a ~ '^[0-9]{3}$' AND code_b ~ '^[0-9]{3}$'", name="codes"),
        CheckConstraint("km >= 0 AND minutes >= 0", name="not_negative"),
        CheckConstraint("NOT is_estimate OR method IS NOT NULL", name="estimate_has_method"),
    )

    code_a: Mapped[str] = mapped_column(String(3), primary_key=True)
    code_b: Mapped[str] = mapped_column(String(3), primary_key=True)
    km: Mapped[float] = mapped_column(Float)
    minutes: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(Text)
    is_estimate: Mapped[bool] = mapped_column(Boolean, server_default="false")
    method: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )

"""The areas this service holds data for."""

import datetime as dt

from sqlalchemy import CheckConstraint, DateTime, String, func
from sqlalchemy.orm import Mapped, mapped_column

from partners.models.base import Base
from servicekit.auth import AREA_ID_PATTERN


class Area(Base):
    """An employment area (the areas service's id), recorded once the areas service confirmed
    it on the first write for it here; the area's cooperation, services and projects refer
    to it."""

    __tablename__ = "area"
    __table_args__ = (CheckConstraint(f"id ~ '{AREA_ID_PATTERN}'", name="id_slug"),)

    id: Mapped[str] = mapped_column(String(50), primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )

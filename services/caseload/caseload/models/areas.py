"""The areas this service holds data for, and their service lines with caseload targets."""

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseload.models.base import Base
from caseload.vocabulary import MAX_TARGET, SERVICE_LINE_KEY_MAX_LENGTH, SERVICE_LINE_KEY_PATTERN
from servicekit.auth import AREA_ID_PATTERN


class Area(Base):
    """An employment area (the areas service's id) once the areas service confirmed it, on
    the first write for it here. Its row is what writes to the area as a whole lock."""

    __tablename__ = "area"
    __table_args__ = (CheckConstraint(f"id ~ '{AREA_ID_PATTERN}'", name="id_slug"),)

    id: Mapped[str] = mapped_column(String(50), primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    service_lines: Mapped[list["ServiceLine"]] = relationship(
        lazy="raise", order_by="ServiceLine.position"
    )


class ServiceLine(Base):
    """A service line (palvelulinja) of an area and its caseload target, if it has one."""

    __tablename__ = "service_line"
    __table_args__ = (
        CheckConstraint(f"key ~ '{SERVICE_LINE_KEY_PATTERN}'", name="key_pattern"),
        CheckConstraint(
            f"target_customers_per_fte BETWEEN 1 AND {MAX_TARGET}", name="target_positive"
        ),
    )

    area_id: Mapped[str] = mapped_column(ForeignKey("area.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(SERVICE_LINE_KEY_MAX_LENGTH), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name_fi: Mapped[str] = mapped_column(String(200))
    target_customers_per_fte: Mapped[int | None] = mapped_column(Integer)

"""Places of service of an area (offices, local service points, mobile and online ones),
their opening hours and their leases."""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Double,
    ForeignKey,
    Identity,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from offices.models.base import Base, one_of
from offices.vocabulary import (
    FIXED_KINDS,
    LATITUDE_RANGE,
    LONGITUDE_RANGE,
    MAX_NOTICE_MONTHS,
    MUNICIPALITY_CODE_PATTERN,
    POSTAL_CODE_PATTERN,
    SERVICE_LINE_KEY_MAX_LENGTH,
    OfficeKind,
    OfficeStatus,
)
from servicekit.auth import AREA_ID_PATTERN


def _timestamp(*, onupdate: bool = False) -> Mapped[dt.datetime]:
    return mapped_column(
        DateTime(timezone=True),
        server_default=func.now(),
        onupdate=func.now() if onupdate else None,
    )


class Office(Base):
    """A place of service. Its id is the row's: the caseload service names offices by it.

    A fixed place (an office, a local service point) has an address and coordinates; a
    mobile or online one may have neither. The address is whole or absent, and so are the
    coordinates."""

    __tablename__ = "office"
    __table_args__ = (
        CheckConstraint(f"area_id ~ '{AREA_ID_PATTERN}'", name="area_id_slug"),
        CheckConstraint(one_of("kind", OfficeKind), name="kind_known"),
        CheckConstraint(one_of("status", OfficeStatus), name="status_known"),
        CheckConstraint(f"municipality_code ~ '{MUNICIPALITY_CODE_PATTERN}'", name="code_pattern"),
        CheckConstraint(f"postal_code ~ '{POSTAL_CODE_PATTERN}'", name="postal_code_pattern"),
        CheckConstraint(
            "(street IS NULL) = (postal_code IS NULL) AND (street IS NULL) = (post_office IS NULL)",
            name="address_whole",
        ),
        CheckConstraint("(lat IS NULL) = (lon IS NULL)", name="coordinates_whole"),
        CheckConstraint(
            f"lat BETWEEN {LATITUDE_RANGE[0]} AND {LATITUDE_RANGE[1]} "
            f"AND lon BETWEEN {LONGITUDE_RANGE[0]} AND {LONGITUDE_RANGE[1]}",
            name="coordinates_in_finland",
        ),
        CheckConstraint(
            f"NOT {one_of('kind', FIXED_KINDS)} OR (street IS NOT NULL AND lat IS NOT NULL)",
            name="fixed_place_located",
        ),
        CheckConstraint("closed_on IS NULL OR closed_on >= opened_on", name="period_ordered"),
        Index("ix_office_area_id_id", "area_id", "id"),
    )
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    area_id: Mapped[str] = mapped_column(String(50))
    kind: Mapped[str] = mapped_column(String(30))
    name: Mapped[dict[str, Any]] = mapped_column(JSONB)
    municipality_code: Mapped[str] = mapped_column(String(3))
    street: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(5))
    post_office: Mapped[str | None] = mapped_column(String(100))
    lat: Mapped[float | None] = mapped_column(Double)
    lon: Mapped[float | None] = mapped_column(Double)
    status: Mapped[str] = mapped_column(String(20))
    services: Mapped[list[str]] = mapped_column(
        ARRAY(String(SERVICE_LINE_KEY_MAX_LENGTH)), server_default=text("'{}'")
    )
    accessibility_notes: Mapped[str | None] = mapped_column(Text)
    ptv_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    opened_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = _timestamp()
    updated_at: Mapped[dt.datetime] = _timestamp(onupdate=True)


class OfficeHours(Base):
    """An office's weekly rules and dated exceptions, replaced as one (`PUT .../hours`);
    every office has one row, empty until hours are given."""

    __tablename__ = "office_hours"

    office_id: Mapped[int] = mapped_column(
        ForeignKey("office.id", ondelete="CASCADE"), primary_key=True
    )
    weekly: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, server_default=text("'[]'"))
    exceptions: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, server_default=text("'[]'"))
    updated_at: Mapped[dt.datetime] = _timestamp(onupdate=True)


class Lease(Base):
    """A lease of an office's premises (laki liikehuoneiston vuokrauksesta 482/1995): fixed
    term when it has an `end_date` (its last day), else until further notice."""

    __tablename__ = "lease"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="period_ordered"),
        CheckConstraint(
            f"tenant_notice_months BETWEEN 0 AND {MAX_NOTICE_MONTHS}", name="notice_range"
        ),
        CheckConstraint("rent_eur_month >= 0", name="rent_not_negative"),
        CheckConstraint("area_m2 > 0", name="area_positive"),
        Index("ix_lease_area_id_id", "area_id", "id"),
        Index("ix_lease_office_id_id", "office_id", "id"),
    )
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id", ondelete="CASCADE"))
    # The office's area, kept on the lease for the area's lists (upcoming, premises costs).
    area_id: Mapped[str] = mapped_column(String(50))
    landlord: Mapped[str] = mapped_column(String(200))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    tenant_notice_months: Mapped[int | None] = mapped_column(Integer)
    rent_eur_month: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    area_m2: Mapped[Decimal | None] = mapped_column(Numeric(8, 1))
    indexation: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = _timestamp()
    updated_at: Mapped[dt.datetime] = _timestamp(onupdate=True)

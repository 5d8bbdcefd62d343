"""An area's service inventory (palvelukartoitus, plan §8)."""

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    String,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from partners.models.base import Base, one_of
from partners.vocabulary import Channel, ServiceStatus, TargetGroup


def _subset(column: str, values: type[TargetGroup] | type[Channel]) -> str:
    return f"{column} <@ ARRAY[{', '.join(repr(str(v)) for v in values)}]::varchar[]"


class Service(Base):
    """A service, its provider (a partner, or a member municipality itself), whom it serves
    and where. It counts in the coverage on a day when it is `active` and the day is within
    its `valid_from`..`valid_to` (each open when absent)."""

    __tablename__ = "service"
    __table_args__ = (
        CheckConstraint(one_of("status", ServiceStatus), name="status_known"),
        CheckConstraint(_subset("target_groups", TargetGroup), name="target_groups_known"),
        CheckConstraint(_subset("channels", Channel), name="channels_known"),
        CheckConstraint(
            "(provider_partner_id IS NULL) <> (provider_municipality_code IS NULL)",
            name="one_provider",
        ),
        CheckConstraint(
            "valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from",
            name="period_ordered",
        ),
        Index("ix_service_area_id_id", "area_id", "id"),
        Index("ix_service_provider_partner_id", "provider_partner_id"),
    )
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    area_id: Mapped[str] = mapped_column(ForeignKey("area.id"))
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    provider_partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id"))
    provider_municipality_code: Mapped[str | None] = mapped_column(String(3))
    municipalities: Mapped[list[str]] = mapped_column(ARRAY(String(3)))
    target_groups: Mapped[list[str]] = mapped_column(ARRAY(String(30)))
    channels: Mapped[list[str]] = mapped_column(ARRAY(String(20)))
    status: Mapped[str] = mapped_column(String(20))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

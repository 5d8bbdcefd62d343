"""Employment areas, their membership over time and the exemptions granted to them."""

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
    text,
)
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column

from areas.models.base import Base, one_of
from areas.rules.formation import Criterion
from areas.vocabulary import SLUG_MAX_LENGTH, SLUG_PATTERN, OrganisationForm


class Area(Base):
    __tablename__ = "area"
    __table_args__ = (
        CheckConstraint(f"id ~ '{SLUG_PATTERN}'", name="id_slug"),
        CheckConstraint(
            one_of("organisation_form", OrganisationForm), name="organisation_form_known"
        ),
    )
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[str] = mapped_column(String(SLUG_MAX_LENGTH), primary_key=True)
    name_fi: Mapped[str] = mapped_column(String(200))
    name_sv: Mapped[str] = mapped_column(String(200))
    organisation_form: Mapped[str] = mapped_column(String(40))
    home_municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code"))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class AreaMembership(Base):
    """A municipality's membership of an area from `valid_from` to `valid_to` (both inclusive;
    no `valid_to`: open-ended). Ending a membership sets `valid_to`; the row stays as history."""

    __tablename__ = "area_membership"
    __table_args__ = (
        # Named here: the naming convention's column label would include the schema.
        Index("ix_area_membership_area_id", "area_id"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="period_ordered"),
        # DOMAIN.md §1: a municipality belongs to at most one area at a time. btree_gist is not
        # available to the service role (nor at all in the embedded server), so the equality
        # on the code is expressed as overlap of the one-value range [code, code], which the
        # built-in GiST range operator class supports.
        ExcludeConstraint(
            (text("int4range(municipality_code::integer, municipality_code::integer, '[]')"), "&&"),
            (text("daterange(valid_from, valid_to, '[]')"), "&&"),
            name="ex_area_membership_one_area_at_a_time",
            using="gist",
        ),
    )
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    area_id: Mapped[str] = mapped_column(ForeignKey("area.id"))
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code"))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class AreaExemption(Base):
    """A Government exemption (poikkeuslupa) from one criterion, valid over a period."""

    __tablename__ = "area_exemption"
    __table_args__ = (
        Index("ix_area_exemption_area_id", "area_id"),
        # Any criterion of law 380/2023 may be exempted by the Government (DOMAIN.md §1).
        CheckConstraint(one_of("criterion", Criterion), name="criterion_known"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="period_ordered"),
    )
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    area_id: Mapped[str] = mapped_column(ForeignKey("area.id"))
    criterion: Mapped[str] = mapped_column(String(40))
    decision_reference: Mapped[str] = mapped_column(String(200))
    decided_on: Mapped[dt.date] = mapped_column(Date)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )

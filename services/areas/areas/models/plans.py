"""Organisation-plan records: status, narrative sections and published snapshots."""

import datetime as dt
import json
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Identity,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from areas.models.base import Base, one_of
from areas.rules.plans import PlanStatus
from areas.vocabulary import PLAN_YEARS, SLUG_MAX_LENGTH, SLUG_PATTERN, SectionLanguage


class Plan(Base):
    """One organisation plan (järjestämissuunnitelma) of an area for a year."""

    __tablename__ = "plan"
    __table_args__ = (
        CheckConstraint(one_of("status", PlanStatus), name="status_known"),
        CheckConstraint(f"year BETWEEN {PLAN_YEARS[0]} AND {PLAN_YEARS[1]}", name="year_plausible"),
        UniqueConstraint("area_id", "year", name="uq_plan_area_id_year"),
    )
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    area_id: Mapped[str] = mapped_column(ForeignKey("area.id"))
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), server_default="draft")
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class PlanSection(Base):
    """A narrative section of a plan (Markdown), addressed by its key within the plan."""

    __tablename__ = "plan_section"
    __table_args__ = (
        CheckConstraint(f"key ~ '{SLUG_PATTERN}'", name="key_slug"),
        CheckConstraint(one_of("language", SectionLanguage), name="language_known"),
        UniqueConstraint("plan_id", "key", name="uq_plan_section_plan_id_key"),
    )
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"))
    key: Mapped[str] = mapped_column(String(SLUG_MAX_LENGTH))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class PlanSnapshot(Base):
    """A published, immutable JSON document of a plan.

    `canonical_document` holds exactly the bytes (UTF-8) whose SHA-256 is `sha256`, and a
    check constraint recomputes the hash. The migration adds a trigger that refuses UPDATE,
    DELETE and TRUNCATE on this table, so a snapshot cannot change even below the API.
    """

    __tablename__ = "plan_snapshot"
    __table_args__ = (
        UniqueConstraint("plan_id", "version", name="uq_plan_snapshot_plan_id_version"),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint(
            "sha256 = encode(sha256(convert_to(canonical_document, 'UTF8')), 'hex')",
            name="sha256_matches",
        ),
        CheckConstraint(
            "json_typeof(canonical_document::json) = 'object'", name="document_is_object"
        ),
        CheckConstraint(one_of("plan_status", PlanStatus), name="plan_status_known"),
    )
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"))
    version: Mapped[int] = mapped_column(Integer)
    canonical_document: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    plan_status: Mapped[str] = mapped_column(String(20))
    created_by: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )

    @property
    def document(self) -> dict[str, Any]:
        """The published JSON object, parsed from the stored canonical text."""
        document: dict[str, Any] = json.loads(self.canonical_document)
        return document

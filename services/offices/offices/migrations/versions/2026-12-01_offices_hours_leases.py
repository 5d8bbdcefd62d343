"""Offices and service points, their opening hours and their leases.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "offices"

# Kept in step with offices.vocabulary (a migration must not import models).
AREA_ID = "^[a-z0-9]+(-[a-z0-9]+)*$"
KINDS = "'office', 'local_service_point', 'mobile', 'online'"
FIXED_KINDS = "'office', 'local_service_point'"
STATUSES = "'planned', 'open', 'closed'"


def _timestamp(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False)


def _office_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["office_id"],
        [f"{SCHEMA}.office.id"],
        name=f"fk_{table}_office_id_office",
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "office",
        sa.Column("id", sa.Integer(), sa.Identity(), nullable=False),
        sa.Column("area_id", sa.String(50), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("name", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("municipality_code", sa.String(3), nullable=False),
        sa.Column("street", sa.String(200), nullable=True),
        sa.Column("postal_code", sa.String(5), nullable=True),
        sa.Column("post_office", sa.String(100), nullable=True),
        sa.Column("lat", sa.Double(), nullable=True),
        sa.Column("lon", sa.Double(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column(
            "services",
            postgresql.ARRAY(sa.String(50)),
            server_default=sa.text("'{}'"),
            nullable=False,
        ),
        sa.Column("accessibility_notes", sa.Text(), nullable=True),
        sa.Column("ptv_id", sa.Uuid(), nullable=True),
        sa.Column("opened_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.CheckConstraint(f"area_id ~ '{AREA_ID}'", name="ck_office_area_id_slug"),
        sa.CheckConstraint(f"kind IN ({KINDS})", name="ck_office_kind_known"),
        sa.CheckConstraint(f"status IN ({STATUSES})", name="ck_office_status_known"),
        sa.CheckConstraint("municipality_code ~ '^[0-9]{3}$'", name="ck_office_code_pattern"),
        sa.CheckConstraint("postal_code ~ '^[0-9]{5}$'", name="ck_office_postal_code_pattern"),
        sa.CheckConstraint(
            "(street IS NULL) = (postal_code IS NULL) AND (street IS NULL) = (post_office IS NULL)",
            name="ck_office_address_whole",
        ),
        sa.CheckConstraint("(lat IS NULL) = (lon IS NULL)", name="ck_office_coordinates_whole"),
        sa.CheckConstraint(
            "lat BETWEEN 59.5 AND 70.1 AND lon BETWEEN 19.0 AND 31.6",
            name="ck_office_coordinates_in_finland",
        ),
        sa.CheckConstraint(
            f"NOT kind IN ({FIXED_KINDS}) OR (street IS NOT NULL AND lat IS NOT NULL)",
            name="ck_office_fixed_place_located",
        ),
        sa.CheckConstraint(
            "closed_on IS NULL OR closed_on >= opened_on", name="ck_office_period_ordered"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_office"),
        schema=SCHEMA,
    )
    op.create_index("ix_office_area_id_id", "office", ["area_id", "id"], schema=SCHEMA)
    op.create_table(
        "office_hours",
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column(
            "weekly",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'"),
            nullable=False,
        ),
        sa.Column(
            "exceptions",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'"),
            nullable=False,
        ),
        _timestamp("updated_at"),
        _office_fk("office_hours"),
        sa.PrimaryKeyConstraint("office_id", name="pk_office_hours"),
        schema=SCHEMA,
    )
    _create_lease()


def _create_lease() -> None:
    op.create_table(
        "lease",
        sa.Column("id", sa.Integer(), sa.Identity(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.String(50), nullable=False),
        sa.Column("landlord", sa.String(200), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("tenant_notice_months", sa.Integer(), nullable=True),
        sa.Column("rent_eur_month", sa.Numeric(12, 2), nullable=False),
        sa.Column("area_m2", sa.Numeric(8, 1), nullable=True),
        sa.Column("indexation", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.CheckConstraint(
            "end_date IS NULL OR end_date >= start_date", name="ck_lease_period_ordered"
        ),
        sa.CheckConstraint("tenant_notice_months BETWEEN 0 AND 120", name="ck_lease_notice_range"),
        sa.CheckConstraint("rent_eur_month >= 0", name="ck_lease_rent_not_negative"),
        sa.CheckConstraint("area_m2 > 0", name="ck_lease_area_positive"),
        _office_fk("lease"),
        sa.PrimaryKeyConstraint("id", name="pk_lease"),
        schema=SCHEMA,
    )
    op.create_index("ix_lease_area_id_id", "lease", ["area_id", "id"], schema=SCHEMA)
    op.create_index("ix_lease_office_id_id", "lease", ["office_id", "id"], schema=SCHEMA)


def downgrade() -> None:
    op.drop_table("lease", schema=SCHEMA)
    op.drop_table("office_hours", schema=SCHEMA)
    op.drop_table("office", schema=SCHEMA)

"""Areas, partners with their full-text search vector, contacts, cooperation, the service
inventory and projects.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "partners"

# Kept in step with partners.vocabulary and partners.models (a migration must not import them).
AREA_ID = "^[a-z0-9]+(-[a-z0-9]+)*$"
BUSINESS_ID = "^[0-9]{7}-[0-9]$"
PARTNER_KINDS = (
    "education_provider",
    "wellbeing_services_county",
    "kela",
    "ely_centre",
    "keha_centre",
    "te_office",
    "municipality_unit",
    "development_company",
    "entrepreneur_association",
    "new_business_centre",
    "workshop",
    "ohjaamo",
    "association",
    "project",
    "employment_area",
    "state_agency",
    "regional_council",
    "company",
    "other",
)
COOPERATION_KINDS = (
    "agreement",
    "working_group",
    "joint_procurement",
    "network",
    "co_development",
    "letter_of_intent",
)
THEMES = (
    "youth",
    "immigration",
    "employer_services",
    "multi_sectoral",
    "structural_change",
    "training",
    "wellbeing",
    "international_recruitment",
    "change_security",
)
TARGET_GROUPS = (
    "jobseekers",
    "activation",
    "multi_sectoral",
    "integration",
    "career_guidance",
    "training",
    "job_alternation_leave",
    "start_up",
    "employers",
    "young_people",
    "outside_labour_force",
    "employed",
)
CHANNELS = ("in_person", "remote", "online")
STATUSES = ("active", "planned", "ended")
PROJECT_STATUSES = ("planned", "active", "ended")


def _one_of(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _subset(column: str, values: Sequence[str]) -> str:
    return f"{column} <@ ARRAY[{', '.join(repr(v) for v in values)}]::varchar[]"


def _weighted(column: str, weight: str) -> str:
    return " || ".join(
        f"setweight(jsonb_to_tsvector('{config}'::regconfig, {column}, '[\"string\"]'), '{weight}')"
        for config in ("finnish", "swedish", "simple")
    )


SEARCH_VECTOR = f"{_weighted('name', 'A')} || {_weighted('provided_services', 'B')}"


def _timestamps() -> list[sa.Column[object]]:
    return [
        sa.Column(name, sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False)
        for name in ("created_at", "updated_at")
    ]


def _area_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["area_id"], [f"{SCHEMA}.area.id"], name=f"fk_{table}_area_id_area"
    )


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), sa.Identity(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "area",
        sa.Column("id", sa.String(50), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(f"id ~ '{AREA_ID}'", name="ck_area_id_slug"),
        sa.PrimaryKeyConstraint("id", name="pk_area"),
        schema=SCHEMA,
    )
    _create_partner()
    _create_contact()
    _create_cooperation()
    _create_service()
    _create_project()


def _create_partner() -> None:
    op.create_table(
        "partner",
        _id(),
        sa.Column("name", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("municipalities", postgresql.ARRAY(sa.String(3)), nullable=False),
        sa.Column("business_id", sa.String(9), nullable=True),
        sa.Column("website", sa.String(500), nullable=True),
        sa.Column("ptv_id", sa.Uuid(), nullable=True),
        sa.Column("provided_services", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "search_vector",
            postgresql.TSVECTOR(),
            sa.Computed(SEARCH_VECTOR, persisted=True),
            nullable=False,
        ),
        *_timestamps(),
        sa.CheckConstraint(_one_of("kind", PARTNER_KINDS), name="ck_partner_kind_known"),
        sa.CheckConstraint(f"business_id ~ '{BUSINESS_ID}'", name="ck_partner_business_id_form"),
        sa.PrimaryKeyConstraint("id", name="pk_partner"),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_partner_search_vector",
        "partner",
        ["search_vector"],
        schema=SCHEMA,
        postgresql_using="gin",
    )
    op.create_index(
        "ix_partner_municipalities",
        "partner",
        ["municipalities"],
        schema=SCHEMA,
        postgresql_using="gin",
    )


def _create_contact() -> None:
    op.create_table(
        "contact",
        _id(),
        sa.Column("area_id", sa.String(50), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(200), nullable=True),
        sa.Column("email", sa.String(254), nullable=True),
        sa.Column("phone", sa.String(40), nullable=True),
        *_timestamps(),
        _area_fk("contact"),
        sa.ForeignKeyConstraint(
            ["partner_id"], [f"{SCHEMA}.partner.id"], name="fk_contact_partner_id_partner"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_contact"),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_contact_area_id_partner_id_id",
        "contact",
        ["area_id", "partner_id", "id"],
        schema=SCHEMA,
    )


def _create_cooperation() -> None:
    op.create_table(
        "cooperation",
        _id(),
        sa.Column("area_id", sa.String(50), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("themes", postgresql.ARRAY(sa.String(30)), nullable=False),
        sa.Column("partner_ids", postgresql.ARRAY(sa.Integer()), nullable=False),
        sa.Column("area_ids", postgresql.ARRAY(sa.String(50)), nullable=False),
        sa.Column("municipality_codes", postgresql.ARRAY(sa.String(3)), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("documents", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        *_timestamps(),
        sa.CheckConstraint(_one_of("kind", COOPERATION_KINDS), name="ck_cooperation_kind_known"),
        sa.CheckConstraint(_subset("themes", THEMES), name="ck_cooperation_themes_known"),
        sa.CheckConstraint(
            "valid_to IS NULL OR valid_to >= valid_from", name="ck_cooperation_period_ordered"
        ),
        _area_fk("cooperation"),
        sa.PrimaryKeyConstraint("id", name="pk_cooperation"),
        schema=SCHEMA,
    )
    op.create_index("ix_cooperation_area_id_id", "cooperation", ["area_id", "id"], schema=SCHEMA)
    op.create_index(
        "ix_cooperation_partner_ids",
        "cooperation",
        ["partner_ids"],
        schema=SCHEMA,
        postgresql_using="gin",
    )


def _create_service() -> None:
    op.create_table(
        "service",
        _id(),
        sa.Column("area_id", sa.String(50), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("provider_partner_id", sa.Integer(), nullable=True),
        sa.Column("provider_municipality_code", sa.String(3), nullable=True),
        sa.Column("municipalities", postgresql.ARRAY(sa.String(3)), nullable=False),
        sa.Column("target_groups", postgresql.ARRAY(sa.String(30)), nullable=False),
        sa.Column("channels", postgresql.ARRAY(sa.String(20)), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        *_timestamps(),
        sa.CheckConstraint(_one_of("status", STATUSES), name="ck_service_status_known"),
        sa.CheckConstraint(
            _subset("target_groups", TARGET_GROUPS), name="ck_service_target_groups_known"
        ),
        sa.CheckConstraint(_subset("channels", CHANNELS), name="ck_service_channels_known"),
        sa.CheckConstraint(
            "(provider_partner_id IS NULL) <> (provider_municipality_code IS NULL)",
            name="ck_service_one_provider",
        ),
        sa.CheckConstraint(
            "valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from",
            name="ck_service_period_ordered",
        ),
        _area_fk("service"),
        sa.ForeignKeyConstraint(
            ["provider_partner_id"],
            [f"{SCHEMA}.partner.id"],
            name="fk_service_provider_partner_id_partner",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_service"),
        schema=SCHEMA,
    )
    op.create_index("ix_service_area_id_id", "service", ["area_id", "id"], schema=SCHEMA)
    op.create_index(
        "ix_service_provider_partner_id", "service", ["provider_partner_id"], schema=SCHEMA
    )


def _create_project() -> None:
    op.create_table(
        "project",
        _id(),
        sa.Column("area_id", sa.String(50), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("funder", sa.String(200), nullable=True),
        sa.Column("funder_partner_id", sa.Integer(), nullable=True),
        sa.Column("amount_eur", sa.Numeric(14, 2), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("partner_ids", postgresql.ARRAY(sa.Integer()), nullable=False),
        sa.Column("themes", postgresql.ARRAY(sa.String(30)), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        *_timestamps(),
        sa.CheckConstraint(_one_of("status", PROJECT_STATUSES), name="ck_project_status_known"),
        sa.CheckConstraint(_subset("themes", THEMES), name="ck_project_themes_known"),
        sa.CheckConstraint("amount_eur >= 0", name="ck_project_amount_not_negative"),
        sa.CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
            name="ck_project_period_ordered",
        ),
        _area_fk("project"),
        sa.ForeignKeyConstraint(
            ["funder_partner_id"],
            [f"{SCHEMA}.partner.id"],
            name="fk_project_funder_partner_id_partner",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_project"),
        schema=SCHEMA,
    )
    op.create_index("ix_project_area_id_id", "project", ["area_id", "id"], schema=SCHEMA)
    op.create_index(
        "ix_project_partner_ids",
        "project",
        ["partner_ids"],
        schema=SCHEMA,
        postgresql_using="gin",
    )


def downgrade() -> None:
    for table in ("project", "service", "cooperation", "contact", "partner", "area"):
        op.drop_table(table, schema=SCHEMA)

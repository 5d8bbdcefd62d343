"""Employment areas, membership over time, exemptions and plan records.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "areas"

# Kept in step with areas.models (a migration must not import models).
ORGANISATION_FORMS = "'joint_municipal_authority', 'lead_municipality', 'single_municipality'"
EXEMPTION_CRITERIA = "'labour_force_minimum', 'contiguity', 'single_membership'"
PLAN_STATUSES = "'draft', 'submitted', 'approved'"
SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$"


def _timestamp(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    referred = target.partition(".")[0]
    return sa.ForeignKeyConstraint(
        [column], [f"{SCHEMA}.{target}"], name=f"fk_{table}_{column}_{referred}"
    )


def upgrade() -> None:
    _create_area()
    _create_area_membership()
    _create_area_exemption()
    _create_plan()
    _create_plan_section()
    _create_plan_snapshot()
    _make_snapshots_immutable()


def _create_area() -> None:
    op.create_table(
        "area",
        sa.Column("id", sa.String(50), nullable=False),
        sa.Column("name_fi", sa.String(200), nullable=False),
        sa.Column("name_sv", sa.String(200), nullable=False),
        sa.Column("organisation_form", sa.String(40), nullable=False),
        sa.Column("home_municipality_code", sa.String(3), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.CheckConstraint(f"id ~ '{SLUG}'", name="ck_area_id_slug"),
        sa.CheckConstraint(
            f"organisation_form IN ({ORGANISATION_FORMS})", name="ck_area_organisation_form_known"
        ),
        _fk("area", "home_municipality_code", "municipality.code"),
        sa.PrimaryKeyConstraint("id", name="pk_area"),
        schema=SCHEMA,
    )


def _create_area_membership() -> None:
    op.create_table(
        "area_membership",
        sa.Column("id", sa.Integer(), sa.Identity(), nullable=False),
        sa.Column("area_id", sa.String(50), nullable=False),
        sa.Column("municipality_code", sa.String(3), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.CheckConstraint(
            "valid_to IS NULL OR valid_to >= valid_from", name="ck_area_membership_period_ordered"
        ),
        _fk("area_membership", "area_id", "area.id"),
        _fk("area_membership", "municipality_code", "municipality.code"),
        sa.PrimaryKeyConstraint("id", name="pk_area_membership"),
        schema=SCHEMA,
    )
    op.create_index("ix_area_membership_area_id", "area_membership", ["area_id"], schema=SCHEMA)
    # A municipality is in one area at a time (DOMAIN.md §1). btree_gist is not available to
    # the service role, so "same code" is written as overlap of the range [code, code], which
    # the built-in GiST range operator class indexes.
    op.execute(
        f"ALTER TABLE {SCHEMA}.area_membership ADD CONSTRAINT "
        "ex_area_membership_one_area_at_a_time EXCLUDE USING gist ("
        "int4range(municipality_code::integer, municipality_code::integer, '[]') WITH &&, "
        "daterange(valid_from, valid_to, '[]') WITH &&)"
    )


def _create_area_exemption() -> None:
    op.create_table(
        "area_exemption",
        sa.Column("id", sa.Integer(), sa.Identity(), nullable=False),
        sa.Column("area_id", sa.String(50), nullable=False),
        sa.Column("criterion", sa.String(40), nullable=False),
        sa.Column("decision_reference", sa.String(200), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        _timestamp("created_at"),
        sa.CheckConstraint(
            f"criterion IN ({EXEMPTION_CRITERIA})", name="ck_area_exemption_criterion_known"
        ),
        sa.CheckConstraint(
            "valid_to IS NULL OR valid_to >= valid_from", name="ck_area_exemption_period_ordered"
        ),
        _fk("area_exemption", "area_id", "area.id"),
        sa.PrimaryKeyConstraint("id", name="pk_area_exemption"),
        schema=SCHEMA,
    )
    op.create_index("ix_area_exemption_area_id", "area_exemption", ["area_id"], schema=SCHEMA)


def _create_plan() -> None:
    op.create_table(
        "plan",
        sa.Column("id", sa.Integer(), sa.Identity(), nullable=False),
        sa.Column("area_id", sa.String(50), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("status", sa.String(20), server_default="draft", nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.CheckConstraint(f"status IN ({PLAN_STATUSES})", name="ck_plan_status_known"),
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name="ck_plan_year_plausible"),
        sa.UniqueConstraint("area_id", "year", name="uq_plan_area_id_year"),
        _fk("plan", "area_id", "area.id"),
        sa.PrimaryKeyConstraint("id", name="pk_plan"),
        schema=SCHEMA,
    )


def _create_plan_section() -> None:
    op.create_table(
        "plan_section",
        sa.Column("id", sa.Integer(), sa.Identity(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(50), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.CheckConstraint(f"key ~ '{SLUG}'", name="ck_plan_section_key_slug"),
        sa.CheckConstraint("language IN ('fi', 'sv', 'en')", name="ck_plan_section_language_known"),
        sa.UniqueConstraint("plan_id", "key", name="uq_plan_section_plan_id_key"),
        _fk("plan_section", "plan_id", "plan.id"),
        sa.PrimaryKeyConstraint("id", name="pk_plan_section"),
        schema=SCHEMA,
    )


def _create_plan_snapshot() -> None:
    op.create_table(
        "plan_snapshot",
        sa.Column("id", sa.Integer(), sa.Identity(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("canonical_document", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("plan_status", sa.String(20), nullable=False),
        sa.Column("created_by", sa.String(255), nullable=False),
        _timestamp("created_at"),
        sa.UniqueConstraint("plan_id", "version", name="uq_plan_snapshot_plan_id_version"),
        sa.CheckConstraint("version >= 1", name="ck_plan_snapshot_version_positive"),
        sa.CheckConstraint(
            "sha256 = encode(sha256(convert_to(canonical_document, 'UTF8')), 'hex')",
            name="ck_plan_snapshot_sha256_matches",
        ),
        sa.CheckConstraint(
            "json_typeof(canonical_document::json) = 'object'",
            name="ck_plan_snapshot_document_is_object",
        ),
        sa.CheckConstraint(
            f"plan_status IN ({PLAN_STATUSES})", name="ck_plan_snapshot_plan_status_known"
        ),
        _fk("plan_snapshot", "plan_id", "plan.id"),
        sa.PrimaryKeyConstraint("id", name="pk_plan_snapshot"),
        schema=SCHEMA,
    )


def _make_snapshots_immutable() -> None:
    op.execute(
        f"""
        CREATE FUNCTION {SCHEMA}.refuse_snapshot_change() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'plan snapshots are immutable: % refused', TG_OP
                USING ERRCODE = 'restrict_violation';
        END
        $$
        """
    )
    op.execute(
        f"CREATE TRIGGER plan_snapshot_immutable BEFORE UPDATE OR DELETE ON {SCHEMA}.plan_snapshot "
        f"FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.refuse_snapshot_change()"
    )
    op.execute(
        f"CREATE TRIGGER plan_snapshot_no_truncate BEFORE TRUNCATE ON {SCHEMA}.plan_snapshot "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {SCHEMA}.refuse_snapshot_change()"
    )


def downgrade() -> None:
    # DROP TABLE is not refused by the triggers: downgrading removes the whole record type.
    op.drop_table("plan_snapshot", schema=SCHEMA)
    op.execute(f"DROP FUNCTION {SCHEMA}.refuse_snapshot_change()")
    op.drop_table("plan_section", schema=SCHEMA)
    op.drop_table("plan", schema=SCHEMA)
    op.drop_index("ix_area_exemption_area_id", "area_exemption", schema=SCHEMA)
    op.drop_table("area_exemption", schema=SCHEMA)
    op.drop_index("ix_area_membership_area_id", "area_membership", schema=SCHEMA)
    op.drop_table("area_membership", schema=SCHEMA)
    op.drop_table("area", schema=SCHEMA)

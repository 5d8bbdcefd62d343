"""The money part: allocation runs, an area's subsidies per year, budgets and their versions.

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

# Kept in step with funding.vocabulary and funding.rules.budget (a migration must not import
# models).
BUDGET_CATEGORIES = (
    "'personnel', 'premises', 'ict', 'procured_services', 'change_security_reserve', 'other'"
)


def upgrade() -> None:
    op.create_table(
        "allocation_run",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("seq", sa.Integer(), sa.Identity(always=False), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("pool_eur", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("total_eur", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("criteria", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("values", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("parts", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("label", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=255), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("pool_eur >= 0", name=op.f("ck_allocation_run_pool_not_negative")),
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name=op.f("ck_allocation_run_year_range")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_allocation_run")),
        sa.UniqueConstraint("seq", name=op.f("uq_allocation_run_seq")),
        schema="funding",
    )
    op.create_table(
        "budget",
        sa.Column("id", sa.Integer(), sa.Identity(always=False), nullable=False),
        sa.Column("area_id", sa.String(length=50), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("cap_share", sa.Numeric(precision=5, scale=4), nullable=False),
        sa.Column("proposed_on", sa.Date(), nullable=True),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("amends_version", sa.Integer(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "status IN ('draft', 'proposed', 'approved')", name=op.f("ck_budget_status_known")
        ),
        sa.CheckConstraint(
            "cap_share > 0 AND cap_share <= 1", name=op.f("ck_budget_cap_share_range")
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_budget_version_positive")),
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name=op.f("ck_budget_year_range")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget")),
        sa.UniqueConstraint("area_id", "year", "version", name="uq_budget_area_year_version"),
        schema="funding",
    )
    op.create_table(
        "subsidy_set",
        sa.Column("area_id", sa.String(length=50), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name=op.f("ck_subsidy_set_year_range")),
        sa.PrimaryKeyConstraint("area_id", "year", name=op.f("pk_subsidy_set")),
        schema="funding",
    )
    op.create_table(
        "budget_line",
        sa.Column("budget_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("amount_eur", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint(
            f"category IN ({BUDGET_CATEGORIES})",
            name=op.f("ck_budget_line_category_known"),
        ),
        sa.CheckConstraint("amount_eur >= 0", name=op.f("ck_budget_line_amount_not_negative")),
        sa.ForeignKeyConstraint(
            ["budget_id"],
            ["funding.budget.id"],
            name=op.f("fk_budget_line_budget_id_budget"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("budget_id", "position", name=op.f("pk_budget_line")),
        schema="funding",
    )
    op.create_table(
        "budget_planning_year",
        sa.Column("budget_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("contributions_total_eur", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("expenditure_eur", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.CheckConstraint(
            "contributions_total_eur >= 0",
            name=op.f("ck_budget_planning_year_contributions_not_negative"),
        ),
        sa.CheckConstraint(
            "expenditure_eur >= 0", name=op.f("ck_budget_planning_year_expenditure_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["budget_id"],
            ["funding.budget.id"],
            name=op.f("fk_budget_planning_year_budget_id_budget"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("budget_id", "year", name=op.f("pk_budget_planning_year")),
        schema="funding",
    )
    op.create_table(
        "subsidy",
        sa.Column("area_id", sa.String(length=50), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.String(length=3), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("te_subsidy_eur", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("allocation_id", sa.UUID(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('preliminary_spring', 'final')", name=op.f("ck_subsidy_kind_known")
        ),
        sa.CheckConstraint("te_subsidy_eur >= 0", name=op.f("ck_subsidy_amount_not_negative")),
        sa.ForeignKeyConstraint(
            ["allocation_id"],
            ["funding.allocation_run.id"],
            name=op.f("fk_subsidy_allocation_id_allocation_run"),
        ),
        sa.ForeignKeyConstraint(
            ["area_id", "year"],
            ["funding.subsidy_set.area_id", "funding.subsidy_set.year"],
            name="fk_subsidy_subsidy_set",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "area_id", "year", "municipality_code", "kind", name=op.f("pk_subsidy")
        ),
        schema="funding",
    )
    op.create_index(
        "ix_subsidy_allocation_id", "subsidy", ["allocation_id"], unique=False, schema="funding"
    )


def downgrade() -> None:
    op.drop_index("ix_subsidy_allocation_id", table_name="subsidy", schema="funding")
    op.drop_table("subsidy", schema="funding")
    op.drop_table("budget_planning_year", schema="funding")
    op.drop_table("budget_line", schema="funding")
    op.drop_table("subsidy_set", schema="funding")
    op.drop_table("budget", schema="funding")
    op.drop_table("allocation_run", schema="funding")

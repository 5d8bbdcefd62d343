"""Areas with their service lines and targets, staff positions, customer counts by month,
and structural-change scenarios.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "caseload"

# Kept in step with caseload.vocabulary (a migration must not import models).
AREA_ID = "^[a-z0-9]+(-[a-z0-9]+)*$"
LINE_KEY = "^[a-z][a-z0-9]*(_[a-z0-9]+)*$"
FUNCTIONS = "'customer_service', 'common_services', 'management'"
ORIGINS = "'state_transfer', 'municipal', 'new_hire'"
SEGMENTS = "'all', 'long_term_unemployed', 'under_25', 'over_50', 'foreign_language'"
MAX_TARGET = 10_000


def _timestamp(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False)


def _area_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["area_id"], [f"{SCHEMA}.area.id"], name=f"fk_{table}_area_id_area"
    )


def upgrade() -> None:
    op.create_table(
        "area",
        sa.Column("id", sa.String(50), nullable=False),
        _timestamp("created_at"),
        sa.CheckConstraint(f"id ~ '{AREA_ID}'", name="ck_area_id_slug"),
        sa.PrimaryKeyConstraint("id", name="pk_area"),
        schema=SCHEMA,
    )
    op.create_table(
        "service_line",
        sa.Column("area_id", sa.String(50), nullable=False),
        sa.Column("key", sa.String(50), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name_fi", sa.String(200), nullable=False),
        sa.Column("target_customers_per_fte", sa.Integer(), nullable=True),
        sa.CheckConstraint(f"key ~ '{LINE_KEY}'", name="ck_service_line_key_pattern"),
        sa.CheckConstraint(
            f"target_customers_per_fte BETWEEN 1 AND {MAX_TARGET}",
            name="ck_service_line_target_positive",
        ),
        _area_fk("service_line"),
        sa.PrimaryKeyConstraint("area_id", "key", name="pk_service_line"),
        schema=SCHEMA,
    )
    _create_staff_position()
    _create_customer_counts()
    _create_scenarios()


def _create_staff_position() -> None:
    op.create_table(
        "staff_position",
        sa.Column("id", sa.Integer(), sa.Identity(), nullable=False),
        sa.Column("area_id", sa.String(50), nullable=False),
        sa.Column("fte", sa.Numeric(4, 3), nullable=False),
        sa.Column("function", sa.String(30), nullable=False),
        sa.Column("service_line", sa.String(50), nullable=True),
        sa.Column("office_id", sa.Integer(), nullable=True),
        sa.Column("origin", sa.String(30), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("name", sa.String(200), nullable=True),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.CheckConstraint("fte > 0 AND fte <= 1", name="ck_staff_position_fte_range"),
        sa.CheckConstraint(f"function IN ({FUNCTIONS})", name="ck_staff_position_function_known"),
        sa.CheckConstraint(f"origin IN ({ORIGINS})", name="ck_staff_position_origin_known"),
        sa.CheckConstraint(
            "(function = 'customer_service') = (service_line IS NOT NULL)",
            name="ck_staff_position_service_line_for_customer_service",
        ),
        sa.CheckConstraint(
            "end_date IS NULL OR end_date >= start_date", name="ck_staff_position_period_ordered"
        ),
        _area_fk("staff_position"),
        sa.PrimaryKeyConstraint("id", name="pk_staff_position"),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_staff_position_area_id_id", "staff_position", ["area_id", "id"], schema=SCHEMA
    )


def _create_customer_counts() -> None:
    op.create_table(
        "customer_month",
        sa.Column("area_id", sa.String(50), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("is_estimate", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        _timestamp("updated_at"),
        sa.CheckConstraint("extract(day from month) = 1", name="ck_customer_month_month_first_day"),
        _area_fk("customer_month"),
        sa.PrimaryKeyConstraint("area_id", "month", name="pk_customer_month"),
        schema=SCHEMA,
    )
    op.create_table(
        "customer_count",
        sa.Column("area_id", sa.String(50), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("municipality_code", sa.String(3), nullable=False),
        sa.Column("service_line", sa.String(50), nullable=False),
        sa.Column("segment", sa.String(30), nullable=False),
        sa.Column("customers", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "municipality_code ~ '^[0-9]{3}$'", name="ck_customer_count_municipality_code_digits"
        ),
        sa.CheckConstraint(f"segment IN ({SEGMENTS})", name="ck_customer_count_segment_known"),
        sa.CheckConstraint("customers >= 0", name="ck_customer_count_customers_not_negative"),
        sa.ForeignKeyConstraint(
            ["area_id", "month"],
            [f"{SCHEMA}.customer_month.area_id", f"{SCHEMA}.customer_month.month"],
            name="fk_customer_count_area_id_customer_month",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "area_id",
            "month",
            "municipality_code",
            "service_line",
            "segment",
            name="pk_customer_count",
        ),
        schema=SCHEMA,
    )


def _create_scenarios() -> None:
    op.create_table(
        "scenario",
        sa.Column("id", sa.Integer(), sa.Identity(), nullable=False),
        sa.Column("area_id", sa.String(50), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("base_month", sa.Date(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("annual_cost_per_fte_eur", sa.Numeric(12, 2), nullable=False),
        sa.Column("uniform_target", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(255), nullable=False),
        _timestamp("created_at"),
        sa.CheckConstraint("months BETWEEN 1 AND 36", name="ck_scenario_months_range"),
        sa.CheckConstraint("annual_cost_per_fte_eur >= 0", name="ck_scenario_cost_not_negative"),
        sa.CheckConstraint(
            f"uniform_target BETWEEN 1 AND {MAX_TARGET}", name="ck_scenario_uniform_target_range"
        ),
        sa.CheckConstraint(
            "extract(day from base_month) = 1", name="ck_scenario_base_month_first_day"
        ),
        _area_fk("scenario"),
        sa.PrimaryKeyConstraint("id", name="pk_scenario"),
        schema=SCHEMA,
    )
    op.create_index("ix_scenario_area_id", "scenario", ["area_id"], schema=SCHEMA)
    op.create_table(
        "scenario_change",
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.String(3), nullable=False),
        sa.Column("service_line", sa.String(50), nullable=False),
        sa.Column("customers", sa.Integer(), nullable=False),
        sa.Column("from_month", sa.Date(), nullable=False),
        sa.Column("to_month", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "municipality_code ~ '^[0-9]{3}$'", name="ck_scenario_change_municipality_code_digits"
        ),
        sa.CheckConstraint(
            "to_month IS NULL OR to_month >= from_month", name="ck_scenario_change_months_ordered"
        ),
        sa.ForeignKeyConstraint(
            ["scenario_id"],
            [f"{SCHEMA}.scenario.id"],
            name="fk_scenario_change_scenario_id_scenario",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("scenario_id", "position", name="pk_scenario_change"),
        schema=SCHEMA,
    )


def downgrade() -> None:
    for table in (
        "scenario_change",
        "scenario",
        "customer_count",
        "customer_month",
        "staff_position",
        "service_line",
        "area",
    ):
        op.drop_table(table, schema=SCHEMA)

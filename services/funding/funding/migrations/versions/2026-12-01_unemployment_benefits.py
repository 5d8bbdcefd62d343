"""The municipal share of unemployment benefits: the staircases (seeded), Kela's open data
as imported, and an area's compensation per member.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "funding"

# Kept in step with funding.rules.kela_file (a migration must not import the package).
PERIOD_TYPES = "'month', 'year_to_date'"
BENEFITS = "'labour_market_subsidy', 'basic_allowance', 'earnings_related_allowance', 'total'"
DAY_CLASSES = "'101-200', '201-300', '301-400', '401-700', '701-', 'total'"

# The staircases, copied from ../shared/reference/data/unemployment_staircase_2025.csv and
# unemployment_staircase_legacy.csv (DOMAIN.md §2): (from_day, to_day, municipal %, evidence).
STAIRCASE_2025_SOURCE = (
    "kela.fi news 29.5.2024 (billing from 1.1.2025; nothing for the first 100 days); "
    "joukohayrynen.blogspot.com 2025/08 citing kela.fi (the steps); the 10-40 % steps match "
    "Kela's published 2025 amounts (multiples of 10 % x 37.21 EUR/day); DOMAIN.md §2 [18][22]"
)
STAIRCASE_2025 = [
    (1, 100, 0, "Kela 29.5.2024: billing starts at 101 days"),
    (101, 200, 10, "blog citing kela.fi; consistent with Kela 2025 data (10 % x 37.21 EUR/day)"),
    (201, 300, 20, "blog citing kela.fi; consistent with Kela 2025 data (20 % x 37.21)"),
    (301, 400, 30, "blog citing kela.fi; consistent with Kela 2025 data (30 % x 37.21)"),
    (401, 700, 40, "blog citing kela.fi; consistent with Kela 2025 data (40 % x 37.21)"),
    (
        701,
        None,
        50,
        "blog citing kela.fi (class 701- appears only for työmarkkinatuki in Kela data)",
    ),
]
STAIRCASE_LEGACY_SOURCE = "kela.fi/tyomarkkinatuen-kuntarahoitus1; DOMAIN.md §2 [24]"
STAIRCASE_LEGACY = [
    (1, 300, 0, "days paid on grounds of unemployment; service days not counted"),
    (301, 1000, 50, "from the payment period after 300 days to the one in which 1000 is reached"),
    (1001, None, 70, "from the payment period after 1000 days"),
]
ALL_BENEFITS = ["labour_market_subsidy", "basic_allowance", "earnings_related_allowance"]


def _timestamp(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False)


def upgrade() -> None:
    _create_staircases()
    _seed_staircases()
    _create_kela_tables()
    _create_compensation_tables()


def _create_staircases() -> None:
    op.create_table(
        "benefit_staircase",
        sa.Column("key", sa.String(20), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("benefits", postgresql.ARRAY(sa.String(40)), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("is_default", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_benefit_staircase"),
        schema=SCHEMA,
    )
    op.create_table(
        "benefit_staircase_step",
        sa.Column("staircase_key", sa.String(20), nullable=False),
        sa.Column("from_day", sa.Integer(), nullable=False),
        sa.Column("to_day", sa.Integer(), nullable=True),
        sa.Column("municipal_share_pct", sa.Numeric(5, 2), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.CheckConstraint("from_day >= 1", name="ck_benefit_staircase_step_from_day_positive"),
        sa.CheckConstraint(
            "to_day IS NULL OR to_day >= from_day", name="ck_benefit_staircase_step_days_ordered"
        ),
        sa.CheckConstraint(
            "municipal_share_pct >= 0 AND municipal_share_pct <= 100",
            name="ck_benefit_staircase_step_share_a_percentage",
        ),
        sa.ForeignKeyConstraint(
            ["staircase_key"],
            [f"{SCHEMA}.benefit_staircase.key"],
            name="fk_benefit_staircase_step_staircase_key_benefit_staircase",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("staircase_key", "from_day", name="pk_benefit_staircase_step"),
        schema=SCHEMA,
    )


def _seed_staircases() -> None:
    staircase = sa.table(
        "benefit_staircase",
        sa.column("key"),
        sa.column("title"),
        sa.column("benefits", postgresql.ARRAY(sa.String())),
        sa.column("valid_from", sa.Date()),
        sa.column("valid_to", sa.Date()),
        sa.column("is_default"),
        sa.column("note"),
        sa.column("source"),
        schema=SCHEMA,
    )
    op.bulk_insert(
        staircase,
        [
            {
                "key": "2025",
                "title": "Municipal share from 1.1.2025 (law 380/2023 reform)",
                "benefits": ALL_BENEFITS,
                "valid_from": dt.date(2025, 1, 1),
                "valid_to": None,
                "is_default": True,
                "note": (
                    "Labour market subsidy, basic unemployment allowance and the basic-"
                    "allowance sized part of the earnings-related allowance; benefit days "
                    "during employment services count; days with another Kela benefit are "
                    "not billed."
                ),
                "source": STAIRCASE_2025_SOURCE,
            },
            {
                "key": "legacy",
                "title": "Municipal share of the labour market subsidy until 31.12.2024",
                "benefits": ["labour_market_subsidy"],
                "valid_from": None,
                "valid_to": dt.date(2024, 12, 31),
                "is_default": False,
                "note": (
                    "Labour market subsidy only: the basic and earnings-related allowances "
                    "cost the municipality nothing. Days are counted as the old rule counted "
                    "them (service days not), and each step is applied day by day, where "
                    "Kela moved a person to the next step from the next payment period."
                ),
                "source": STAIRCASE_LEGACY_SOURCE,
            },
        ],
    )
    step = sa.table(
        "benefit_staircase_step",
        sa.column("staircase_key"),
        sa.column("from_day"),
        sa.column("to_day"),
        sa.column("municipal_share_pct"),
        sa.column("evidence"),
        schema=SCHEMA,
    )
    rows = [("2025", *s) for s in STAIRCASE_2025] + [("legacy", *s) for s in STAIRCASE_LEGACY]
    op.bulk_insert(
        step,
        [
            {
                "staircase_key": key,
                "from_day": from_day,
                "to_day": to_day,
                "municipal_share_pct": pct,
                "evidence": evidence,
            }
            for key, from_day, to_day, pct, evidence in rows
        ],
    )


def _create_kela_tables() -> None:
    op.create_table(
        "kela_import",
        sa.Column("id", sa.Integer(), sa.Identity(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("source", sa.String(2000), nullable=False),
        sa.Column("imported_by", sa.String(255), nullable=False),
        _timestamp("imported_at"),
        sa.Column("byte_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("line_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("row_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("detail_row_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("subtotal_row_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("municipality_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("periods", postgresql.JSONB(), server_default="[]", nullable=False),
        sa.Column("municipal_share_eur", sa.Numeric(16, 2), server_default="0", nullable=False),
        sa.Column("day_class_groups", sa.Integer(), server_default="0", nullable=False),
        sa.Column("benefit_groups", sa.Integer(), server_default="0", nullable=False),
        sa.Column("checks_passed", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("mismatches", postgresql.JSONB(), server_default="[]", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_kela_import"),
        sa.UniqueConstraint("sha256", name="uq_kela_import_sha256"),
        schema=SCHEMA,
    )
    op.create_table(
        "kela_share_row",
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("period_type", sa.String(12), nullable=False),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("month", sa.SmallInteger(), nullable=False),
        sa.Column("municipality_code", sa.String(3), nullable=False),
        sa.Column("benefit", sa.String(30), nullable=False),
        sa.Column("day_class", sa.String(10), nullable=False),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.Column("municipal_share_eur", sa.Numeric(14, 2), nullable=False),
        sa.CheckConstraint(
            f"period_type IN ({PERIOD_TYPES})", name="ck_kela_share_row_period_type_known"
        ),
        sa.CheckConstraint(f"benefit IN ({BENEFITS})", name="ck_kela_share_row_benefit_known"),
        sa.CheckConstraint(
            f"day_class IN ({DAY_CLASSES})", name="ck_kela_share_row_day_class_known"
        ),
        sa.CheckConstraint("month BETWEEN 1 AND 12", name="ck_kela_share_row_month_valid"),
        sa.CheckConstraint("recipients >= 0", name="ck_kela_share_row_recipients_not_negative"),
        sa.ForeignKeyConstraint(
            ["import_id"],
            [f"{SCHEMA}.kela_import.id"],
            name="fk_kela_share_row_import_id_kela_import",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("import_id", "line", name="pk_kela_share_row"),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_kela_share_row_lookup",
        "kela_share_row",
        ["year", "municipality_code", "period_type", "month", "import_id"],
        schema=SCHEMA,
    )


def _create_compensation_tables() -> None:
    op.create_table(
        "benefit_compensation_set",
        sa.Column("area_id", sa.String(50), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        _timestamp("updated_at"),
        sa.PrimaryKeyConstraint("area_id", "year", name="pk_benefit_compensation_set"),
        schema=SCHEMA,
    )
    op.create_table(
        "benefit_compensation",
        sa.Column("area_id", sa.String(50), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.String(3), nullable=False),
        sa.Column("amount_eur", sa.Numeric(14, 2), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "municipality_code ~ '^[0-9]{3}$'", name="ck_benefit_compensation_code_three_digits"
        ),
        sa.ForeignKeyConstraint(
            ["area_id", "year"],
            [
                f"{SCHEMA}.benefit_compensation_set.area_id",
                f"{SCHEMA}.benefit_compensation_set.year",
            ],
            name="fk_benefit_compensation_area_id_benefit_compensation_set",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "area_id", "year", "municipality_code", name="pk_benefit_compensation"
        ),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("benefit_compensation", schema=SCHEMA)
    op.drop_table("benefit_compensation_set", schema=SCHEMA)
    op.drop_index("ix_kela_share_row_lookup", table_name="kela_share_row", schema=SCHEMA)
    op.drop_table("kela_share_row", schema=SCHEMA)
    op.drop_table("kela_import", schema=SCHEMA)
    op.drop_table("benefit_staircase_step", schema=SCHEMA)
    op.drop_table("benefit_staircase", schema=SCHEMA)

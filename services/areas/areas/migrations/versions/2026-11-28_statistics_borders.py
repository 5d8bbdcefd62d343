"""Municipal statistics with provenance, shared borders between municipalities, and the
version token of that reference data.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "areas"
REFERENCE_TABLES = ("statistic", "border")

# Kept in step with areas.indicators.INDICATORS (a migration must not import the code it
# migrates; test_statistics compares the migrated constraint with it).
INDICATORS = (
    "population",
    "working_age_population",
    "labour_force",
    "unemployed_jobseekers",
    "broad_unemployment",
    "jobseekers",
    "foreign_language_speakers",
    "employed",
    "workplaces",
    "companies",
)


# Codes, indicator names and periods are ASCII identifiers: the "C" collation compares them
# byte by byte, which is the order wanted (YYYY < YYYY-MM) and far cheaper per comparison
# than a locale's, where the formation check probes an index once per member.
Code = sa.String(3, collation="C")


def upgrade() -> None:
    indicator_list = ", ".join(f"'{name}'" for name in INDICATORS)
    op.create_table(
        "statistic",
        sa.Column("municipality_code", Code, nullable=False),
        sa.Column("indicator", sa.String(40, collation="C"), nullable=False),
        sa.Column("period", sa.String(7, collation="C"), nullable=False),
        sa.Column(
            "period_key",
            sa.String(7, collation="C"),
            sa.Computed(
                "CASE WHEN length(period) = 4 THEN period || '-12' ELSE period END", persisted=True
            ),
            nullable=False,
        ),
        sa.Column("value", sa.Numeric(16, 2), nullable=False),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("source_url", sa.String(2000), nullable=True),
        sa.Column("is_estimate", sa.Boolean(), nullable=False),
        sa.Column("retrieved_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"indicator IN ({indicator_list})", name="ck_statistic_indicator_known"),
        sa.CheckConstraint(
            "period ~ '^[0-9]{4}(-(0[1-9]|1[0-2]))?$'", name="ck_statistic_period_month_or_year"
        ),
        sa.CheckConstraint("value >= 0", name="ck_statistic_value_not_negative"),
        sa.ForeignKeyConstraint(
            ["municipality_code"],
            [f"{SCHEMA}.municipality.code"],
            name="fk_statistic_municipality_code_municipality",
        ),
        sa.PrimaryKeyConstraint("municipality_code", "indicator", "period", name="pk_statistic"),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_statistic_indicator_municipality_period_key",
        "statistic",
        # Scanned backwards, it answers "the latest figure at or before" with one probe.
        ["indicator", "municipality_code", "period_key", "period"],
        schema=SCHEMA,
    )
    op.create_table(
        "border",
        sa.Column("municipality_code", Code, nullable=False),
        sa.Column("neighbour_code", Code, nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.CheckConstraint("municipality_code <> neighbour_code", name="ck_border_not_self"),
        sa.ForeignKeyConstraint(
            ["municipality_code"],
            [f"{SCHEMA}.municipality.code"],
            name="fk_border_municipality_code_municipality",
        ),
        sa.ForeignKeyConstraint(
            ["neighbour_code"],
            [f"{SCHEMA}.municipality.code"],
            name="fk_border_neighbour_code_municipality",
        ),
        sa.PrimaryKeyConstraint("municipality_code", "neighbour_code", name="pk_border"),
        schema=SCHEMA,
    )

    _create_reference_version()


def _create_reference_version() -> None:
    """One row whose token changes with every statement that writes statistics or borders.

    The formation check caches this reference data per process and compares the token on
    each request: a statement-level trigger catches every writer, manual SQL included, and
    the token commits (or rolls back) with the data. A random token, not a counter, so a
    rolled-back change can never come back as the same version with other data.
    """
    op.create_table(
        "reference_version",
        sa.Column("id", sa.SmallInteger(), server_default="1", nullable=False),
        sa.Column("token", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.CheckConstraint("id = 1", name="ck_reference_version_single_row"),
        sa.PrimaryKeyConstraint("id", name="pk_reference_version"),
        schema=SCHEMA,
    )
    op.execute(f"INSERT INTO {SCHEMA}.reference_version DEFAULT VALUES")
    op.execute(
        f"""
        CREATE FUNCTION {SCHEMA}.renew_reference_version() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE {SCHEMA}.reference_version SET token = gen_random_uuid();
            RETURN NULL;
        END
        $$
        """
    )
    for table in REFERENCE_TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_renews_reference_version "
            f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {SCHEMA}.{table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {SCHEMA}.renew_reference_version()"
        )


def downgrade() -> None:
    for table in REFERENCE_TABLES:
        op.execute(f"DROP TRIGGER {table}_renews_reference_version ON {SCHEMA}.{table}")
    op.execute(f"DROP FUNCTION {SCHEMA}.renew_reference_version()")
    op.drop_table("reference_version", schema=SCHEMA)
    op.drop_table("border", schema=SCHEMA)
    op.drop_index("ix_statistic_indicator_municipality_period_key", "statistic", schema=SCHEMA)
    op.drop_table("statistic", schema=SCHEMA)

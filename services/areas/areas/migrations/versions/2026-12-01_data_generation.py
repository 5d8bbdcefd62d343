"""The data generation: one number every committed write advances (servicekit.generation).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from servicekit.generation import GENERATION_TABLE, generation_ddl

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "areas"


def upgrade() -> None:
    op.create_table(
        GENERATION_TABLE,
        sa.Column("id", sa.SmallInteger(), nullable=False),
        sa.Column("generation", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f(f"ck_{GENERATION_TABLE}_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{GENERATION_TABLE}")),
        schema=SCHEMA,
    )
    for statement in generation_ddl(SCHEMA):
        op.execute(statement)


def downgrade() -> None:
    op.execute(
        f"""
        DO $$
        DECLARE t text;
        BEGIN
            FOR t IN SELECT DISTINCT c.relname FROM pg_trigger g
                JOIN pg_class c ON c.oid = g.tgrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = '{SCHEMA}' AND g.tgname LIKE 'data_generation%'
            LOOP
                EXECUTE format('DROP TRIGGER data_generation ON {SCHEMA}.%I', t);
                EXECUTE format('DROP TRIGGER data_generation_truncate ON {SCHEMA}.%I', t);
            END LOOP;
        END
        $$
        """
    )
    op.execute(f"DROP FUNCTION {SCHEMA}.advance_data_generation()")
    op.drop_table(GENERATION_TABLE, schema=SCHEMA)

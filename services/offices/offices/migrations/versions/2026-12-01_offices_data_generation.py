"""The data generation: one number every committed write advances (servicekit.generation).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from servicekit.generation import GENERATION_TABLE, generation_ddl

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "offices"


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
    op.execute(f"DROP FUNCTION {SCHEMA}.track_changes(text)")
    # CASCADE: with the function go the triggers on every table that run it.
    op.execute(f"DROP FUNCTION {SCHEMA}.advance_data_generation() CASCADE")
    op.drop_table(GENERATION_TABLE, schema=SCHEMA)

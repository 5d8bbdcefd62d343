"""The data generation.

Revision ID: s002
Revises: s001
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from servicekit.generation import GENERATION_TABLE, generation_ddl

revision: str = "s002"
down_revision: str | None = "s001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "sk_sample"


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

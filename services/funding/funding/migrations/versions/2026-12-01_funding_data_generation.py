"""The data generation: one number every committed write advances (servicekit.generation).

`kela_share_row` gets the same per-row deferred trigger as every other table, though a Kela
import COPYs ~150,000 rows in one transaction: queued and fired at commit, that costs
0.13-0.24 s of a 3-4 s import and 2 MB of the backend's memory (bench/README.md, the Kela
import), and the generation row's lock is still taken only at commit. A statement-level
trigger would take that lock at the first COPY and hold it through the rest of the import,
stalling every other funding commit meanwhile.

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

SCHEMA = "funding"


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

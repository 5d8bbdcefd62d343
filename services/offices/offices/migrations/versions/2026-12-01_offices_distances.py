"""Road distances between municipalities, one row per unordered pair.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "offices"


def upgrade() -> None:
    op.create_table(
        "distance",
        sa.Column("code_a", sa.String(3), nullable=False),
        sa.Column("code_b", sa.String(3), nullable=False),
        sa.Column("km", sa.Float(), nullable=False),
        sa.Column("minutes", sa.Float(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("is_estimate", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("method", sa.Text(), nullable=True),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint("code_a < code_b", name="ck_distance_pair_ordered"),
        sa.CheckConstraint(
            "code_a ~ '^[0-9]{3}$' AND code_b ~ '^[0-9]{3}$'", name="ck_distance_codes"
        ),
        sa.CheckConstraint("km >= 0 AND minutes >= 0", name="ck_distance_not_negative"),
        sa.CheckConstraint(
            "NOT is_estimate OR method IS NOT NULL", name="ck_distance_estimate_has_method"
        ),
        sa.PrimaryKeyConstraint("code_a", "code_b", name="pk_distance"),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("distance", schema=SCHEMA)

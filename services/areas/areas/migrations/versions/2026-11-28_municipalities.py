"""Municipalities and idempotency keys.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "areas"


def upgrade() -> None:
    op.create_table(
        "municipality",
        sa.Column("code", sa.String(3), nullable=False),
        sa.Column("name_fi", sa.String(100), nullable=False),
        sa.Column("name_sv", sa.String(100), nullable=False),
        sa.Column("region", sa.String(100), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.CheckConstraint("code ~ '^[0-9]{3}$'", name="ck_municipality_code_three_digits"),
        sa.CheckConstraint(
            "lat IS NULL OR lat BETWEEN 59.5 AND 70.1", name="ck_municipality_lat_in_finland"
        ),
        sa.CheckConstraint(
            "lon IS NULL OR lon BETWEEN 19.0 AND 31.6", name="ck_municipality_lon_in_finland"
        ),
        sa.PrimaryKeyConstraint("code", name="pk_municipality"),
        schema=SCHEMA,
    )
    op.create_table(
        "idempotency_key",
        sa.Column("principal", sa.String(255), nullable=False),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("headers", postgresql.JSONB(), nullable=True),
        sa.Column("body", sa.LargeBinary(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("principal", "key", name="pk_idempotency_key"),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("idempotency_key", schema=SCHEMA)
    op.drop_table("municipality", schema=SCHEMA)

"""Idempotency keys scoped by principal, method, route and area.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "areas"
TABLE = "idempotency_key"
SCOPE = ("method", "route", "area")


def upgrade() -> None:
    # A stored answer is a 24-hour replay cache; one kept without its route and area could
    # not be matched safely, so the old ones go (a retry then runs as a new request).
    op.execute(f"DELETE FROM {SCHEMA}.{TABLE}")
    op.drop_constraint("pk_idempotency_key", TABLE, schema=SCHEMA, type_="primary")
    op.add_column(TABLE, sa.Column("method", sa.String(10), nullable=False), schema=SCHEMA)
    op.add_column(TABLE, sa.Column("route", sa.String(255), nullable=False), schema=SCHEMA)
    op.add_column(TABLE, sa.Column("area", sa.String(255), nullable=False), schema=SCHEMA)
    op.create_primary_key("pk_idempotency_key", TABLE, ["principal", *SCOPE, "key"], schema=SCHEMA)


def downgrade() -> None:
    op.execute(f"DELETE FROM {SCHEMA}.{TABLE}")
    op.drop_constraint("pk_idempotency_key", TABLE, schema=SCHEMA, type_="primary")
    for column in SCOPE:
        op.drop_column(TABLE, column, schema=SCHEMA)
    op.create_primary_key("pk_idempotency_key", TABLE, ["principal", "key"], schema=SCHEMA)

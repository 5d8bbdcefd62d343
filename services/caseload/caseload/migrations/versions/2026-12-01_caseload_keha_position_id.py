"""Staff positions keep the national platform's id of a transferred position.

The KEHA staff transfer list names each position by the platform's id; importing the
list again finds the position by it (an import is idempotent), so the id is unique in
an area.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "caseload"


def upgrade() -> None:
    op.add_column("staff_position", sa.Column("keha_position_id", sa.String(100)), schema=SCHEMA)
    op.create_index(
        "uq_staff_position_area_id_keha_position_id",
        "staff_position",
        ["area_id", "keha_position_id"],
        unique=True,
        schema=SCHEMA,
        postgresql_where=sa.text("keha_position_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("uq_staff_position_area_id_keha_position_id", "staff_position", schema=SCHEMA)
    op.drop_column("staff_position", "keha_position_id", schema=SCHEMA)

"""Row-level security on the area-owned tables, and the audit trail of their writes
(servicekit.tenancy, servicekit.audit).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import op

from servicekit.audit import area_data_ddl, drop_area_data_ddl
from servicekit.tenancy import Parent

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "offices"
# An office and its lease carry their area; its opening hours are the office's. Distances
# between municipalities belong to no area.
TABLES = ["office", "lease"]
CHILDREN = {"office_hours": Parent("office", "office_id")}


def upgrade() -> None:
    for statement in area_data_ddl(SCHEMA, tables=TABLES, children=CHILDREN):
        op.execute(statement)


def downgrade() -> None:
    for statement in drop_area_data_ddl(SCHEMA, tables=[*TABLES, *CHILDREN]):
        op.execute(statement)
